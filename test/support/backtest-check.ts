import { QueryBus } from '@nestjs/cqrs';
import { CandleInterval, GetInstrumentQuery, GetPriceHistoryQuery } from '@lib/market';
import type { TestApp } from './test-app';

const units = (text: string, scale: number): bigint => {
  const [whole, fraction = ''] = text.split('.');
  return BigInt(whole! + fraction.padEnd(scale, '0'));
};
const format = (value: bigint, scale: number): string => {
  const digits = (value < 0n ? -value : value).toString().padStart(scale + 1, '0');
  return `${value < 0n ? '-' : ''}${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
};
const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/**
 * Buy-and-hold re-computed from the candles, independently of libs/backtests: the buy at candle
 * 1's open moved up by the slippage (ceil to the tick), the largest step multiple whose notional
 * plus the fee (rounded up) fits the capital, valued at the last close.
 */
export async function recomputeBuyAndHold(
  t: TestApp,
  r: { symbol: string; interval: string; from: string; to: string; initialCapital: string; feePpm: bigint; slippageBps: bigint },
): Promise<{ trade: Record<string, unknown>; finalEquity: string }> {
  const queries = t.app.get(QueryBus);
  const market = await queries.execute(new GetInstrumentQuery(r.symbol));
  const series = await queries.execute(new GetPriceHistoryQuery(r.symbol, r.interval as CandleInterval, Date.parse(r.from), Date.parse(r.to)));
  const shift = 10n ** BigInt(market.quoteDecimals - market.priceScale - market.quantityScale);
  const capital = units(r.initialCapital, market.quoteDecimals);
  const price = ceilDiv(ceilDiv(series.open[1]! * (10_000n + r.slippageBps), 10_000n), market.tickSize) * market.tickSize;
  let q = 0n;
  for (let step = market.stepSize; ; ) {
    const next = q + step;
    const notional = price * next * shift;
    if (notional + ceilDiv(notional * r.feePpm, 1_000_000n) > capital) {
      if (step === market.stepSize) break;
      step = market.stepSize;
      continue;
    }
    q = next;
    step *= 2n;
  }
  const notional = price * q * shift;
  const fee = ceilDiv(notional * r.feePpm, 1_000_000n);
  const last = series.close[series.close.length - 1]!;
  const pnl = (last - price) * q * shift - fee;
  return {
    trade: {
      side: 'LONG',
      entryTime: new Date(series.openTime[1]!).toISOString(),
      entryPrice: format(price, market.priceScale),
      exitTime: null,
      exitPrice: null,
      quantity: format(q, market.quantityScale),
      fees: format(fee, market.quoteDecimals),
      funding: format(0n, market.quoteDecimals),
      pnl: format(pnl, market.quoteDecimals),
    },
    finalEquity: format(capital + pnl, market.quoteDecimals),
  };
}
