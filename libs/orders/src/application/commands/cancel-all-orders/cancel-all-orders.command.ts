import { Command } from '@nestjs/cqrs';
import { CancelAllResult } from '../../views';

/** Cancel every open order of the user, in one market or all; one transaction per market. */
export class CancelAllOrdersCommand extends Command<CancelAllResult> {
  constructor(
    readonly userId: string,
    readonly symbol?: string,
  ) {
    super();
  }
}
