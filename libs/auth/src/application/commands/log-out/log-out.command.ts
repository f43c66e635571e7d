import { Command } from '@nestjs/cqrs';

/** Ends the session behind the access token: its refresh tokens stop working, and so does the access token. */
export class LogOutCommand extends Command<void> {
  constructor(readonly sessionId: string) {
    super();
  }
}
