/**
 * Order lists (docs/conditional-orders.md, "Order lists"): orders of one
 * user on one market linked by a rule.
 * - OCO: two legs; when one fills (even partly) or triggers, the other is
 *   cancelled; cancelling one cancels the list.
 * - BRACKET: an entry; its take-profit and stop-loss legs are placed once
 *   the entry fills, sized to what filled (growing with it), and are an OCO
 *   pair (one of them filling or triggering cancels the other and the
 *   entry's rest).
 * - OTO: a working order; its pending order is placed once it has filled.
 */
export enum ListKind {
  OCO = 'OCO',
  BRACKET = 'BRACKET',
  OTO = 'OTO',
}

export enum ListRole {
  LEG = 'LEG',
  ENTRY = 'ENTRY',
  TAKE_PROFIT = 'TAKE_PROFIT',
  STOP_LOSS = 'STOP_LOSS',
  WORKING = 'WORKING',
  PENDING = 'PENDING',
}

export enum ListStatus {
  EXECUTING = 'EXECUTING',
  ALL_DONE = 'ALL_DONE',
}

/** Why an order of a list ended because of another one. */
export const LINKED_ORDER_FILLED = 'LINKED_ORDER_FILLED';
export const LINKED_ORDER_TRIGGERED = 'LINKED_ORDER_TRIGGERED';
export const LINKED_ORDER_CANCELED = 'LINKED_ORDER_CANCELED';

/** Whether an order of this role filling or triggering ends the rest of its list (the OCO rule). */
export function endsItsList(role: ListRole | null): boolean {
  return role === ListRole.LEG || role === ListRole.TAKE_PROFIT || role === ListRole.STOP_LOSS;
}
