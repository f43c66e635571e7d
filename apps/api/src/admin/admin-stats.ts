import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { GetUserActivityQuery } from '@lib/auth';
import { Clock, formatUnits } from '@lib/kernel';
import { ListInstrumentsQuery } from '@lib/market';
import { GetOrdersActivityQuery } from '@lib/orders';
import type { MarketActivityView } from '@lib/orders';
import { OutboxLag } from '@lib/platform';
import type { OutboxLagView } from '@lib/platform';
import { GetOpenInterestQuery } from '@lib/positions';
import { GetInsuranceFundQuery } from '@lib/wallet';

/** The exchange at a glance for an admin (GET /api/v1/admin/stats). Amounts are exact decimal strings. */
export interface AdminStatsView {
  readonly at: string;
  /** The start of the window of the 24 h figures: `at` less 24 hours. */
  readonly since: string;
  readonly users: { readonly total: number; readonly active24h: number };
  readonly markets: readonly MarketActivityView[];
  readonly openOrders: { readonly total: number; readonly untriggered: number };
  readonly outbox: OutboxLagView;
  readonly perpetuals: readonly PerpetualStatsView[];
}

export interface PerpetualStatsView {
  readonly symbol: string;
  readonly settlementAsset: string;
  /** Σ of the long positions' sizes (= Σ of the shorts' when balanced), at the market's quantity scale. */
  readonly openInterest: string;
  /** The INSURANCE_FUND's balance of the settlement asset. */
  readonly insuranceFund: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Gathers the figures from the contexts that own them, each through its own
 * query: the accounts (auth), the trades and open orders (orders), the open
 * interest (positions), the insurance fund (wallet), the outbox (platform).
 * The reads run side by side, each an indexed query of its own; nothing is
 * cached (an admin reads it now and then).
 */
@Injectable()
export class AdminStats {
  constructor(
    private readonly queries: QueryBus,
    private readonly outbox: OutboxLag,
    private readonly clock: Clock,
  ) {}

  async read(): Promise<AdminStatsView> {
    const at = this.clock.now();
    const since = new Date(at.getTime() - DAY_MS);
    const instruments = await this.queries.execute(new ListInstrumentsQuery());
    const perps = instruments.filter((i) => i.kind === 'PERPETUAL');
    const assets = [...new Set(perps.map((p) => p.quote))];
    const [users, orders, outbox, interest, funds] = await Promise.all([
      this.queries.execute(new GetUserActivityQuery(since)),
      this.queries.execute(new GetOrdersActivityQuery(since, at)),
      this.outbox.read(),
      this.queries.execute(new GetOpenInterestQuery(perps.map((p) => p.symbol))),
      assets.length === 0 ? Promise.resolve(new Map<string, bigint>()) : this.queries.execute(new GetInsuranceFundQuery(assets)),
    ]);
    return {
      at: at.toISOString(),
      since: since.toISOString(),
      users: { total: users.total, active24h: users.active },
      markets: orders.markets,
      openOrders: { total: orders.openOrders, untriggered: orders.untriggeredOrders },
      outbox,
      perpetuals: perps.map((p) => ({
        symbol: p.symbol,
        settlementAsset: p.quote,
        openInterest: formatUnits(interest.get(p.symbol)?.long ?? 0n, p.quantityScale),
        insuranceFund: formatUnits(funds.get(p.quote) ?? 0n, p.quoteDecimals),
      })),
    };
  }
}
