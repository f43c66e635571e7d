import { AmountError, parsePositiveUnits } from '@lib/kernel';
import { MarketSpec, OrdersError, OrdersErrorCode } from '../domain';

/** Wire price -> price units of the market; more decimals than the tick allows is an error, never rounded. */
export function parsePrice(spec: MarketSpec, input: string): bigint {
  const units = parse(input, spec.priceScale, OrdersErrorCode.INVALID_PRICE, 'price');
  if (units % spec.tickSize !== 0n) throw new OrdersError(OrdersErrorCode.INVALID_PRICE, `price must be a multiple of the tick size`, { reason: 'NOT_ON_TICK' });
  return units;
}

export function parseQuantity(spec: MarketSpec, input: string): bigint {
  const units = parse(input, spec.quantityScale, OrdersErrorCode.INVALID_QUANTITY, 'quantity');
  if (units % spec.stepSize !== 0n) throw new OrdersError(OrdersErrorCode.INVALID_QUANTITY, `quantity must be a multiple of the step size`, { reason: 'NOT_ON_STEP' });
  return units;
}

function parse(input: string, scale: number, code: OrdersErrorCode, field: string): bigint {
  try {
    return parsePositiveUnits(input, scale);
  } catch (error) {
    if (error instanceof AmountError) throw new OrdersError(code, `Invalid ${field}: ${error.message}`, { reason: error.reason, decimals: scale });
    throw error;
  }
}
