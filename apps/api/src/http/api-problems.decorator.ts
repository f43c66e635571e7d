import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiProperty, ApiPropertyOptional, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, problemTitle, problemType } from './problem-details';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' }) field!: string;
  @ApiProperty({ example: 'email must be an email' }) message!: string;
}

export class ProblemDto {
  @ApiProperty({ example: 'urn:exchange:problem:VALIDATION_FAILED' }) type!: string;
  @ApiProperty({ example: 'Validation failed' }) title!: string;
  @ApiProperty({ example: 400 }) status!: number;
  @ApiProperty({ example: 'The request has 1 invalid field' }) detail!: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable code' }) code!: string;
  @ApiPropertyOptional({ example: '/api/v1/auth/register' }) instance?: string;
  @ApiPropertyOptional({ example: '5b0c8f0e-6c55-4d7e-9d6c-3f1f8d1c2a10' }) requestId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto], description: 'Present for VALIDATION_FAILED' }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'Invalid input',
  401: 'Missing, invalid or expired credentials',
  403: 'Authenticated but not allowed',
  404: 'Not found',
  409: 'Conflict with the current state',
  429: 'Too many requests',
};

/**
 * Documents the error responses of a route: for each status, the codes it
 * may carry, each as a named example of the problem body.
 */
export function ApiProblems(responses: Record<number, readonly string[]>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDto),
    ...Object.entries(responses).map(([status, codes]) =>
      ApiResponse({
        status: Number(status),
        description: `${DESCRIPTIONS[Number(status)] ?? 'Error'}: ${codes.join(', ')}`,
        content: {
          [PROBLEM_CONTENT_TYPE]: {
            schema: { $ref: getSchemaPath(ProblemDto) },
            examples: Object.fromEntries(
              codes.map((code) => [
                code,
                { value: { type: problemType(code), title: problemTitle(code), status: Number(status), detail: '...', code } },
              ]),
            ),
          },
        },
      }),
    ),
  );
}
