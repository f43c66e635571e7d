import { HttpException, HttpStatus } from '@nestjs/common';
import { isDomainError } from '@lib/kernel';
import { databaseUnavailable } from './database-unavailable';
import { statusOfDomainError } from './domain-error-status';
import { IdempotencyKeyError, IdempotencyKeyErrorCode } from './idempotency.interceptor';
import { invalidInputProblem } from './invalid-input';
import { OverloadedError } from './overloaded.error';
import { ProblemDetails, problemTitle, problemType } from './problem-details';
import { RateLimitedError } from './rate-limit/rate-limited.error';
import { RequestValidationError } from './request-validation.error';

/** Codes for errors raised by the framework rather than a context. */
const HTTP_CODES: Partial<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  408: 'REQUEST_TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  414: 'URI_TOO_LONG',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'SERVICE_UNAVAILABLE',
};

export interface MappedProblem {
  readonly problem: ProblemDetails;
  /** Unexpected errors are logged with their stack; expected ones are not. */
  readonly unexpected: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Turns anything thrown into problem details. Only domain errors, validation
 * errors and HTTP errors keep their message; anything else is a 500 whose
 * body says nothing about the cause (no stack, no SQL).
 */
export function toProblem(error: unknown, instance: string, requestId: string): MappedProblem {
  const base = { instance, requestId };
  if (error instanceof RequestValidationError) {
    return expected(400, error.code, error.message, { ...base, ...error.extensions, errors: error.fields });
  }
  if (error instanceof IdempotencyKeyError) {
    return expected(idempotencyKeyStatus(error.code), error.code, error.message, base);
  }
  if (error instanceof OverloadedError) {
    const shed = expected(HttpStatus.SERVICE_UNAVAILABLE, error.code, error.message, { ...base, retryAfterSeconds: error.retryAfterSeconds });
    return { ...shed, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  const invalid = invalidInputProblem(error);
  if (invalid) return { problem: makeProblem(400, invalid.code, invalid.detail, base), unexpected: invalid.unexpected, headers: {} };
  if (error instanceof RateLimitedError) {
    const limited = expected(HttpStatus.TOO_MANY_REQUESTS, error.code, error.message, { ...base, retryAfterSeconds: error.retryAfterSeconds, budget: error.budget });
    return { ...limited, headers: { 'retry-after': String(error.retryAfterSeconds) } };
  }
  if (isDomainError(error)) {
    const status = statusOfDomainError(error);
    const problem = makeProblem(status, error.code, error.message, { ...base, ...error.details });
    const retryAfter = error.details?.['retryAfterSeconds'];
    const headers: Record<string, string> = {};
    if (typeof retryAfter === 'number') headers['retry-after'] = String(retryAfter);
    if (status === HttpStatus.UNAUTHORIZED) headers['www-authenticate'] = 'Bearer';
    return { problem, unexpected: false, headers };
  }
  const lost = databaseUnavailable(error, base);
  if (lost) return lost;
  const status = httpStatusOf(error);
  if (status !== undefined && status < 500) {
    if (status === 400 && isBodyParseError(error)) return expected(400, 'MALFORMED_JSON', 'The request body is not valid JSON', base);
    const code = HTTP_CODES[status] ?? 'BAD_REQUEST';
    return expected(status, code, clientMessage(error, status, instance), base);
  }
  if (status === 503) return expected(503, 'SERVICE_UNAVAILABLE', 'The service is unavailable; retry shortly', base);
  return { problem: makeProblem(500, 'INTERNAL_ERROR', 'An unexpected error occurred', base), unexpected: true, headers: {} };
}

function idempotencyKeyStatus(code: IdempotencyKeyErrorCode): number {
  switch (code) {
    case 'INVALID_IDEMPOTENCY_KEY':
    case 'IDEMPOTENCY_KEY_REQUIRED':
      return HttpStatus.BAD_REQUEST;
    case 'IDEMPOTENCY_KEY_REUSED':
      return HttpStatus.UNPROCESSABLE_ENTITY;
  }
}

function expected(status: number, code: string, detail: string, extra: Record<string, unknown>): MappedProblem {
  return { problem: makeProblem(status, code, detail, extra), unexpected: false, headers: {} };
}

function makeProblem(status: number, code: string, detail: string, extra: Record<string, unknown>): ProblemDetails {
  // Extensions first: a domain detail can never overwrite a standard member such as `status`.
  return { ...extra, type: problemType(code), title: problemTitle(code), status, detail, code };
}

/** Nest's HttpException, or a Fastify error (body parsing, size limits) carrying a statusCode. */
function httpStatusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' && statusCode >= 400 && statusCode < 600 ? statusCode : undefined;
}

/** Fastify's content-type parser errors (FST_ERR_CTP_*), as Nest wraps them in an HttpException. */
function isBodyParseError(error: unknown): boolean {
  const cause = error instanceof HttpException ? error.cause : error;
  const code = (cause as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('FST_ERR_CTP_');
}

function clientMessage(error: unknown, status: number, instance: string): string {
  if (status === 404) return `No route for ${instance}`;
  if (status === 413) return 'The request body is too large';
  if (status === 414) return 'A segment of the URL path is too long';
  // A route that takes another type says which (the CSV import); Nest's bare exception and Fastify's parsers do not.
  if (status === 415) return error instanceof HttpException && error.message !== 'Unsupported Media Type' ? error.message : 'Send the body as application/json';
  return error instanceof Error ? error.message : 'Bad request';
}
