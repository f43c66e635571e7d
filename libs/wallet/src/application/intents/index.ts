export { ApplyLedgerIntentsCommand, type IntentLocking, type IntentsOutcome } from './apply-ledger-intents.command';
export { ApplyLedgerIntentsHandler } from './apply-ledger-intents.handler';
export { entryOf, fundsTakenBy, type ChangeOrderHold, type HoldForOrder, type HoldRelease, type LedgerIntent, type ReleaseOrderHold, type SettleSpotTrades, type SpotTradeLegs, type SettlePerpTrades, type PerpTradeLeg, type MoveIsolatedMargin, type PayFunding } from './ledger-intents';
