import { Command } from '@nestjs/cqrs';
import { ApiOrderType, Side, TimeInForce, TriggerBy } from '../../../domain';
import { PlaceOrderOutcome } from '../../views';

export interface PlaceOrderInput {
  readonly userId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: ApiOrderType;
  /** Decimal string; absent only with closePosition (the position at the trigger is the quantity). */
  readonly quantity?: string;
  /** Decimal string; the LIMIT kinds only. */
  readonly price?: string;
  /** Default GTC for the LIMIT kinds, IOC for the MARKET kinds. */
  readonly timeInForce?: TimeInForce;
  /** GTD: ISO 8601. */
  readonly goodTillDate?: string;
  /** STOP_* and TAKE_PROFIT_*: decimal string. */
  readonly triggerPrice?: string;
  /** Conditional orders: which price they watch (default MARK). */
  readonly triggerBy?: TriggerBy;
  /** TRAILING_STOP_MARKET: percent, "0.1" to "10". */
  readonly callbackRate?: string;
  /** TRAILING_STOP_MARKET: the price that starts the trailing. */
  readonly activationPrice?: string;
  /** Perpetual STOP_MARKET / TAKE_PROFIT_MARKET: close the whole position at the trigger (no quantity). */
  readonly closePosition?: boolean;
  readonly clientOrderId?: string;
  /** Perpetuals: never increase the position. */
  readonly reduceOnly?: boolean;
}

/**
 * Place an order (spot, or perpetual against the MARGIN account): checks, hold, match, settle, events, in one transaction
 * in the market's sequencer turn. A clientOrderId already used is decided
 * first: the same order returns it (created: false) without placing another,
 * another order is CLIENT_ORDER_ID_CONFLICT.
 */
export class PlaceOrderCommand extends Command<PlaceOrderOutcome> {
  constructor(
    readonly input: PlaceOrderInput,
    /**
     * The request's Idempotency-Key, stored with the answer inside the
     * market's batch and transaction (never around it: the order must commit
     * before the next command of the market sees the book).
     */
    readonly idempotency?: { readonly key: string; readonly requestHash: string },
  ) {
    super();
  }
}
