import { Command } from '@nestjs/cqrs';
import { LedgerEntryType, Posting } from '../../../domain';
import type { NewIntegrationEvent } from '@lib/platform';
import { LedgerPostingResult, LedgerRefusal } from '../../views';

export interface LedgerEntryInput {
  readonly type: LedgerEntryType;
  readonly reference: string;
  readonly postings: readonly Posting[];
  readonly metadata?: Record<string, string>;
}

export interface PostLedgerOptions {
  /**
   * Return the BalanceChanged events instead of writing them, for the
   * caller to append with its own events in one outbox insert (it must,
   * in the same transaction).
   */
  readonly deferEvents?: boolean;
  /**
   * Return INSUFFICIENT_BALANCE as `refused` (with the index of the entry
   * that would overdraw; nothing written) instead of throwing it.
   */
  readonly reportRefusal?: boolean;
  /**
   * Lock and write in one statement, the balance check left to the
   * accounts' constraints: an overdraft throws OptimisticPostingRefused and
   * aborts the caller's transaction (post again without it to learn which
   * entry). For callers that checked the funds beforehand.
   */
  readonly optimistic?: boolean;
}

/**
 * For other contexts: several balanced transactions posted together in the
 * caller's transaction with ONE round of account locks, e.g. an order's hold
 * and its trades' settlement. All or nothing: INSUFFICIENT_BALANCE writes
 * nothing. Each keeps its own reference (a repeated one is a no-op).
 */
export class PostLedgerTransactionsCommand extends Command<LedgerBatchResult> {
  constructor(
    readonly entries: readonly LedgerEntryInput[],
    readonly options: PostLedgerOptions = {},
  ) {
    super();
  }
}

export interface LedgerBatchResult {
  readonly results: readonly LedgerPostingResult[];
  /** Empty unless deferEvents. */
  readonly events: readonly NewIntegrationEvent[];
  /** Only with reportRefusal: the batch was refused as a whole (results and events are empty). */
  readonly refused?: LedgerRefusal;
}
