import type { Holding, PositionRecord } from '@lib/positions';
import { AvailableFunds, FundsRef, UserAccountKind, fundsTakenBy } from '@lib/wallet';
import { MarketSpec, Order } from '../../domain';
import type { MarketMemory } from '../order-books';
import { clientOrderKey, type NamedOrder } from '../ports';
import { PerpPositions } from './perp-positions';
import { Accepted, Facts, MarketView } from './turn-command';

/**
 * One batch: its commands may be on several markets (one lane). What is
 * shared by all of them, as the decisions so far left it: the funds read
 * once (a user's USDT spent in two markets of the batch is one balance), the
 * open-order counts, the clientOrderIds read. The batch is the facts every
 * decider reads; applying a decision is the only way they change.
 */
export class Batch implements Facts {
  private readonly newResting = new Map<string, number>();

  constructor(
    private readonly openCounts: ReadonlyMap<string, number>,
    private readonly funds: AvailableFunds | null,
    /** `${userId}:${clientOrderId}` to the order it names, for the clientOrderIds the commands declared. */
    private readonly named: ReadonlyMap<string, NamedOrder>,
    private readonly suspended: { readonly any: boolean; has(userId: string): boolean },
    private readonly clock: () => Date,
    private readonly ids: () => string,
    /** The declared users' positions and the perpetual marks (null when no command declared margin). */
    private readonly positions: PerpPositions | null = null,
    /** The INSURANCE_FUND's balance per declared asset (drawn down by the batch's liquidations). */
    private readonly insurance: Map<string, bigint> = new Map(),
  ) {}

  /** The time of the decision being made (the clock is read for each). */
  get now(): Date {
    return this.clock();
  }

  newId(): string {
    return this.ids();
  }

  shortfall(ref: FundsRef, amount: bigint): Error | null {
    if (!this.funds) throw new Error(`funds of ${ref.userId} were not declared`);
    return this.funds.shortfall(ref, amount);
  }

  openOrderCount(userId: string): number {
    return (this.openCounts.get(userId) ?? 0) + (this.newResting.get(userId) ?? 0);
  }

  orderNamed(userId: string, clientOrderId: string): NamedOrder | undefined {
    return this.named.get(clientOrderKey(userId, clientOrderId));
  }

  isSuspended(userId: string): boolean {
    return this.suspended.any && this.suspended.has(userId);
  }

  positionOf(userId: string, spec: MarketSpec): PositionRecord {
    return this.perp().of(userId, spec, this.now);
  }

  holdingsOf(userId: string, asset: string): Holding[] {
    return this.perp().holdings(userId, asset);
  }

  marginCash(userId: string, asset: string): bigint {
    if (!this.funds) throw new Error(`funds of ${userId} were not declared`);
    return this.funds.available({ userId, account: UserAccountKind.MARGIN, asset });
  }

  marginAvailable(userId: string, asset: string): bigint {
    return this.perp().margin(userId, asset, this.marginCash(userId, asset));
  }

  availableOf(ref: FundsRef): bigint | undefined {
    return this.funds?.has(ref) ? this.funds.available(ref) : undefined;
  }

  markOf(symbol: string): bigint | undefined {
    return this.perp().mark(symbol);
  }

  insuranceFund(asset: string): bigint {
    const balance = this.insurance.get(asset);
    if (balance === undefined) throw new Error(`the insurance fund of ${asset} was not declared`);
    return balance;
  }

  private perp(): PerpPositions {
    if (!this.positions) throw new Error('no command of the batch declared margin');
    return this.positions;
  }

