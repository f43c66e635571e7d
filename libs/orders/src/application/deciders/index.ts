export { decidePerpPlace } from './place-perp.decider';
export { decidePlace, decideConditional, placeOnBook, clientOrderIdConflict, rejection, type PlaceAnswer, type PlaceOrder } from './place.decider';
export { decideAmend, type AmendAnswer, type AmendOrder } from './amend.decider';
export { decideCancel, decideCancelAll, decideCancelList, decideExpire, type CancelAnswer } from './cancel.decider';
export { decideTrigger, coveredPrice, type TriggerAnswer, type TriggerFire } from './trigger.decider';
export { settlePass, releaseOf, accountOf, type SettledPass } from './settle-pass';
export type { NotOpen } from './not-open';
export { decideForceClose, ADMIN_CANCELED_REASON, type ForceCloseAnswer } from './force-close.decider';
