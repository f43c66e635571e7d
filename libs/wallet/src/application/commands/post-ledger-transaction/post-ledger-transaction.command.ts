import { Command } from '@nestjs/cqrs';
import { LedgerEntryType, Posting } from '../../../domain';
import { LedgerPostingResult } from '../../views';

/**
 * For other contexts: post any balanced set of postings as one ledger
 * transaction in the caller's transaction, e.g. a trade's legs (buyer,
 * seller, maker and taker fees to FEES). Unbalanced postings are a
 * programming error (UNBALANCED_TRANSACTION); a repeated reference is a no-op.
 */
export class PostLedgerTransactionCommand extends Command<LedgerPostingResult> {
  constructor(
    readonly type: LedgerEntryType,
    readonly reference: string,
    readonly postings: readonly Posting[],
    readonly metadata: Record<string, string> = {},
  ) {
    super();
  }
}
