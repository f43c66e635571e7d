import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, LeadershipService, LeasedLoop } from '@lib/platform';
import { FundingRepository } from '../ports/funding.repository.port';
import { FundingRates } from './funding-rates';
import { FundingSettler } from './funding-settler';
import { PerpetualMarkets } from './perpetual-markets';

export const FUNDING_LEASE = 'risk.funding';
/** After downtime, the funding times missed are settled back this many intervals at most (docs/risk.md, "Catching up"). */
export const CATCH_UP_INTERVALS = 3;
/** How often the leader looks for a due funding time, at most. */
const POLL_MS = 1000;

/**
 * The funding job (lease `risk.funding`, one instance): at each funding time,
 * each perpetual market's FUND (FundingSettler), oldest first. On each round
 * it settles, per market, the funding times due since the latest recorded
 * one, at most the last CATCH_UP_INTERVALS of them (docs/risk.md). Exactly once does not rest on the lease: a second
 * instance, a repeat or a restart is refused by the record's key.
 */
@Injectable()
export class FundingJob implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('FundingJob');
  private readonly loop: LeasedLoop;
  /** The funding time this leader last settled every market for: nothing to do until the next one is due. */
  private doneUpTo = 0;

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly markets: PerpetualMarkets,
    private readonly repository: FundingRepository,
    private readonly rates: FundingRates,
    private readonly settler: FundingSettler,
  ) {
    this.loop = new LeasedLoop(FUNDING_LEASE, Math.min(POLL_MS, config.risk.fundingIntervalMs), () => this.round(), this.logger);
  }

  onApplicationBootstrap(): void {
    if (this.config.risk.fundingEnabled) this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * One round: the funding times of every perpetual market due by `due` (the
   * latest funding time now; a test may name another), a failed market tried
   * again on the next round.
   */
  async round(due: Date = this.rates.latestDue()): Promise<void> {
    if (due.getTime() === this.doneUpTo) return;
    let complete = true;
    for (const market of await this.markets.list()) {
      try {
        for (const time of await this.dueTimes(market.symbol, due)) await this.settler.settle(market, time);
      } catch (error) {
        complete = false;
        this.logger.warn(`funding of ${market.symbol} not settled yet: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    if (complete) this.doneUpTo = due.getTime();
  }

  /**
   * The funding times of `symbol` to settle now, oldest first: those after
   * the latest recorded one up to `due`, the last CATCH_UP_INTERVALS of them;
   * a market never settled starts with `due`.
   */
  async dueTimes(symbol: string, due: Date): Promise<Date[]> {
    const interval = this.config.risk.fundingIntervalMs;
    const last = await this.repository.last(symbol);
    if (!last) return [due];
    const times: Date[] = [];
    for (let t = last.fundingTime.getTime() + interval; t <= due.getTime(); t += interval) times.push(new Date(t));
    return times.slice(-CATCH_UP_INTERVALS);
  }
}
