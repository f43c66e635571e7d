import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { OutboxWriter } from '@lib/platform';
import { LedgerEntryInput, OptimisticPostingRefused, PostLedgerTransactionsCommand, WalletError } from '@lib/wallet';
import { Order } from '../domain';
import { MarketVersionCheck, OrderRepository, StoredTrade } from './ports';
import { TurnWrite } from './turn';

export type FlushOutcome =
  | { readonly kind: 'written' }
  | { readonly kind: 'refused'; readonly owner: number; readonly error: WalletError }
  /** The optimistic posting hit a balance constraint (the transaction is aborted): run the batch again, carefully. */
  | { readonly kind: 'recheck' }
  /** A market was not at the version the batch decided on (another instance wrote it): nothing was written; roll back. */
  | { readonly kind: 'moved' };

/**
 * Writes a batch's staged writes in the batch's transaction, whatever the
 * number of commands: orders and trades in one statement, every ledger entry
 * in one posting (ONE round of account locks, in id order, so two markets'
 * batches never deadlock), every event in one outbox insert.
 */
@Injectable()
export class TurnWriter {
  constructor(
    private readonly orders: OrderRepository,
    private readonly commands: CommandBus,
    private readonly outbox: OutboxWriter,
  ) {}

  /**
   * 'refused': the ledger found that the entries of command `owner` would
   * overdraw an account (a balance moved since the batch read it): nothing is
   * posted, and the caller rolls the transaction back. The posting is
   * optimistic (one statement) unless `careful`: then an overdraft comes back
   * as 'recheck' and the caller runs the batch again with `careful`, which
   * locks, checks entry by entry and names the command.
   *
   * `expected`: the batch decided on books in memory without bumping their
   * markets first. The orders + trades statement bumps the markets it writes
   * and checks the others (see OrderRepository.writePass); 'moved' when one
   * was not where the batch expected it (nothing written, nothing posted).
   * A batch with nothing to write still checks them (the same statement,
   * with no rows): its refusals were decided on those books too.
   */
  async flush(
    writes: readonly { readonly write: TurnWrite; readonly owner: number }[],
    options: { careful?: boolean; expected?: MarketVersionCheck } = {},
  ): Promise<FlushOutcome> {
    const { expected } = options;
    if (writes.length === 0) {
      if (expected === undefined || expected.bump.size + expected.unchanged.size === 0) return { kind: 'written' };
      return (await this.orders.writePass([], [], expected)).current ? { kind: 'written' } : { kind: 'moved' };
    }
    // One row per order, in its state at the end of the batch; new if any command created it.
    const rows = new Map<string, { order: Order; isNew: boolean }>();
    for (const { write } of writes) {
      for (const { order, isNew } of write.orders) rows.set(order.state.id, { order, isNew: isNew || (rows.get(order.state.id)?.isNew ?? false) });
    }
    const newTrades = writes.flatMap(({ write }) => write.trades);
    const { trades: stored, current } = await this.orders.writePass(
      [...rows.values()].map(({ order, isNew }) => ({ order: order.state, isNew })),
      newTrades,
      expected,
    );
    if (!current) return { kind: 'moved' };
    // The statement returns the trades in insertion order (ids ascending): each write gets its own.
    const tradesOf: StoredTrade[][] = [];
    let at = 0;
    for (const { write } of writes) {
      const trades = stored.slice(at, at + write.trades.length);
      at += write.trades.length;
      tradesOf.push(trades);
      write.written?.(trades);
    }

    const entries: LedgerEntryInput[] = [];
    const owners: number[] = [];
    writes.forEach(({ write, owner }, i) => {
      for (const entry of write.entries(tradesOf[i]!)) {
        entries.push(entry);
        owners.push(owner);
      }
    });
    if (entries.length > 0) {
      let posted;
      try {
        // Optimistic (lock and write in one statement) unless asked to be careful: the funds were checked in memory.
        posted = await this.commands.execute(new PostLedgerTransactionsCommand(entries, { deferEvents: true, reportRefusal: true, optimistic: !options.careful }));
      } catch (error) {
        if (error instanceof OptimisticPostingRefused) return { kind: 'recheck' };
        throw error;
      }
      if (posted.refused) return { kind: 'refused', owner: owners[posted.refused.index]!, error: posted.refused.error };
      // A settlement that "already happened" would leave these trades unpaid: never acceptable.
      if (posted.results.some((p) => p.duplicate)) throw new Error('ledger references of this batch were posted before');
      await this.outbox.append([...posted.events, ...writes.flatMap(({ write }, i) => write.events(tradesOf[i]!))]);
    } else {
      await this.outbox.append(writes.flatMap(({ write }, i) => write.events(tradesOf[i]!)));
    }
    return { kind: 'written' };
  }
}
