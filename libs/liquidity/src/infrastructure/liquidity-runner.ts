import { randomUUID } from 'node:crypto';
import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { AppConfig, LeadershipLease, LeadershipService } from '@lib/platform';
import { MarketMaker } from '../application/market-maker';
import { NoiseTrader } from '../application/noise-trader';

/** The lease name: one set of liquidity bots per database. */
export const LIQUIDITY_LEASE = 'liquidity';
/** How often the noise trader looks for due orders (each market has its own seeded schedule). */
const NOISE_POLL_MS = 200;
const WITHDRAW_TIMEOUT_MS = 3000;

/**
 * Runs the market maker and the noise trader on the holder of the
 * `liquidity` lease only (a PostgreSQL advisory lock, see LeadershipLease):
 * two instances on one database never quote twice. Each loop waits for its
 * previous run before the next (no overlap). Losing the lease stops both at
 * once; the next leader takes the maker's orders over as they are (same
 * account) and brings them to its ladder. A leader that shuts down cleanly
 * cancels the maker's orders first, so no stale quotes outlive it.
 */
@Injectable()
export class LiquidityRunner implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Liquidity');
  private readonly instanceId = randomUUID();
  private lease: LeadershipLease | undefined;
  private leading = false;
  /** Bumped on every change of leadership: a run of an older term never schedules the next. */
  private term = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly maker: MarketMaker,
    private readonly noise: NoiseTrader,
  ) {}

  onApplicationBootstrap(): void {
    const c = this.config.liquidity;
    if (!c.marketMaker && !c.noiseTrader) return;
    this.lease = this.leadership.lease(LIQUIDITY_LEASE);
    this.lease.onChange((leader) => (leader ? this.lead() : this.follow()));
    this.lease.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const wasLeading = this.leading;
    this.follow();
    // The step under way ends after its current command: waiting for a whole requote would eat the shutdown's time.
    this.maker.interrupt();
    await Promise.all(this.running);
    if (wasLeading && this.config.liquidity.marketMaker) {
      const timeout = new Promise<void>((resolve) => setTimeout(resolve, WITHDRAW_TIMEOUT_MS).unref());
      await Promise.race([this.maker.withdrawAll().catch((error: unknown) => this.logger.warn(`could not cancel the maker's orders at shutdown: ${String(error)}`)), timeout]);
    }
    await this.lease?.stop();
  }

  private lead(): void {
    this.term += 1;
    this.leading = true;
    const c = this.config.liquidity;
    const bots = [c.marketMaker ? `market maker every ${c.refreshMs} ms` : '', c.noiseTrader ? `noise trader every ${c.noiseMinMs}-${c.noiseMaxMs} ms` : ''].filter(Boolean);
    this.logger.log(`instance ${this.instanceId} runs the ${bots.join(' and the ')}`);
    if (c.marketMaker) {
      this.maker.reset();
      this.loop(this.term, 0, c.refreshMs, () => this.maker.refresh());
    }
    if (c.noiseTrader) {
      this.noise.reset();
      this.loop(this.term, 0, Math.min(NOISE_POLL_MS, c.noiseMinMs), () => this.noise.step(Date.now()));
    }
  }

  private follow(): void {
    if (this.leading) this.logger.log(`instance ${this.instanceId} stopped running the liquidity bots`);
    this.term += 1;
    this.leading = false;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private loop(term: number, delayMs: number, intervalMs: number, work: () => Promise<void>): void {
    if (term !== this.term || !this.leading) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const started = Date.now();
      const run = work()
        .catch((error: unknown) => this.logger.warn(`liquidity run failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => {
          this.running.delete(run);
          this.loop(term, Math.max(0, intervalMs - (Date.now() - started)), intervalMs, work);
        });
      this.running.add(run);
    }, delayMs);
    timer.unref();
    this.timers.add(timer);
  }
}
