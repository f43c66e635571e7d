import { formatUnits } from '@lib/kernel';
import type { Instrument } from '@lib/market';
import { BacktestMetrics, MAX_TRADES_KEPT, Trade } from '../domain';
import type { BacktestOutcome, RunOutcome } from './ports/backtest-engine.port';
import type { BacktestStatus, StoredRun } from './ports/backtest-run.repository.port';
import type { BacktestRequest } from './backtest-request';

/**
 * The domain's metrics on the wire: its money (bigint, in the quote asset's
 * units) as decimal strings at the market's scale; ratios and counts as they
 * are (ratios: 8-decimal strings, docs/analytics.md).
 */
export type MetricsView = { readonly [K in keyof BacktestMetrics]: BacktestMetrics[K] extends bigint ? string : BacktestMetrics[K] };

export interface TradeView {
  readonly side: 'LONG' | 'SHORT';
  readonly entryTime: string;
  readonly entryPrice: string;
  readonly exitTime: string | null;
  readonly exitPrice: string | null;
  readonly quantity: string;
  readonly fees: string;
  readonly funding: string;
  readonly pnl: string;
}

export interface RunView {
  readonly metrics: MetricsView;
  /** In order; the first MAX_TRADES_KEPT (20,000) only when there were more (`tradesTruncated`; the metrics count all). */
  readonly trades: readonly TradeView[];
  readonly tradesTruncated: boolean;
  /** Equity at the candles' closes, at most ~1,000 points (evenly spaced candles; the first is the start, the last the end). */
  readonly equityCurve: readonly { readonly time: string; readonly equity: string }[];
}

export interface BacktestResultView {
  readonly candles: number;
  /** Candles by origin (docs/analytics.md): synthetic history is marked as such. */
  readonly origin: { readonly synthetic: number; readonly live: number; readonly imported: number };
  readonly firstCandle: string;
  readonly lastCandle: string;
  readonly strategy: RunView;
  readonly benchmark: RunView;
}

export interface BacktestView {
  readonly id: string;
  readonly status: BacktestStatus;
  /** 0..100. */
  readonly progress: number;
  readonly request: BacktestRequest;
  /** DONE only; the list leaves it out (null). */
  readonly result: BacktestResultView | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly createdAt: string;
  readonly startedAt: string | null;
  readonly finishedAt: string | null;
}

export interface BacktestPage {
  readonly items: readonly BacktestView[];
  readonly nextCursor: string | null;
}

export function backtestViewOf(run: StoredRun): BacktestView {
  return {
    id: run.id,
    status: run.status,
    progress: run.progress,
    request: run.request,
    result: (run.result as BacktestResultView | null) ?? null,
    error: run.errorCode === null ? null : { code: run.errorCode, message: run.error ?? '' },
    createdAt: run.createdAt.toISOString(),
    startedAt: run.startedAt?.toISOString() ?? null,
    finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

type Candles = Omit<BacktestResultView, 'strategy' | 'benchmark'>;

export function resultViewOf(outcome: BacktestOutcome, market: Instrument, candles: Candles): BacktestResultView {
  return { ...candles, strategy: runViewOf(outcome.strategy, market), benchmark: runViewOf(outcome.benchmark, market) };
}

function runViewOf(run: RunOutcome, market: Instrument): RunView {
  const quote = (units: bigint) => formatUnits(units, market.quoteDecimals);
  const m = run.metrics;
  return {
    metrics: {
      ...m,
      initialCapital: quote(m.initialCapital),
      finalEquity: quote(m.finalEquity),
      pnl: quote(m.pnl),
      fees: quote(m.fees),
      funding: quote(m.funding),
    },
    trades: run.trades.map((t) => tradeViewOf(t, market)),
    tradesTruncated: m.trades > MAX_TRADES_KEPT,
    equityCurve: run.equityCurve.map((p) => ({ time: new Date(p.time).toISOString(), equity: quote(p.equity) })),
  };
}

function tradeViewOf(t: Trade, market: Instrument): TradeView {
  const price = (units: bigint) => formatUnits(units, market.priceScale);
  const quote = (units: bigint) => formatUnits(units, market.quoteDecimals);
  return {
    side: t.side,
    entryTime: new Date(t.entryTime).toISOString(),
    entryPrice: price(t.entryPrice),
    exitTime: t.exitTime === null ? null : new Date(t.exitTime).toISOString(),
    exitPrice: t.exitPrice === null ? null : price(t.exitPrice),
    quantity: formatUnits(t.quantity, market.quantityScale),
    fees: quote(t.fees),
    funding: quote(t.funding),
    pnl: quote(t.pnl),
  };
}
