import { applyDecorators } from '@nestjs/common';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { RuleContext } from '../http/request-validation.error';

const NOT_A_DECIMAL: RuleContext = { code: 'INVALID_AMOUNT', reason: 'NOT_A_DECIMAL' };
const TOO_LARGE: RuleContext = { code: 'INVALID_AMOUNT', reason: 'TOO_LARGE' };

/**
 * An amount on the wire: a decimal string the wallet parses exactly. A JSON
 * number (`"amount": 5`, which could not be exact for every value), an empty
 * or an over-long value is refused here, with the same `400 INVALID_AMOUNT`
 * and `reason` the wallet gives for a malformed string, not VALIDATION_FAILED.
 * `maxLength` lets no string past that the wallet could accept (at most 37
 * integer digits and 8 decimals, a sign for signed amounts).
 */
export function IsWireAmount(maxLength: number): PropertyDecorator {
  return applyDecorators(
    IsString({ context: NOT_A_DECIMAL }),
    IsNotEmpty({ context: NOT_A_DECIMAL }),
    MaxLength(maxLength, { context: TOO_LARGE }),
  );
}
