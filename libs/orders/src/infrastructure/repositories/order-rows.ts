import { ListRole, OrderData, OrderStatus, OrderTrigger, OrderType, Side, TimeInForce, TriggerBy, TriggerKind } from '../../domain';
import { StoredTrade } from '../../application/ports';

/** The columns every order and trade query selects: amounts as text, so they reach bigint exactly. */
export const ORDER_COLUMNS = `id, user_id, symbol, side, type, time_in_force, price::text, quantity::text, filled_quantity::text,
  taker_quote::text, maker_quote::text, fee_paid::text, status, reason, client_order_id, reduce_only, hold_asset, hold_remaining::text,
  maker_fee_rate::text, taker_fee_rate::text, priority::text, created_at, updated_at, trigger_kind, trigger_by, trigger_price::text,
  callback_rate::text, activation_price::text, close_position, trail_anchor::text, triggered_at, good_till, list_id, list_role`;
export const TRADE_COLUMNS = `id::text, symbol, price::text, quantity::text, quote::text, taker_side, maker_order_id, taker_order_id,
  maker_user_id, taker_user_id, maker_fee::text, taker_fee::text, created_at`;

export interface OrderRow {
  id: string;
  user_id: string;
  symbol: string;
  side: string;
  type: string;
  time_in_force: string;
  price: string | null;
  quantity: string;
  filled_quantity: string;
  taker_quote: string;
  maker_quote: string;
  fee_paid: string;
  status: string;
  reason: string | null;
  client_order_id: string | null;
  reduce_only: boolean;
  hold_asset: string;
  hold_remaining: string;
  maker_fee_rate: string;
  taker_fee_rate: string;
  priority: string;
  created_at: Date;
  updated_at: Date;
  trigger_kind: string | null;
  trigger_by: string | null;
  trigger_price: string | null;
  callback_rate: string | null;
  activation_price: string | null;
  close_position: boolean;
  trail_anchor: string | null;
  triggered_at: Date | null;
  good_till: Date | null;
  list_id: string | null;
  list_role: string | null;
}

export interface TradeRow {
  id: string;
  symbol: string;
  price: string;
  quantity: string;
  quote: string;
  taker_side: string;
  maker_order_id: string;
  taker_order_id: string;
  maker_user_id: string;
  taker_user_id: string;
  maker_fee: string;
  taker_fee: string;
  created_at: Date;
}
export function toOrder(r: OrderRow): OrderData {
  return {
    id: r.id,
    userId: r.user_id,
    symbol: r.symbol,
    side: r.side as Side,
    type: r.type as OrderType,
    timeInForce: r.time_in_force as TimeInForce,
    price: r.price === null ? null : BigInt(r.price),
    quantity: BigInt(r.quantity),
    filledQuantity: BigInt(r.filled_quantity),
    takerQuote: BigInt(r.taker_quote),
    makerQuote: BigInt(r.maker_quote),
    feePaid: BigInt(r.fee_paid),
    status: r.status as OrderStatus,
    reason: r.reason,
    clientOrderId: r.client_order_id,
    reduceOnly: r.reduce_only,
    holdAsset: r.hold_asset,
    holdRemaining: BigInt(r.hold_remaining),
    makerFeePpm: BigInt(r.maker_fee_rate),
    takerFeePpm: BigInt(r.taker_fee_rate),
    priority: Number(r.priority),
    trigger: triggerOf(r),
    goodTill: r.good_till,
    listId: r.list_id,
    listRole: r.list_role as ListRole | null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const bigOrNull = (v: string | null): bigint | null => (v === null ? null : BigInt(v));

function triggerOf(r: OrderRow): OrderTrigger | null {
  if (r.trigger_kind === null) return null;
  return {
    kind: r.trigger_kind as TriggerKind,
    by: r.trigger_by as TriggerBy,
    price: bigOrNull(r.trigger_price),
    callbackPpm: bigOrNull(r.callback_rate),
    activationPrice: bigOrNull(r.activation_price),
    closePosition: r.close_position,
    anchor: bigOrNull(r.trail_anchor),
    triggeredAt: r.triggered_at,
  };
}

export function toTrade(r: TradeRow): StoredTrade {
  return {
    id: r.id,
    symbol: r.symbol,
    price: BigInt(r.price),
    quantity: BigInt(r.quantity),
    quote: BigInt(r.quote),
    takerSide: r.taker_side,
    makerOrderId: r.maker_order_id,
    takerOrderId: r.taker_order_id,
    makerUserId: r.maker_user_id,
    takerUserId: r.taker_user_id,
    makerFee: BigInt(r.maker_fee),
    takerFee: BigInt(r.taker_fee),
    createdAt: r.created_at,
  };
}
