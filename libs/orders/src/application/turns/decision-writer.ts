import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Metrics, NewIntegrationEvent, OutboxWriter } from '@lib/platform';
import type { Counter } from 'prom-client';
import { ClosedPosition, PositionRecord, PositionRepository, positionChangedEvent } from '@lib/positions';
import { ApplyLedgerIntentsCommand, LedgerIntent, OptimisticPostingRefused, WalletError } from '@lib/wallet';
import { MarketSpec, Order } from '../../domain';
import { bookChangedEvents, orderUpdatedEvent, tradeEvents } from '../events';
import { MarketVersionCheck, OrderRepository, StoredTrade } from '../ports';
import { Accepted } from './turn-command';

/** A decision to write, the market it was decided on, and which command of the batch it is. */
export interface DecisionToWrite {
  readonly spec: MarketSpec;
  readonly decision: Accepted<unknown>;
  readonly owner: number;
}

export type WriteOutcome =
  /** Written; each decision's trades as stored (ids known), in the order given. */
  | { readonly kind: 'written'; readonly trades: readonly (readonly StoredTrade[])[] }
  /** The intents of command `owner` would overdraw an account (a balance moved since the batch read it): nothing posted; roll back. */
  | { readonly kind: 'refused'; readonly owner: number; readonly error: WalletError | Error }
  /** The optimistic posting hit a balance constraint (the transaction is aborted): run the batch again, with locking. */
  | { readonly kind: 'recheck' }
  /** A market was not at the version the batch decided on (another instance wrote it): nothing was written; roll back. */
  | { readonly kind: 'moved' };

/**
 * Writes a batch's decisions in the batch's transaction, whatever the number
 * of commands: orders and trades in one statement, every ledger intent in one
 * wallet call (ONE round of account locks, in id order, so two markets'
 * batches never deadlock), every event in one outbox insert. The events are
 * derived from the decisions: each changed order's new state, then each
 * trade (both fills and the public trade), then each pass's book levels.
 */
@Injectable()
export class DecisionWriter {
  constructor(
    private readonly orders: OrderRepository,
    private readonly commands: CommandBus,
    private readonly outbox: OutboxWriter,
    private readonly positions: PositionRepository,
    metrics: Metrics,
  ) {
    this.placed = metrics.counter('exchange_orders_placed_total', 'Orders written as new by the market turns of this instance (a batch retried after a failed commit counts again)', ['symbol']);
  }

  private readonly placed: Counter<'symbol'>;

  /**
   * `locking`: the wallet locks and checks intent by intent (and names the
   * command), instead of the optimistic one statement whose overdraft comes
   * back as 'recheck'. `expected`: the batch decided on books in memory
   * without bumping their markets first; the orders + trades statement bumps
   * the markets it writes and checks the others (OrderRepository.writePass),
   * and a batch with nothing to write still checks them (its refusals were
   * decided on those books too).
   */
  async write(decisions: readonly DecisionToWrite[], options: { locking: boolean; expected?: MarketVersionCheck }): Promise<WriteOutcome> {
    const { expected } = options;
    const writing = decisions.filter(({ decision: d }) => d.orders.length + d.intents.length + d.passes.length + (d.positions?.length ?? 0) > 0 || d.write !== undefined || d.writeLast !== undefined);
    if (writing.length === 0) {
      if (expected === undefined || expected.bump.size + expected.unchanged.size === 0) return { kind: 'written', trades: decisions.map(() => []) };
      return (await this.orders.writePass([], [], expected)).current ? { kind: 'written', trades: decisions.map(() => []) } : { kind: 'moved' };
    }
    // One row per order, in its state after the batch's last decision on it; new if any decision created it.
    const rows = new Map<string, { order: Order; isNew: boolean }>();
    for (const { decision } of decisions) {
      for (const { order, isNew } of decision.orders) rows.set(order.state.id, { order, isNew: isNew || (rows.get(order.state.id)?.isNew ?? false) });
    }
    const newTrades = decisions.flatMap(({ decision }) => decision.passes.flatMap((p) => p.trades));
    const written = await this.orders.writePass(
      [...rows.values()].map(({ order, isNew }) => ({ order: order.state, isNew })),
      newTrades,
      expected,
    );
    if (!written.current) return { kind: 'moved' };
    for (const { order, isNew } of rows.values()) if (isNew) this.placed.inc({ symbol: order.state.symbol });

    // The statement returns the trades in insertion order (ids ascending): each pass gets its own.
    let at = 0;
    const intents: LedgerIntent[] = [];
    const owners: number[] = [];
    const events: NewIntegrationEvent[] = [];
    const tradesOf = decisions.map(({ spec, decision, owner }) => {
      const mine: StoredTrade[] = [];
      const settlements: LedgerIntent[] = [];
      for (const pass of decision.passes) {
        const stored = written.trades.slice(at, at + pass.trades.length);
        at += pass.trades.length;
        mine.push(...stored);
        if (pass.settlement) settlements.push({ ...pass.settlement, firstTradeId: stored[0]!.id });
      }
      for (const intent of [...decision.intents, ...settlements]) {
        intents.push(intent);
        owners.push(owner);
      }
      events.push(
        ...decision.orders.map(({ order }) => orderUpdatedEvent(spec, order.state)),
        ...mine.flatMap((t) => tradeEvents(spec, t)),
        ...decision.passes.flatMap((p) => bookChangedEvents(spec, p.result)),
      );
      return mine;
    });

    // Each position row in its state after the batch's last decision on it (with the version read), in one statement.
    const positions = new Map<string, { record: PositionRecord; spec: MarketSpec }>();
    const closed: ClosedPosition[] = [];
    for (const { spec, decision } of decisions) {
      for (const record of decision.positions ?? []) positions.set(`${record.userId}:${record.symbol}`, { record, spec });
      closed.push(...(decision.closedPositions ?? []));
    }
    if (positions.size > 0) {
      if (!(await this.positions.write([...positions.values()].map((p) => p.record), closed))) return { kind: 'moved' };
      const lastClosed = new Map(closed.map((c) => [`${c.userId}:${c.symbol}`, c]));
      for (const [key, { record, spec }] of positions) events.push(positionChangedEvent(spec, record, lastClosed.get(key)));
    }
    for (const { decision } of decisions) events.push(...(decision.events ?? []));
    // The deciding contexts' own writes (a funding time's record): a refusal takes its command out.
    for (const { decision, owner } of decisions) {
      const error = decision.write ? await decision.write() : null;
      if (error) return { kind: 'refused', owner, error };
    }

    let walletEvents: readonly NewIntegrationEvent[] = [];
    if (intents.length > 0) {
      try {
        // Optimistic (lock and write in one statement) unless asked to lock: the funds were checked in memory.
        const applied = await this.commands.execute(new ApplyLedgerIntentsCommand(intents, options.locking ? 'locking' : 'optimistic'));
        if (applied.kind === 'refused') return { kind: 'refused', owner: owners[applied.index]!, error: applied.error };
        walletEvents = applied.events;
      } catch (error) {
        if (error instanceof OptimisticPostingRefused) return { kind: 'recheck' };
        throw error;
      }
    }
    // After the ledger's account locks (an audit entry's lock is taken last, as every audited action takes it).
    for (const { decision } of decisions) if (decision.writeLast) await decision.writeLast();
    await this.outbox.append([...walletEvents, ...events]);
    return { kind: 'written', trades: tradesOf };
  }
}
