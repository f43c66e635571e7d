export { AmountError, AmountErrorReason, isAmountError } from './amount-error';
export {
  MAX_SCALE,
  MAX_UNITS,
  assertScale,
  formatUnits,
  mulDivDown,
  mulDivUp,
  parsePositiveUnits,
  parseSignedUnits,
  parseUnits,
} from './amount';
