import { ValidationPipe } from '@nestjs/common';
import { RequestValidationError } from './request-validation.error';

/**
 * Unknown fields are rejected, not stripped: a client can never set its own
 * role or id, and learns at once about a typo in a field name.
 */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => RequestValidationError.from(errors),
  });
}
