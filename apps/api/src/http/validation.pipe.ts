import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { FieldError } from './problem-details';
import { RequestValidationError } from './request-validation.error';

/**
 * Unknown fields are rejected, not stripped: a client can never set its own
 * role or id, and learns at once about a typo in a field name.
 */
export function createValidationPipe(): ValidationPipe {
  return new InputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => RequestValidationError.from(errors),
  });
}

/**
 * PostgreSQL cannot store U+0000 in text (error 22021, which was a 500), and
 * no field of the API has a use for it: a NUL anywhere in a body, query or
 * path string (key or value) is a 400 VALIDATION_FAILED naming the field,
 * for every route at once, before its DTO is even looked at.
 */
class InputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const fields = nulFields(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
      if (fields.length > 0) throw new RequestValidationError(fields);
    }
    return super.transform(value, metadata);
  }
}

/** The JSON parser bounds the depth (json-body.ts), so this recursion is bounded too. */
export function nulFields(value: unknown, path: string): FieldError[] {
  if (typeof value === 'string') return value.includes('\u0000') ? [{ field: path || 'body', message: `${path || 'body'} must not contain NUL characters` }] : [];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const childPath = path ? `${path}.${key}` : key;
    if (key.includes('\u0000')) return [{ field: childPath.replaceAll('\u0000', '\\u0000'), message: 'field names must not contain NUL characters' }];
    return nulFields(child, childPath);
  });
}
