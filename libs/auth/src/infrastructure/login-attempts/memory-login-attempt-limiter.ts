import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { LoginAttemptLimiter, PasswordAttempt } from '../../application/ports';
import { WindowKey, countersOf } from './login-attempt-policy';

interface Window {
  count: number;
  endsAt: number;
}

const MAX_TRACKED_KEYS = 100_000;

/**
 * Single-instance fallback when Redis is not configured. Each method runs in
 * one synchronous stretch (no await inside), which makes a reservation atomic.
 */
@Injectable()
export class MemoryLoginAttemptLimiter extends LoginAttemptLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  async reserve(attempt: PasswordAttempt): Promise<number> {
    const now = this.clock.now().getTime();
    const counters = countersOf(this.config, attempt).reserve;
    const wait = Math.max(0, ...counters.map((counter) => this.blockedFor(counter, now)));
    if (wait > 0) return wait;
    if (this.windows.size >= MAX_TRACKED_KEYS) this.prune(now);
    for (const { key } of counters) {
      const window = this.live(key, now);
      if (window) window.count += 1;
      else this.windows.set(key, { count: 1, endsAt: now + this.config.auth.lockoutSeconds * 1000 });
    }
    return 0;
  }

  async succeeded(attempt: PasswordAttempt): Promise<void> {
    const { resetOnSuccess, releaseOnSuccess } = countersOf(this.config, attempt);
    for (const { key } of resetOnSuccess) this.windows.delete(key);
    this.giveBack(releaseOnSuccess);
  }

  async abandoned(attempt: PasswordAttempt): Promise<void> {
    this.giveBack(countersOf(this.config, attempt).reserve);
  }

  private giveBack(counters: readonly WindowKey[]): void {
    const now = this.clock.now().getTime();
    for (const { key } of counters) {
      const window = this.live(key, now);
      if (window && window.count > 0) window.count -= 1;
    }
  }

  private blockedFor({ key, limit }: WindowKey, now: number): number {
    const window = this.live(key, now);
    return window && window.count >= limit ? Math.ceil((window.endsAt - now) / 1000) : 0;
  }

  private live(key: string, now: number): Window | undefined {
    const window = this.windows.get(key);
    if (window && window.endsAt <= now) {
      this.windows.delete(key);
      return undefined;
    }
    return window;
  }

  /** Drops ended windows, then the oldest ones (Map order is insertion order) to stay under the cap. */
  private prune(now: number): void {
    for (const [key, window] of this.windows) if (window.endsAt <= now) this.windows.delete(key);
    for (const key of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED_KEYS * 0.9) break;
      this.windows.delete(key);
    }
  }
}
