import { SetMetadata, UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblems } from './api-problems.decorator';
import { IDEMPOTENT_OPTIONS, IdempotencyInterceptor, IdempotentOptions } from './idempotency.interceptor';
import { PROBLEM_CONTENT_TYPE } from './problem-details';

/**
 * Makes a route idempotent by the client's `Idempotency-Key` header: a repeat
 * of the same request replays the first response (same status, same bytes,
 * header `Idempotent-Replayed: true`) without executing again; the same key
 * with a different body is 422 IDEMPOTENCY_KEY_REUSED. Errors are not replayed:
 * after one, a retry with the same key executes. See IdempotencyInterceptor.
 *
 * For every POST that moves money or places orders, on authenticated routes
 * (keys belong to a user). Put it above the route's own @ApiProblems so its
 * 400 and 422 codes join the route's examples instead of replacing them.
 */
export function Idempotent(options: IdempotentOptions = {}): MethodDecorator {
  const required = options.required ?? false;
  return applyDecorators(
    SetMetadata(IDEMPOTENT_OPTIONS, { required }),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({
      name: 'Idempotency-Key',
      required,
      description:
        'A unique key per operation (e.g. a UUID; 1 to 255 of A-Z a-z 0-9 _ . : -). Retrying with the same key and body ' +
        'replays the first response without executing again (header `Idempotent-Replayed: true`); the same key with a ' +
        'different body is 422. Failed requests are not stored: they execute again when retried. Keys are per user.',
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[A-Za-z0-9_.:-]+$' },
      example: '5b0c8f0e-6c55-4d7e-9d6c-3f1f8d1c2a10',
    }),
    mergingProblemExamples(
      ApiProblems({
        400: required ? ['INVALID_IDEMPOTENCY_KEY', 'IDEMPOTENCY_KEY_REQUIRED'] : ['INVALID_IDEMPOTENCY_KEY'],
        422: ['IDEMPOTENCY_KEY_REUSED'],
      }),
    ),
  );
}

/** @nestjs/swagger's metadata key of @ApiResponse (DECORATORS.API_RESPONSE, not exported). */
const API_RESPONSE_METADATA = 'swagger/apiResponse';

type ResponsesMetadata = Record<string, { content?: Record<string, { examples?: Record<string, unknown> }> } | undefined>;

/**
 * @ApiResponse merges the descriptions of two entries for the same status but
 * keeps only the later content: the examples of codes documented earlier on
 * the route (e.g. 400 VALIDATION_FAILED) are put back beside ours.
 */
function mergingProblemExamples(decorator: MethodDecorator): MethodDecorator {
  return (target, key, descriptor) => {
    const earlier = (Reflect.getMetadata(API_RESPONSE_METADATA, descriptor.value as object) ?? {}) as ResponsesMetadata;
    const snapshot = Object.fromEntries(
      Object.entries(earlier).map(([status, entry]) => [status, { ...entry?.content?.[PROBLEM_CONTENT_TYPE]?.examples }]),
    );
    decorator(target, key, descriptor);
    const merged = (Reflect.getMetadata(API_RESPONSE_METADATA, descriptor.value as object) ?? {}) as ResponsesMetadata;
    for (const [status, examples] of Object.entries(snapshot)) {
      const problem = merged[status]?.content?.[PROBLEM_CONTENT_TYPE];
      if (problem) problem.examples = { ...examples, ...problem.examples };
    }
  };
}
