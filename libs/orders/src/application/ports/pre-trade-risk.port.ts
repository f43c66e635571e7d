import type { MarketSpec, OrderType, Side } from '../../domain';

/** A new order as the pre-trade stage sees it: parsed, on its market's units, with the mark it was checked at. */
export interface PreTradeOrder {
  readonly spec: MarketSpec;
  readonly userId: string;
  readonly side: Side;
  readonly type: OrderType;
  /** The limit price (null for a MARKET order). */
  readonly price: bigint | null;
  /** The price it may fill at worst (its limit, or a MARKET order's protection price). */
  readonly limit: bigint;
  readonly quantity: bigint;
  readonly reduceOnly: boolean;
  readonly mark: bigint;
}

/**
 * The pre-trade risk stage (R1, docs/risk.md "Pre-trade checks"): what the
 * risk context checks of every new order before its turn (the market's
 * status, the price band, the largest order, the kill switch), each refusal
 * with its code. The risk context provides it; what needs the position or
 * the funds (margin, open orders, the leverage bracket) is decided in the
 * turn.
 */
export abstract class PreTradeRisk {
  /** Throws the refusal; resolves when the order may go to its turn. */
  abstract check(order: PreTradeOrder): Promise<void>;
}
