import { Command } from '@nestjs/cqrs';
import { OrderType, Side, TimeInForce } from '../../../domain';
import { PlaceOrderOutcome } from '../../views';

export interface PlaceOrderInput {
  readonly userId: string;
  readonly symbol: string;
  readonly side: Side;
  readonly type: OrderType;
  /** Decimal string. */
  readonly quantity: string;
  /** Decimal string; LIMIT only. */
  readonly price?: string;
  /** Default GTC for LIMIT, IOC for MARKET. */
  readonly timeInForce?: TimeInForce;
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
