import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { formatUnits } from '@lib/kernel';
import { InstrumentKind, ListMarketsQuery } from '@lib/market';
import { OutboxLag, type OutboxLagView } from '@lib/platform';
import { GetOpenInterestQuery } from '@lib/positions';
import { GetInsuranceFundReportQuery } from '@lib/wallet';
import type { PerpFacts } from './admin.events';

/** Facts of the whole exchange, the same whichever instance reads them. */
export interface GlobalFactsView {
  readonly outbox: OutboxLagView;
  /** Per market: ms since its last price; null when it was never priced. */
  readonly feedAgeMs: Record<string, number | null>;
  readonly perps: PerpFacts[];
}

/**
 * Reads the exchange-wide facts of an interval: the outbox relay's backlog,
 * each market's price age, each perpetual's open interest and its settlement
 * asset's insurance fund. Read only by an instance that has /admin sockets or
 * evaluates the alerts: a few indexed queries per interval.
 */
@Injectable()
export class GlobalFacts {
  constructor(
    private readonly queries: QueryBus,
    private readonly outboxLag: OutboxLag,
  ) {}

  async read(now = Date.now()): Promise<GlobalFactsView> {
    const [outbox, markets, fund] = await Promise.all([
      this.outboxLag.read(),
      this.queries.execute(new ListMarketsQuery()),
      this.queries.execute(new GetInsuranceFundReportQuery(undefined, undefined, 1)),
    ]);
    const feedAgeMs: Record<string, number | null> = {};
    for (const m of markets) feedAgeMs[m.symbol] = m.ticker.updatedAt === null ? null : Math.max(0, now - Date.parse(m.ticker.updatedAt));
    const balances = new Map(fund.balances.map((b) => [b.asset, b.balance]));
    const perpMarkets = markets.filter((m) => m.kind === InstrumentKind.PERPETUAL);
    const interest = await this.queries.execute(new GetOpenInterestQuery(perpMarkets.map((m) => m.symbol)));
    const perps = perpMarkets.map(
      (m): PerpFacts => ({ symbol: m.symbol, asset: m.quoteAsset, openInterest: formatUnits(interest.get(m.symbol)?.long ?? 0n, m.quantityScale), insuranceFund: balances.get(m.quoteAsset) ?? '0' }),
    );
    return { outbox, feedAgeMs, perps };
  }
}
