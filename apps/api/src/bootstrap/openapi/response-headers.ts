import { HeaderObject, ReferenceObject } from '@nestjs/swagger';

/** Response headers, declared once in components.headers and referenced where they occur. */
export const RESPONSE_HEADERS: Readonly<Record<string, HeaderObject>> = {
  XRequestId: {
    description: 'The id of this request in the server logs: yours when you sent a sane one (1 to 128 of A-Z a-z 0-9 . _ : -), else a new UUID. Quote it when reporting a problem.',
    schema: { type: 'string', example: '5b0c8f0e-6c55-4d7e-9d6c-3f1f8d1c2a10' },
  },
  RetryAfter: {
    description: 'Seconds to wait before sending the request again',
    schema: { type: 'integer', minimum: 0, example: 1 },
  },
  IdempotentReplayed: {
    description: 'Present (`true`) when this response replays the first response to the same Idempotency-Key; the request was not executed again',
    schema: { type: 'string', enum: ['true'] },
  },
  RateLimitLimit: {
    description: 'Requests allowed in the current window of the policy that applies',
    schema: { type: 'integer', minimum: 0, example: 100 },
  },
  RateLimitRemaining: {
    description: 'Requests left in the current window',
    schema: { type: 'integer', minimum: 0, example: 0 },
  },
  RateLimitReset: {
    description: 'Seconds until the current window ends',
    schema: { type: 'integer', minimum: 0, example: 12 },
  },
  RateLimitPolicy: {
    description: 'The policy that applies: limit and window in seconds (IETF RateLimit header fields)',
    schema: { type: 'string', example: '100;w=60' },
  },
};

export function headerRef(name: keyof typeof RESPONSE_HEADERS & string): ReferenceObject {
  return { $ref: `#/components/headers/${name}` };
}

/** Headers of a 429 RATE_LIMITED (the rate limiter's contract). */
export const RATE_LIMITED_HEADERS: Readonly<Record<string, ReferenceObject>> = {
  'Retry-After': headerRef('RetryAfter'),
  'RateLimit-Limit': headerRef('RateLimitLimit'),
  'RateLimit-Remaining': headerRef('RateLimitRemaining'),
  'RateLimit-Reset': headerRef('RateLimitReset'),
  'RateLimit-Policy': headerRef('RateLimitPolicy'),
};
