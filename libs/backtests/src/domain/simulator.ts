import { Exposure, Strategy } from './strategies';
import { MarketRules, PPM, feeOf, fillPrice, quantityFor } from './fills';
import { CandleColumns, DAY_MS, EquityPoint, FundingCharge, MAX_CURVE_POINTS, MAX_TRADES_KEPT, SimulationOutcome, SimulationSettings, Trade } from './simulation';

const RATE_E8 = 100_000_000n;

export interface SimulationHooks {
  /** Called with 1..100 as the candles are read (once per percent). */
  readonly onProgress?: (percent: number) => void;
  /** Perpetuals: settled funding times, ascending. */
  readonly funding?: readonly FundingCharge[];
}

interface OpenTrade {
  side: 1 | -1;
  entryTime: number;
  entryPrice: bigint;
  quantity: bigint;
  entryNotional: bigint;
  fees: bigint;
  funding: bigint;
}

/**
 * Runs a strategy over candles (docs/analytics.md, "Backtests"). For each candle i: the order the
 * strategy asked for at candle i-1's close fills at candle i's open (moved by the slippage, on the
 * tick, against the trader; the taker fee on its notional, rounded up); funding times within the
 * candle are paid by the position held; the equity is valued at the close; then the strategy is shown
 * that close, and only it. A change of its answer is the order for candle i+1's open: the strategy
 * never sees a candle before its own decision for it has been filled.
 * Money is exact (bigint): cash, plus an open position's (close - entry) x quantity (sign by side).
 */
export function simulate(candles: CandleColumns, rules: MarketRules, settings: SimulationSettings, strategy: Strategy, hooks: SimulationHooks = {}): SimulationOutcome {
  const { openTime, open, close } = candles;
  const n = openTime.length;
  if (n === 0) throw new RangeError('no candles');
  const perp = rules.kind === 'PERPETUAL';
  const shift = rules.quoteDecimals - rules.priceScale - rules.quantityScale;
  if (shift < 0) throw new RangeError('priceScale + quantityScale exceed the quote decimals');
  const unit = 10n ** BigInt(shift);
  const funding = hooks.funding ?? [];
  const stride = Math.max(1, Math.ceil(n / MAX_CURVE_POINTS));

  let cash = settings.initialCapital;
  let pos: OpenTrade | null = null;
  let target: Exposure = 0;
  let pending: Exposure | null = null;
  let ruined = false;
  const trades: Trade[] = [];
  let tradeCount = 0;
  let closedTrades = 0;
  let winning = 0;
  let grossProfit = 0n;
  let grossLoss = 0n;
  let fees = 0n;
  let fundingTotal = 0n;
  let skipped = 0;
  let inPosition = 0;
  let peak = Number(settings.initialCapital);
  let maxDrawdown = 0;
  let nextFunding = 0;
  let percent = 0;
  const curve: EquityPoint[] = [{ time: openTime[0]!, equity: settings.initialCapital }];
  const daily: bigint[] = [];

  const closeTrade = (t: OpenTrade, at: number, price: bigint, final: boolean): void => {
    const exitNotional = price * t.quantity * unit;
    const fee = final ? 0n : feeOf(exitNotional, settings.feePpm);
    const gross = t.side === 1 ? exitNotional - t.entryNotional : t.entryNotional - exitNotional;
    const pnl = gross - t.fees - fee + t.funding;
    if (!final) {
      cash += gross - fee;
      fees += fee;
      closedTrades++;
      if (pnl > 0n) {
        winning++;
        grossProfit += pnl;
      } else if (pnl < 0n) grossLoss -= pnl;
    }
    if (trades.length < MAX_TRADES_KEPT) {
      trades.push({
        side: t.side === 1 ? 'LONG' : 'SHORT',
        entryTime: t.entryTime,
        entryPrice: t.entryPrice,
        exitTime: final ? null : at,
        exitPrice: final ? null : price,
        quantity: t.quantity,
        fees: t.fees + fee,
        funding: t.funding,
        pnl,
      });
    }
  };

  for (let i = 0; i < n; i++) {
    const time = openTime[i]!;
    if (pending !== null) {
      const want: Exposure = pending;
      pending = null;
      if (pos !== null && pos.side !== want) {
        closeTrade(pos, time, fillPrice(rules, open[i]!, pos.side === -1, settings.slippageBps), false);
        pos = null;
      }
      if (pos === null && want !== 0 && !ruined) {
        const price = fillPrice(rules, open[i]!, want === 1, settings.slippageBps);
        const budget = settings.sizing.kind === 'ALL_IN' ? cash : (cash * settings.sizing.ppm) / PPM;
        const quantity = quantityFor(rules, budget, price, settings.feePpm);
        if (quantity === 0n) skipped++;
        else {
          const entryNotional = price * quantity * unit;
          const fee = feeOf(entryNotional, settings.feePpm);
          cash -= fee;
          fees += fee;
          tradeCount++;
          pos = { side: want, entryTime: time, entryPrice: price, quantity, entryNotional, fees: fee, funding: 0n };
        }
      }
    }
    // Funding times within this candle: the position held now pays or receives (payers round up, receivers down).
    while (nextFunding < funding.length && funding[nextFunding]!.time < time + settings.intervalMs) {
      const f = funding[nextFunding++]!;
      if (pos === null || f.time < time) continue;
      const owed = f.mark * pos.quantity * unit * f.rateE8 * BigInt(pos.side);
      const amount = owed > 0n ? -((owed + RATE_E8 - 1n) / RATE_E8) : -owed / RATE_E8;
      cash += amount;
      pos.funding += amount;
      fundingTotal += amount;
    }
    const c = close[i]!;
    let equity = cash;
    if (pos !== null) {
      inPosition++;
      const value = c * pos.quantity * unit;
      equity += pos.side === 1 ? value - pos.entryNotional : pos.entryNotional - value;
      if (equity <= 0n) ruined = true;
    }
    const e = Number(equity);
    if (e > peak) peak = e;
    else if (peak > 0 && (peak - e) / peak > maxDrawdown) maxDrawdown = (peak - e) / peak;
    if (i % stride === stride - 1 || i === n - 1) curve.push({ time: time + settings.intervalMs, equity });
    if (i === n - 1 || Math.floor(openTime[i + 1]! / DAY_MS) !== Math.floor(time / DAY_MS)) daily.push(equity);

    let want: Exposure = ruined ? 0 : strategy.next(Number(c));
    if (want === -1 && !perp) want = 0;
    if (want !== target && i < n - 1) {
      target = want;
      pending = want;
    }
    if (hooks.onProgress && Math.floor(((i + 1) * 100) / n) > percent) hooks.onProgress((percent = Math.floor(((i + 1) * 100) / n)));
  }

  let finalEquity = cash;
  if (pos !== null) {
    closeTrade(pos, openTime[n - 1]! + settings.intervalMs, close[n - 1]!, true);
    finalEquity = curve[curve.length - 1]!.equity;
  }
  return {
    initialCapital: settings.initialCapital,
    finalEquity,
    trades,
    tradeCount,
    closedTrades,
    winningTrades: winning,
    grossProfit,
    grossLoss,
    fees,
    funding: fundingTotal,
    equityCurve: curve,
    dailyEquity: daily,
    maxDrawdown,
    candles: n,
    candlesInPosition: inPosition,
    spanMs: openTime[n - 1]! - openTime[0]! + settings.intervalMs,
    skippedSignals: skipped,
  };
}
