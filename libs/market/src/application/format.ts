import { formatUnits } from '@lib/kernel';
import { DayStats, Instrument, MarkPrice, RATE_SCALE, percentChange, withPrice } from '../domain';
import { InstrumentView, MarketView, PriceView, TickerView } from './views';

export function instrumentView(i: Instrument): InstrumentView {
  return {
    symbol: i.symbol,
    name: i.name,
    kind: i.kind,
    baseAsset: i.base,
    quoteAsset: i.quote,
    status: i.status,
    priceScale: i.priceScale,
    quantityScale: i.quantityScale,
    tickSize: formatUnits(i.tickSize, i.priceScale),
    stepSize: formatUnits(i.stepSize, i.quantityScale),
    minQuantity: formatUnits(i.minQuantity, i.quantityScale),
    minNotional: formatUnits(i.minNotional, i.quoteDecimals),
    makerFeeRate: formatUnits(i.makerFeePpm, RATE_SCALE),
    takerFeeRate: formatUnits(i.takerFeePpm, RATE_SCALE),
    maxLeverage: i.maxLeverage,
    priceBandRate: formatUnits(i.priceBandPpm, RATE_SCALE),
    maintenanceMarginTiers: i.maintenanceMarginTiers.map((t) => ({
      maxNotional: t.maxNotional === null ? null : formatUnits(t.maxNotional, i.quoteDecimals),
      rate: formatUnits(t.rate, RATE_SCALE),
    })),
    createdAt: i.createdAt.toISOString(),
    updatedAt: i.updatedAt.toISOString(),
  };
}

export function tickerView(i: Instrument, price: MarkPrice | undefined, stats: DayStats | undefined, last: string | null = null): TickerView {
  if (!price) return { index: null, mark: null, last, open24h: null, high24h: null, low24h: null, change24h: null, updatedAt: null };
  const day = withPrice(stats, price.mark);
  const p = (units: bigint): string => formatUnits(units, i.priceScale);
  return {
    index: p(price.index),
    mark: p(price.mark),
    last,
    open24h: p(day.open),
    high24h: p(day.high),
    low24h: p(day.low),
    change24h: percentChange(day.open, price.mark),
    updatedAt: price.at.toISOString(),
  };
}

export function marketView(i: Instrument, price: MarkPrice | undefined, stats: DayStats | undefined, last: string | null = null): MarketView {
  return { ...instrumentView(i), ticker: tickerView(i, price, stats, last) };
}

export function priceView(price: MarkPrice): PriceView {
  return {
    symbol: price.symbol,
    index: formatUnits(price.index, price.priceScale),
    mark: formatUnits(price.mark, price.priceScale),
    seq: price.seq,
    ts: price.at.toISOString(),
  };
}
