import { Command } from '@nestjs/cqrs';

/**
 * Changes the password and revokes every other session of the user. API keys
 * are separate credentials and stay, unless `revokeApiKeys` (docs/api-keys.md).
 */
export class ChangePasswordCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly sessionId: string,
    readonly currentPassword: string,
    readonly newPassword: string,
    readonly revokeApiKeys = false,
  ) {
    super();
  }
}
