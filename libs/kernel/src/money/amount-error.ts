/**
 * Why a wire amount was refused. A const object plus a string-literal union of
 * the same name: callers may write `AmountErrorReason.TOO_LARGE` or 'TOO_LARGE'.
 */
export const AmountErrorReason = {
  /** Not a canonical decimal string: empty, blanks, sign where none is allowed, "1e5", "0x1", "+1", "01", ".5", "5.", "1,5", non-ASCII digits, "-0", or not a string at all. */
  NOT_A_DECIMAL: 'NOT_A_DECIMAL',
  /** More fraction digits than the scale allows (trailing zeros count: "1.10" at scale 1). Never rounded. */
  TOO_MANY_DECIMALS: 'TOO_MANY_DECIMALS',
  /** Zero where a positive (or non-zero signed) amount is required, or negative where it is not allowed. */
  NOT_POSITIVE: 'NOT_POSITIVE',
  /** The amount, in smallest units, exceeds MAX_UNITS in absolute value. */
  TOO_LARGE: 'TOO_LARGE',
} as const;

export type AmountErrorReason = (typeof AmountErrorReason)[keyof typeof AmountErrorReason];

/**
 * A wire amount that cannot be converted to integer units. This is a client input
 * problem (a 400 at the edge), unlike a bad `scale`, which is a RangeError (a bug).
 */
export class AmountError extends Error {
  constructor(
    readonly reason: AmountErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'AmountError';
  }
}

export function isAmountError(error: unknown): error is AmountError {
  return error instanceof AmountError;
}
