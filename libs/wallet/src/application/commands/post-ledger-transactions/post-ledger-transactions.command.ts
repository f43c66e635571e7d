import { Command } from '@nestjs/cqrs';
import { LedgerEntryType, Posting } from '../../../domain';
import { LedgerPostingResult } from '../../views';

export interface LedgerEntryInput {
  readonly type: LedgerEntryType;
  readonly reference: string;
  readonly postings: readonly Posting[];
  readonly metadata?: Record<string, string>;
}

/**
 * For other contexts: several balanced transactions posted together in the
 * caller's transaction with ONE round of account locks, e.g. an order's hold
 * and its trades' settlement. All or nothing: INSUFFICIENT_BALANCE writes
 * nothing. Each keeps its own reference (a repeated one is a no-op).
 */
export class PostLedgerTransactionsCommand extends Command<LedgerPostingResult[]> {
  constructor(readonly entries: readonly LedgerEntryInput[]) {
    super();
  }
}
