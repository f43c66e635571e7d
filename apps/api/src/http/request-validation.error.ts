import { ValidationError } from 'class-validator';
import { FieldError } from './problem-details';

/**
 * A rule may name the error code its failure stands for, in its class-validator
 * `context` (see IsWireAmount): when every failing rule of the request names
 * the same code, the 400 carries that code and the rule's extensions (e.g.
 * `INVALID_AMOUNT` with a `reason`) instead of VALIDATION_FAILED, so a client
 * gets one code for one kind of mistake wherever it is caught.
 */
export interface RuleContext {
  readonly code: string;
  readonly [extension: string]: unknown;
}

/** Thrown by the global ValidationPipe: a 400 listing every bad field. */
export class RequestValidationError extends Error {
  constructor(
    readonly fields: readonly FieldError[],
    readonly code: string = 'VALIDATION_FAILED',
    readonly extensions: Readonly<Record<string, unknown>> = {},
  ) {
    super(`The request has ${fields.length} invalid field${fields.length === 1 ? '' : 's'}`);
  }

  static from(errors: readonly ValidationError[]): RequestValidationError {
    const failures = flatten(errors, '');
    const contexts = failures.map((f) => f.context);
    const first = contexts[0];
    const fields = failures.map(({ field, message }) => ({ field, message }));
    if (first && contexts.every((c) => c?.code === first.code)) {
      const { code, ...extensions } = first;
      return new RequestValidationError(fields, code, extensions);
    }
    return new RequestValidationError(fields);
  }
}

interface Failure extends FieldError {
  readonly context: RuleContext | undefined;
}

function flatten(errors: readonly ValidationError[], prefix: string): Failure[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({
      field,
      message: constraint === 'whitelistValidation' ? `${field} is not an allowed field` : message,
      context: ruleContext(error.contexts?.[constraint]),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

function ruleContext(context: unknown): RuleContext | undefined {
  return typeof (context as { code?: unknown } | undefined)?.code === 'string' ? (context as RuleContext) : undefined;
}
