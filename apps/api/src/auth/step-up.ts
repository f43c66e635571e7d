import { ExecutionContext, applyDecorators, createParamDecorator } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiHeader } from '@nestjs/swagger';
import { Principal, VerifyTwoFactorCommand } from '@lib/auth';

export const TWO_FACTOR_HEADER = 'x-2fa-code';

/** The request's X-2FA-Code header (null when absent). */
export const TwoFactorCode = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  const value = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>().headers[TWO_FACTOR_HEADER];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
});

/** Swagger: the header of a step-up route. Its problems (403 TWO_FACTOR_*, 429) are the route's own @ApiProblems. */
export const ApiTwoFactorHeader = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: 'X-2FA-Code',
      required: false,
      description: 'With two-factor authentication on: the current 6-digit code (each code works once). Requests signed with an API key do not send it.',
      example: '492039',
    }),
  );

export const STEP_UP_PROBLEMS = ['TWO_FACTOR_REQUIRED', 'TWO_FACTOR_CODE_INVALID', 'TWO_FACTOR_CODE_REPLAYED'] as const;

/**
 * Step-up (docs/two-factor.md): a person's session proves the second factor
 * again for a sensitive action. A request signed with an API key does not: the
 * key was created under the second factor, and removing 2FA revokes the keys
 * that can withdraw.
 */
export async function stepUp(commands: CommandBus, user: Principal & { apiKeyId?: string }, code: string | null): Promise<void> {
  if (user.apiKeyId) return;
  await commands.execute(new VerifyTwoFactorCommand(user.userId, code));
}
