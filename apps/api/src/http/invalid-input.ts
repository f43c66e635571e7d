import { HttpException } from '@nestjs/common';
import { JsonTooDeepError } from './json-body';

export interface InvalidInput {
  readonly code: string;
  readonly detail: string;
  /** Logged with its stack: a validation rule is missing somewhere, though the client still gets its 400. */
  readonly unexpected: boolean;
}

/**
 * PostgreSQL's "data exception" codes that forged input can cause when it
 * slips past validation: 22021 (a NUL byte in text), 22P02 (not a uuid, not a
 * number), 22008 (a timestamp out of range), 22003 (a number out of range).
 * The input rules catch these first; this is the backstop so such a request
 * is a 400, never a 500.
 */
const DATA_EXCEPTIONS = new Set(['22021', '22P02', '22008', '22003']);

/**
 * Input the framework or the database refused: a body nested too deep, a
 * URL that does not decode, or a value PostgreSQL cannot take. Undefined for
 * any other error.
 */
export function invalidInputProblem(error: unknown): InvalidInput | undefined {
  const cause = error instanceof HttpException && error.cause !== undefined ? error.cause : error;
  if (cause instanceof JsonTooDeepError) return { code: cause.code, detail: cause.message, unexpected: false };
  if (codeOf(cause) === 'FST_ERR_BAD_URL') return { code: 'INVALID_URL', detail: 'The URL is not valid (a malformed percent-encoding)', unexpected: false };
  const sqlState = codeOf(driverErrorOf(cause));
  if (sqlState !== undefined && DATA_EXCEPTIONS.has(sqlState)) {
    return { code: 'INVALID_INPUT', detail: 'A value of the request is out of the range this API accepts', unexpected: true };
  }
  return undefined;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** TypeORM's QueryFailedError keeps the pg error as `driverError`; a raw pg error is its own. */
function driverErrorOf(error: unknown): unknown {
  if (error === null || typeof error !== 'object') return undefined;
  if ('driverError' in error) return (error as { driverError: unknown }).driverError;
  return (error as { severity?: unknown }).severity !== undefined ? error : undefined;
}
