/**
 * Base of every typed error a context throws. Each context declares its own
 * `XxxErrorCode` enum and `XxxError` subclass; the transport layer maps the
 * `context` + `code` pair to a status in one exhaustive switch.
 */
export abstract class DomainError<TCode extends string = string> extends Error {
  abstract readonly context: string;

  protected constructor(
    readonly code: TCode,
    message: string,
    /** Safe, client-facing extra facts (never secrets). */
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
