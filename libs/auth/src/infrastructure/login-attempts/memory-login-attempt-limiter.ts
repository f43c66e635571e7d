import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { LoginAttemptKeys, LoginAttemptLimiter } from '../../application/ports';
import { WindowKey, windowKeys } from './login-attempt-policy';

interface Window {
  count: number;
  endsAt: number;
}

const MAX_TRACKED_KEYS = 100_000;

/** Single-instance fallback when Redis is not configured. */
@Injectable()
export class MemoryLoginAttemptLimiter extends LoginAttemptLimiter {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly config: AppConfig,
    private readonly clock: Clock,
  ) {
    super();
  }

  async retryAfterSeconds(keys: LoginAttemptKeys): Promise<number> {
    const { account, ip } = windowKeys(this.config, keys);
    return Math.max(this.blockedFor(account), this.blockedFor(ip));
  }

  async recordFailure(keys: LoginAttemptKeys): Promise<void> {
    const now = this.clock.now().getTime();
    if (this.windows.size >= MAX_TRACKED_KEYS) this.prune(now);
    for (const { key } of Object.values(windowKeys(this.config, keys))) {
      const window = this.live(key, now);
      if (window) window.count += 1;
      else this.windows.set(key, { count: 1, endsAt: now + this.config.auth.lockoutSeconds * 1000 });
    }
  }

  async recordSuccess(keys: LoginAttemptKeys): Promise<void> {
    this.windows.delete(windowKeys(this.config, keys).account.key);
  }

  private blockedFor({ key, limit }: WindowKey): number {
    const now = this.clock.now().getTime();
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
