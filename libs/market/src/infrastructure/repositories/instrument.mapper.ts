import { formatUnits, parseUnits } from '@lib/kernel';
import { Instrument, InstrumentKind, MarketStatus, RATE_SCALE } from '../../domain';
import { InstrumentEntity } from '../entities/instrument.entity';

export function toInstrument(e: InstrumentEntity): Instrument {
  return {
    symbol: e.symbol,
    name: e.name,
    kind: e.kind as InstrumentKind,
    base: e.baseAsset,
    quote: e.quoteAsset,
    baseDecimals: e.baseDecimals,
    quoteDecimals: e.quoteDecimals,
    priceScale: e.priceScale,
    quantityScale: e.quantityScale,
    tickSize: e.tickSize,
    stepSize: e.stepSize,
    minQuantity: e.minQuantity,
    minNotional: e.minNotional,
    makerFeePpm: e.makerFeeRate,
    takerFeePpm: e.takerFeeRate,
    maxLeverage: e.maxLeverage,
    priceBandPpm: e.priceBandRate,
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

/** Every column named: the domain's names differ from the columns' where the kernel's InstrumentSpec names them. */
export function toInstrumentEntity(i: Instrument): InstrumentEntity {
  const columns: { [K in keyof InstrumentEntity]: InstrumentEntity[K] } = {
    symbol: i.symbol,
    name: i.name,
    kind: i.kind,
    baseAsset: i.base,
    quoteAsset: i.quote,
    baseDecimals: i.baseDecimals,
    quoteDecimals: i.quoteDecimals,
    priceScale: i.priceScale,
    quantityScale: i.quantityScale,
    tickSize: i.tickSize,
    stepSize: i.stepSize,
    minQuantity: i.minQuantity,
    minNotional: i.minNotional,
    makerFeeRate: i.makerFeePpm,
    takerFeeRate: i.takerFeePpm,
    maxLeverage: i.maxLeverage,
    priceBandRate: i.priceBandPpm,
    maintenanceMarginTiers: i.maintenanceMarginTiers.map((t) => ({
      maxNotional: t.maxNotional === null ? null : formatUnits(t.maxNotional, i.quoteDecimals),
      rate: formatUnits(t.rate, RATE_SCALE),
    })),
    status: i.status,
    initialPrice: i.initialPrice,
    volatility: i.volatility,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
  };
  return Object.assign(new InstrumentEntity(), columns);
}
