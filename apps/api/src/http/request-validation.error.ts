import { ValidationError } from 'class-validator';
import { FieldError } from './problem-details';

/** Thrown by the global ValidationPipe: a 400 listing every bad field. */
export class RequestValidationError extends Error {
  readonly code = 'VALIDATION_FAILED';

  constructor(readonly fields: readonly FieldError[]) {
    super(`The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}`);
  }

  static from(errors: readonly ValidationError[]): RequestValidationError {
    return new RequestValidationError(flatten(errors, ''));
  }
}

function flatten(errors: readonly ValidationError[], prefix: string): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `${field} is not an allowed field` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
