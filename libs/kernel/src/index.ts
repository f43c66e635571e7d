export { DomainError, isDomainError } from './domain-error';
export { Clock, SystemClock, FixedClock } from './clock';
export { newId, isUuid } from './ids';
export { parseCursorId, parseCursorTime } from './cursor-parts';
export { baseUnitsOf, instrumentSpecOf, notionalOf, type InstrumentKindName, type InstrumentScales, type InstrumentSpec, type MaintenanceTier, type MarketStatusName } from './instrument-spec';
export { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, passwordWeakness } from './password-policy';
export {
  AmountError,
  AmountErrorReason,
  isAmountError,
  MAX_SCALE,
  MAX_UNITS,
  assertScale,
  formatUnits,
  mulDivDown,
  mulDivUp,
  parsePositiveUnits,
  parseSignedUnits,
  parseUnits,
} from './money';
export { SYSTEM_ACCOUNT_ID_PREFIX, MARKET_MAKER_ACCOUNT_ID, NOISE_TRADER_ACCOUNT_ID, isSystemAccountId } from './system-accounts';
