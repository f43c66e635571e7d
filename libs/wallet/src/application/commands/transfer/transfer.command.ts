import { Command } from '@nestjs/cqrs';
import { UserAccountKind } from '../../../domain';
import { TransferView } from '../../views';

/** Between the user's own SPOT and MARGIN accounts. */
export class TransferCommand extends Command<TransferView> {
  constructor(
    readonly userId: string,
    readonly asset: string,
    readonly amount: string,
    readonly from: UserAccountKind,
    readonly to: UserAccountKind,
  ) {
    super();
  }
}
