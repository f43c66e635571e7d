import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { SessionRevocation } from '../../../domain';
import { SessionRepository } from '../../ports';
import { PrincipalCache } from '../../principal-cache';
import { LogOutCommand } from './log-out.command';

@CommandHandler(LogOutCommand)
export class LogOutHandler implements ICommandHandler<LogOutCommand> {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly principals: PrincipalCache,
  ) {}

  async execute(command: LogOutCommand): Promise<void> {
    await this.sessions.revoke(command.sessionId, SessionRevocation.LOGOUT, this.clock.now());
    // After the UPDATE committed (it runs on its own, outside any transaction).
    this.principals.invalidateSession(command.sessionId);
  }
}
