import { ConditionalType, ListKind, ListRole, OrderType, OrdersError, OrdersErrorCode, Side, TimeInForce } from '../../domain';
import type { ListTemplate } from './order-list';
import type { ListOrderInput, PlaceOrderListInput } from './place-order-list.command';

/** A list's orders by when they are placed: now, or once another has filled. */
export interface ListShape {
  readonly symbol: string;
  readonly now: readonly ListTemplate[];
  readonly later: readonly ListTemplate[];
}

const TAKE_PROFITS: readonly string[] = [ConditionalType.TAKE_PROFIT_MARKET, ConditionalType.TAKE_PROFIT_LIMIT];
const STOP_LOSSES: readonly string[] = [ConditionalType.STOP_MARKET, ConditionalType.STOP_LIMIT, ConditionalType.TRAILING_STOP_MARKET];

function invalid(message: string): OrdersError {
  return new OrdersError(OrdersErrorCode.INVALID_ORDER_LIST, message);
}

/**
 * What each kind of list is made of, checked before any order is (each is
 * then checked as a single order would be):
 * - OCO: `legs`, two orders on one market and side, no MARKET one; a LIMIT
 *   leg is POST_ONLY (it waits; one that would take is refused);
 * - BRACKET: `entry` (LIMIT or MARKET), `takeProfit` (TAKE_PROFIT_*) and
 *   `stopLoss` (STOP_* or TRAILING_STOP_MARKET) on the other side, without
 *   a quantity (they are sized to what the entry fills);
 * - OTO: `working` (not MARKET) and `pending`.
 * No order of a list takes a clientOrderId (the list has clientListId).
 */
export function listShape(input: PlaceOrderListInput): ListShape {
  const given = { legs: input.legs, entry: input.entry, takeProfit: input.takeProfit, stopLoss: input.stopLoss, working: input.working, pending: input.pending };
  const allowed: Record<ListKind, readonly (keyof typeof given)[]> = {
    [ListKind.OCO]: ['legs'],
    [ListKind.BRACKET]: ['entry', 'takeProfit', 'stopLoss'],
    [ListKind.OTO]: ['working', 'pending'],
  };
  for (const [field, value] of Object.entries(given)) {
    const wanted = allowed[input.kind].includes(field as keyof typeof given);
    if (wanted && value === undefined) throw invalid(`${input.kind} needs ${field}`);
    if (!wanted && value !== undefined) throw invalid(`${field} is not part of ${input.kind}`);
  }
  const all = [...(input.legs ?? []), input.entry, input.takeProfit, input.stopLoss, input.working, input.pending].filter((o): o is ListOrderInput => o !== undefined);
  const symbol = all[0]!.symbol;
  if (all.some((o) => o.symbol !== symbol)) throw invalid('Every order of a list is on one market');
  if (all.some((o) => o.clientOrderId !== undefined)) throw invalid('Orders of a list take no clientOrderId: name the list with clientListId');
  switch (input.kind) {
    case ListKind.OCO: {
      const legs = input.legs!;
      if (legs.length !== 2) throw invalid('An OCO has two legs');
      if (legs[0]!.side !== legs[1]!.side) throw invalid('The legs of an OCO are on one side');
      if (legs.some((l) => l.type === OrderType.MARKET)) throw invalid('An OCO leg waits: LIMIT (POST_ONLY) or a conditional type, not MARKET');
      const now = legs.map((leg) => {
        if (leg.type !== OrderType.LIMIT) return { ...leg, role: ListRole.LEG };
        if (leg.timeInForce !== undefined && leg.timeInForce !== TimeInForce.POST_ONLY) throw invalid('The LIMIT leg of an OCO is POST_ONLY');
        return { ...leg, timeInForce: TimeInForce.POST_ONLY, role: ListRole.LEG };
      });
      return { symbol, now, later: [] };
    }
    case ListKind.BRACKET: {
      const entry = input.entry!;
      if (entry.type !== OrderType.LIMIT && entry.type !== OrderType.MARKET) throw invalid('A bracket\'s entry is LIMIT or MARKET');
      if (!TAKE_PROFITS.includes(input.takeProfit!.type)) throw invalid('A bracket\'s takeProfit is TAKE_PROFIT_MARKET or TAKE_PROFIT_LIMIT');
      if (!STOP_LOSSES.includes(input.stopLoss!.type)) throw invalid('A bracket\'s stopLoss is STOP_MARKET, STOP_LIMIT or TRAILING_STOP_MARKET');
      const exit = entry.side === Side.BUY ? Side.SELL : Side.BUY;
      for (const leg of [input.takeProfit!, input.stopLoss!]) {
        if (leg.side !== exit) throw invalid(`A bracket's legs are on the other side of its entry (${exit})`);
        if (leg.quantity !== undefined || leg.closePosition !== undefined) throw invalid('A bracket\'s legs take no quantity: they are sized to what the entry fills');
      }
      return { symbol, now: [{ ...entry, role: ListRole.ENTRY }], later: [{ ...input.takeProfit!, role: ListRole.TAKE_PROFIT }, { ...input.stopLoss!, role: ListRole.STOP_LOSS }] };
    }
    case ListKind.OTO: {
      if (input.working!.type === OrderType.MARKET) throw invalid('An OTO\'s working order waits: not MARKET');
      return { symbol, now: [{ ...input.working!, role: ListRole.WORKING }], later: [{ ...input.pending!, role: ListRole.PENDING }] };
    }
  }
}