  /** Keeps the market's memory and the facts in step with what a decision did. */
  apply(market: MarketBatch, decision: Accepted<unknown>): void {
    for (const { order, isNew } of decision.orders) {
      market.take(order);
      if (isNew && order.isLive) this.newResting.set(order.state.userId, (this.newResting.get(order.state.userId) ?? 0) + 1);
    }
    for (const intent of decision.intents) {
      const taken = fundsTakenBy(intent);
      if (taken) this.funds!.take(taken, taken.amount);
    }
    for (const record of decision.positions ?? []) market.takePosition(record);
    for (const pass of decision.passes) {
      if (pass.settlement?.kind !== 'SETTLE_PERP_TRADES') continue;
      const drawn = pass.settlement.legs.reduce((sum, leg) => sum + (leg.insuranceCover ?? 0n), 0n);
      if (drawn > 0n) this.insurance.set(pass.settlement.asset, this.insuranceFund(pass.settlement.asset) - drawn);
    }
    if (writes(decision)) market.written = true;
  }
}

/** Whether a decision has anything to write (a decision that only answers has not). */
export function writes(decision: Accepted<unknown>): boolean {
  return decision.orders.length > 0 || decision.intents.length > 0 || decision.passes.length > 0 || (decision.positions?.length ?? 0) > 0 || (decision.events?.length ?? 0) > 0 || decision.write !== undefined || decision.writeLast !== undefined;
}

/** One market of a batch, as its deciders see it. */
export class MarketBatch implements MarketView {
  /** A decision of this batch wrote to the market. */
  written = false;
  /** A decider threw here: the book may hold what it did, rebuild it. */
  broken = false;
  private readonly touched = new Map<string, Order>();
  /** The users whose row of this market a decision of the batch changed. */
  private readonly positionsTouched = new Set<string>();
  private readonly seqAtStart: number;

  constructor(readonly memory: MarketMemory) {
    this.seqAtStart = memory.book.seq;
  }

  get book() {
    return this.memory.book;
  }

  /** The book or the orders in memory differ from what the batch started with: on a rollback they must be rebuilt. */
  get changed(): boolean {
    return this.broken || this.touched.size > 0 || this.positionsTouched.size > 0 || this.memory.book.seq !== this.seqAtStart;
  }

  openOrder(id: string): Order | undefined {
    return this.memory.open.get(id);
  }

  touchedOrder(id: string): Order | undefined {
    return this.touched.get(id);
  }

  openOrdersOf(userId: string): Order[] {
    return this.memory.open.ofUser(userId).sort((a, b) => (a.state.priority < b.state.priority ? -1 : 1));
  }

  untriggeredOrder(id: string): Order | undefined {
    return this.memory.untriggered.get(id);
  }

  untriggeredOf(userId: string): Order[] {
    return this.memory.untriggered.ofUser(userId).sort((a, b) => a.state.createdAt.getTime() - b.state.createdAt.getTime() || (a.state.id < b.state.id ? -1 : 1));
  }

  openPositions(): PositionRecord[] {
    const rows: PositionRecord[] = [];
    for (const record of this.memory.positions.values()) if (record.position.size !== 0n) rows.push(record);
    return rows;
  }

  /** A position row's new state, from a decision (with the version it was stored with: the write checks it). */
  takePosition(record: PositionRecord): void {
    if (record.symbol !== this.memory.book.symbol) throw new Error(`a decision on ${this.memory.book.symbol} changed a position of ${record.symbol}`);
    this.positionsTouched.add(record.userId);
    this.memory.positions.set(record.userId, record);
  }

  /** The batch committed: each row it wrote is stored one version on. */
  positionsCommitted(): void {
    for (const userId of this.positionsTouched) {
      const record = this.memory.positions.get(userId)!;
      this.memory.positions.set(userId, { ...record, version: record.version + 1 });
    }
    this.positionsTouched.clear();
  }

  /** An order's new state, from a decision: open ones stay in memory (untriggered ones beside the book), the others leave it. */
  take(order: Order): void {
    this.touched.set(order.state.id, order);
    if (order.isOpen) this.memory.open.set(order.state.id, order);
    else this.memory.open.delete(order.state.id);
    if (order.isUntriggered) this.memory.untriggered.set(order.state.id, order);
    else this.memory.untriggered.delete(order.state.id);
  }
}
