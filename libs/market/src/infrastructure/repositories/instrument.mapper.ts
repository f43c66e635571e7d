import { formatUnits, parseUnits } from '@lib/kernel';
import { Instrument, InstrumentKind, MarketStatus, RATE_SCALE } from '../../domain';
import { InstrumentEntity } from '../entities/instrument.entity';

export function toInstrument(e: InstrumentEntity): Instrument {
  return {
    symbol: e.symbol,
    name: e.name,
    kind: e.kind as InstrumentKind,
    baseAsset: e.baseAsset,
    quoteAsset: e.quoteAsset,
    baseDecimals: e.baseDecimals,
    quoteDecimals: e.quoteDecimals,
    priceScale: e.priceScale,
    quantityScale: e.quantityScale,
    tickSize: e.tickSize,
    stepSize: e.stepSize,
    minQuantity: e.minQuantity,
    minNotional: e.minNotional,
    makerFeeRate: e.makerFeeRate,
    takerFeeRate: e.takerFeeRate,
    maxLeverage: e.maxLeverage,
    priceBandRate: e.priceBandRate,
    maintenanceMarginTiers: e.maintenanceMarginTiers.map((t) => ({
      maxNotional: t.maxNotional === null ? null : parseUnits(t.maxNotional, e.quoteDecimals),
      rate: parseUnits(t.rate, RATE_SCALE),
    })),
    status: e.status as MarketStatus,
    initialPrice: e.initialPrice,
    volatility: e.volatility,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  };
}

export function toInstrumentEntity(i: Instrument): InstrumentEntity {
  const e = new InstrumentEntity();
  Object.assign(e, {
    ...i,
    maintenanceMarginTiers: i.maintenanceMarginTiers.map((t) => ({
      maxNotional: t.maxNotional === null ? null : formatUnits(t.maxNotional, i.quoteDecimals),
      rate: formatUnits(t.rate, RATE_SCALE),
    })),
  });
  return e;
}
