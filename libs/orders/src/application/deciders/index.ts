export { decidePerpPlace } from './place-perp.decider';
export { decidePlace, placeOnBook, clientOrderIdConflict, rejection, type PlaceAnswer, type PlaceOrder } from './place.decider';
export { decideAmend, type AmendAnswer, type AmendOrder } from './amend.decider';
export { decideCancel, decideCancelAll, type CancelAnswer } from './cancel.decider';
export { settlePass, releaseOf, accountOf, type SettledPass } from './settle-pass';
export type { NotOpen } from './not-open';
