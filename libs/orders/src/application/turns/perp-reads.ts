import { Injectable } from '@nestjs/common';
import { PositionRecord, PositionRepository } from '@lib/positions';
import { MarketSpec } from '../../domain';
import type { MarketMemory } from '../order-books';
import { MarketSpecs } from '../ports';
import type { Pending } from './batch-runner';
import { PerpMarkets, PerpPositions } from './perp-positions';

/**
 * What a batch with perpetual commands reads besides the orders' needs: the
 * perpetual markets with their marks, and the position rows of every user
 * its decisions may touch: the users that declared margin, and the owners
 * of the orders resting on its perpetual markets (the makers a pass can
 * fill).
 */
@Injectable()
export class PerpReads {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly positions: PositionRepository,
  ) {}

  /**
   * Starts the reads of a batch's positions: beside the transaction, from the
   * cached books' makers, on the fast path; once the books are loaded (after
   * the bump) otherwise. `positions` answers null when no command needs them.
   */
  start(items: readonly Pending[], cached: ReadonlyMap<string, { readonly memory: MarketMemory }> | undefined) {
    if (!this.needed(items)) return { positions: (): Promise<PerpPositions | null> => Promise.resolve(null) };
    const markets = this.markets();
    const perps = new Set(items.filter((i) => i.command.spec.kind === 'PERPETUAL').map((i) => i.command.spec.symbol));
    const memoriesOf = (all: Iterable<[string, { readonly memory: MarketMemory }]>) => [...all].filter(([symbol]) => perps.has(symbol)).map(([, m]) => m.memory);
    const early = cached ? this.users(items, memoriesOf(cached)) : undefined;
    const earlyRows = early ? this.rows(early) : undefined;
    for (const read of [markets, earlyRows]) read?.catch(() => undefined);
    return {
      positions: async (loaded: ReadonlyMap<string, { readonly memory: MarketMemory }>): Promise<PerpPositions | null> => {
        const users = early ?? this.users(items, memoriesOf(loaded));
        const rows = earlyRows ? await earlyRows : await this.rows(users);
        return new PerpPositions(rows, await markets, users);
      },
    };
  }

  /** Whether the batch needs positions: a command declared margin, or runs on a perpetual market. */
  needed(items: readonly Pending[]): boolean {
    return items.some((i) => i.command.needs.margin !== undefined || i.command.spec.kind === 'PERPETUAL');
  }

  /** The users whose rows the batch reads, given its perpetual markets' memory. */
  users(items: readonly Pending[], memories: readonly MarketMemory[]): Set<string> {
    const users = new Set<string>();
    for (const { command } of items) {
      if (command.needs.margin) users.add(command.needs.margin.userId);
    }
    for (const memory of memories) for (const order of memory.open.values()) users.add(order.state.userId);
    return users;
  }

  rows(users: ReadonlySet<string>): Promise<ReadonlyMap<string, readonly PositionRecord[]>> {
    return users.size === 0 ? Promise.resolve(new Map()) : this.positions.ofUsers([...users]);
  }

  /** Every perpetual market and its mark (a market the feed has not priced yet has none). */
  async markets(): Promise<PerpMarkets> {
    const perps = (await this.specs.list()).filter((s) => s.kind === 'PERPETUAL');
    const specs = new Map<string, MarketSpec>(perps.map((s) => [s.symbol, s]));
    const marks = new Map<string, bigint>();
    await Promise.all(
      perps.map(async (s) => {
        const mark = await this.specs.markPrice(s);
        if (mark !== null) marks.set(s.symbol, mark);
      }),
    );
    return { specs, marks };
  }
}
