import { Injectable } from '@nestjs/common';
import { PositionRecord } from '@lib/positions';
import { MarketSpec } from '../../domain';
import { MarketMemory, OrderBooks } from '../order-books';
import { MarketSpecs } from '../ports';
import type { Pending } from './batch-runner';
import { PerpMarkets, PerpPositions } from './perp-positions';

/**
 * What a batch with perpetual commands decides on besides its books: the
 * perpetual markets with their marks, and the position rows, which live in
 * each market's memory beside its book (loaded with it, at its version, kept
 * in step by the batches). The batch's own markets give theirs; the other
 * perpetual markets of the same settlement assets (the same lane: see
 * MarketTurns) give their cached memory, loaded once when a process has not
 * run them yet. So the fast path reads no position at all.
 */
@Injectable()
export class PerpReads {
  constructor(
    private readonly specs: MarketSpecs,
    private readonly books: OrderBooks,
  ) {}

  /** Whether the batch needs positions: a command declared margin, or runs on a perpetual market. */
  needed(items: readonly Pending[]): boolean {
    return items.some((i) => i.command.needs.margin !== undefined || i.command.spec.kind === 'PERPETUAL');
  }

  /**
   * Starts the reads of a batch's positions (the marks, beside the
   * transaction); `positions`, given the batch's markets once loaded,
   * answers null when no command needs them.
   */
  start(items: readonly Pending[]) {
    if (!this.needed(items)) return { positions: (): Promise<PerpPositions | null> => Promise.resolve(null) };
    const assets = new Set<string>();
    for (const { command } of items) {
      if (command.needs.margin) assets.add(command.needs.margin.asset);
      if (command.spec.kind === 'PERPETUAL') assets.add(command.spec.quote);
    }
    const markets = this.markets(assets);
    markets.catch(() => undefined);
    return { positions: async (loaded: ReadonlyMap<string, { readonly memory: MarketMemory }>): Promise<PerpPositions> => this.rowsOf(await markets, loaded) };
  }

  /**
   * The positions of the perpetual markets settled in `assets`, for a read in
   * their lane between batches (an order preview): from their memories.
   */
  async between(assets: ReadonlySet<string>): Promise<PerpPositions> {
    return this.rowsOf(await this.markets(assets), new Map());
  }

  private async rowsOf(markets: PerpMarkets, loaded: ReadonlyMap<string, { readonly memory: MarketMemory }>): Promise<PerpPositions> {
    const rows = new Map<string, ReadonlyMap<string, PositionRecord>>();
    for (const symbol of markets.specs.keys()) {
      const memory = loaded.get(symbol)?.memory ?? this.books.cached(symbol)?.memory ?? (await this.books.currentMemory(symbol));
      rows.set(symbol, memory.positions);
    }
    return new PerpPositions(rows, markets);
  }

  /** The perpetual markets settled in `assets`, and their marks (a market the feed has not priced yet has none). */
  async markets(assets: ReadonlySet<string>): Promise<PerpMarkets> {
    const perps = (await this.specs.list()).filter((s) => s.kind === 'PERPETUAL' && assets.has(s.quote));
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
