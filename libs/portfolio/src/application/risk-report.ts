import { formatUnits } from '@lib/kernel';
import { HISTORY_ORIGINS, HistorySeries } from '@lib/market';
import {
  DailyCloses,
  Exposure,
  ExposureGroup,
  ExposureTotals,
  InsufficientHistoryReason,
  LevelPair,
  MIN_RISK_RETURNS,
  STATISTIC_DECIMALS,
  VALUATION_CURRENCY,
  VALUATION_DECIMALS,
  exposureGroups,
  exposureTotals,
  formatStatistic,
  formatValuation,
  insufficiency,
  riskMetrics,
  simulatePnl,
} from '../domain';
import { CurrentExposures } from './risk-exposures';
import { ExposureTotalsView, LevelPairView, RiskFiguresView, RiskHistoryView, RiskView } from './risk-views';

/** Everything one answer of GET /portfolio/risk is computed from, loaded at one moment. */
export interface RiskReportInput {
  readonly asOf: Date;
  readonly days: number;
  readonly fromMs: number;
  readonly toMs: number;
  /** Valuation units (10^-6 USDT), as GET /portfolio totals.equity. */
  readonly equity: bigint;
  readonly current: CurrentExposures;
  /** The daily history of every exposure's market and of the benchmark. */
  readonly history: ReadonlyMap<string, HistorySeries>;
  readonly benchmark: string | null;
}

export function dailyCloses(series: HistorySeries): DailyCloses {
  const closes = new Map<number, bigint>();
  for (let i = 0; i < series.openTime.length; i++) closes.set(series.openTime[i]!, series.close[i]!);
  return { market: series.symbol, priceScale: series.priceScale, closes };
}

function historyView(symbol: string, series: HistorySeries): RiskHistoryView {
  const counts = [0, 0, 0];
  for (const code of series.origin) counts[code] = (counts[code] ?? 0) + 1;
  const origins = Object.fromEntries(HISTORY_ORIGINS.map((o, code) => [o, counts[code] ?? 0])) as unknown as RiskHistoryView['origins'];
  return { symbol, candles: series.openTime.length, origins, synthetic: origins.SYNTHETIC > 0 };
}

function reasonMessage(code: InsufficientHistoryReason, returns: number): string {
  return code === 'NO_EQUITY'
    ? 'The equity is zero or negative: returns (P&L / equity) are undefined, no figure is computed.'
    : `${returns} daily returns in the window, ${MIN_RISK_RETURNS} needed.`;
}

const pair = (p: LevelPair<bigint>): LevelPairView => ({ p95: formatValuation(p.p95), p99: formatValuation(p.p99) });
const totals = (t: ExposureTotals): ExposureTotalsView => ({ gross: formatValuation(t.gross), long: formatValuation(t.long), short: formatValuation(t.short), net: formatValuation(t.net) });
const share = (g: ExposureGroup) => (g.share === null ? null : formatUnits(g.share, STATISTIC_DECIMALS));

function byMarket(exposures: readonly Exposure[]) {
  const rows = new Map(exposures.map((e) => [e.market, e]));
  return exposureGroups(exposures, (e) => e.market, STATISTIC_DECIMALS).map((g) => {
    const e = rows.get(g.key)!;
    return {
      symbol: e.market,
      kind: e.kind,
      asset: e.asset,
      quantity: formatUnits(e.quantity, e.quantityDecimals),
      mark: formatUnits(e.mark, e.priceScale),
      ...totals(g),
      share: share(g),
    };
  });
}

/** The answer of GET /portfolio/risk from what the handler loaded (pure). */
export function riskReport(input: RiskReportInput): RiskView {
  const { exposures, cash, excluded } = input.current;
  const closes = new Map([...input.history].map(([symbol, series]) => [symbol, dailyCloses(series)]));
  const simulated = simulatePnl(exposures, closes, input.benchmark, VALUATION_DECIMALS);
  const returns = simulated.pnl.length;
  const code = insufficiency(returns, input.equity);
  let figures: RiskFiguresView | null = null;
  if (code === null) {
    const equity = input.equity * 10n ** BigInt(simulated.scale - VALUATION_DECIMALS);
    const m = riskMetrics({ pnl: simulated.pnl, scale: simulated.scale, equity, benchmarkReturns: simulated.benchmarkReturns, decimals: VALUATION_DECIMALS });
    figures = {
      meanDailyReturn: formatStatistic(m.meanDailyReturn)!,
      dailyVolatility: formatStatistic(m.dailyVolatility)!,
      valueAtRisk: { historical: pair(m.historicalVar), parametric: pair(m.parametricVar) },
      expectedShortfall: pair(m.expectedShortfall),
      sharpe: formatStatistic(m.sharpe),
      sortino: formatStatistic(m.sortino),
      maxDrawdown: formatValuation(m.maxDrawdown),
      maxDrawdownRatio: formatStatistic(m.maxDrawdownRatio)!,
      beta: formatStatistic(m.beta),
    };
  }
  const history = [...input.history].map(([symbol, series]) => historyView(symbol, series)).sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0));
  return {
    valuationCurrency: VALUATION_CURRENCY,
    asOf: input.asOf.toISOString(),
    window: { days: input.days, from: new Date(input.fromMs).toISOString(), to: new Date(input.toMs).toISOString() },
    equity: formatValuation(input.equity),
    cash: formatValuation(cash),
    returns,
    insufficientHistory: code !== null,
    reason: code === null ? null : { code, message: reasonMessage(code, returns) },
    figures,
    exposure: {
      ...totals(exposureTotals(exposures)),
      byAsset: exposureGroups(exposures, (e) => e.asset, STATISTIC_DECIMALS).map((g) => ({ asset: g.key, ...totals(g), share: share(g) })),
      byMarket: byMarket(exposures),
    },
    benchmark: input.benchmark,
    history,
    syntheticHistory: history.filter((h) => h.synthetic).map((h) => h.symbol),
    excluded,
  };
}
