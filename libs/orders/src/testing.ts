// The orders context's decider harness, for the specs of deciders other contexts write (risk): `@lib/orders/testing`, spec files only.
export { PERP, MARK, usdt, dollars, PerpScenario, PerpLedger, perpLedgerEffect, perpLimit, perpMarket, legsOf, holdsOf, traders, openedLong, refusal, type Balances } from './application/deciders/testing/perp-scenario';
export { accepted } from './application/deciders/testing/scenario';
export { decideLeverage, decideMarginMode } from './application/deciders/position-settings.decider';
