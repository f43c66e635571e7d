import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { isDomainError } from '@lib/kernel';
import { AppConfig, LeadershipService, LeasedLoop } from '@lib/platform';
import { CancelAllOrdersCommand } from '../commands/cancel-all-orders/cancel-all-orders.command';
import { ALL_MARKETS, COUNTDOWN_EXPIRED_REASON, Countdown, CountdownRepository } from './countdown';

export const COUNTDOWN_LEASE = 'orders.countdowns';
/** Countdowns fired per round at most (concurrently: their markets' turns batch them); the rest on the next round. */
const PER_ROUND = 64;
/** A countdown whose cancel failed waits this long before it is tried again, doubling up to RETRY_MAX_MS. */
const RETRY_MIN_MS = 1000;
const RETRY_MAX_MS = 30_000;

/**
 * Fires the dead-man's switches (one instance: the `orders.countdowns`
 * lease), every COUNTDOWN_POLL_MS: one indexed query for the countdowns
 * past their deadline, then for each the user's open orders are cancelled
 * (CancelAllOrdersCommand, reason COUNTDOWN_EXPIRED) and only then its row
 * is deleted, if it still has the deadline that fired (a reset meanwhile is
 * kept). Cancel first, delete after: a crash or a lost lease between the two
 * fires it again after the restart (a second cancel of what is open, which
 * the user's switch asked for anyway), where delete-then-cancel would lose
 * the cancel. A cancel that fails keeps the row and is tried again, with a
 * backoff; a market that no longer exists drops it.
 */
@Injectable()
export class CountdownLoop implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CountdownLoop');
  private readonly loop: LeasedLoop;
  /** Countdowns whose cancel failed: when each may be tried again, and its current wait. */
  private readonly retries = new Map<string, { at: number; waitMs: number }>();

  constructor(
    config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly countdowns: CountdownRepository,
    private readonly commands: CommandBus,
  ) {
    this.loop = new LeasedLoop(COUNTDOWN_LEASE, config.orders.countdownPollMs, () => this.round(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One round: every due countdown fired (concurrently); public for tests. */
  async round(): Promise<void> {
    // Those waiting out a backoff are read too, so they never crowd out the others.
    const found = await this.countdowns.due(PER_ROUND + this.retries.size);
    const keys = new Set(found.map(keyOf));
    for (const key of this.retries.keys()) if (!keys.has(key)) this.retries.delete(key); // reset, cleared or fired elsewhere
    const now = Date.now();
    const due = found.filter((c) => (this.retries.get(keyOf(c))?.at ?? 0) <= now).slice(0, PER_ROUND);
    await Promise.all(due.map((c) => this.fire(c)));
  }

  private async fire(countdown: Countdown): Promise<void> {
    const key = keyOf(countdown);
    const symbol = countdown.symbol === ALL_MARKETS ? undefined : countdown.symbol;
    try {
      const { canceled } = await this.commands.execute(new CancelAllOrdersCommand(countdown.userId, symbol, COUNTDOWN_EXPIRED_REASON));
      this.logger.log(`countdown of ${countdown.userId} on ${symbol ?? 'every market'} expired: ${canceled.length} order(s) cancelled`);
    } catch (error) {
      if (!(isDomainError(error) && error.code === 'MARKET_NOT_FOUND')) {
        const waitMs = Math.min(RETRY_MAX_MS, (this.retries.get(key)?.waitMs ?? RETRY_MIN_MS / 2) * 2);
        this.retries.set(key, { at: Date.now() + waitMs, waitMs });
        this.logger.warn(`countdown of ${countdown.userId} on ${symbol ?? 'every market'} not fired yet (again in ${waitMs} ms): ${error instanceof Error ? error.message : String(error)}`);
        return;
      }
      this.logger.warn(`countdown of ${countdown.userId} on ${symbol}: the market no longer exists, dropped`);
    }
    this.retries.delete(key);
    await this.countdowns.remove(countdown);
  }
}

function keyOf(countdown: Countdown): string {
  return `${countdown.userId}/${countdown.symbol}`;
}
