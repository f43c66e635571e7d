/** The window in which failed logins add up to a burst. */
export const LOGIN_BURST_WINDOW_MS = 60_000;

export interface LoginBurst {
  /** `account:<email>` or `ip:<address>`. */
  readonly key: string;
  readonly failures: number;
  readonly windowMs: number;
}

/**
 * Failed logins per account and per IP in a sliding minute: the `threshold`th
 * failure of a key within the window is a burst, told once; the key can burst
 * again once a whole window passed without it bursting.
 */
export class LoginBursts {
  private readonly failures = new Map<string, number[]>();
  private readonly told = new Map<string, number>();

  constructor(
    private readonly threshold: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Records a failure; the bursts it completes (at most one per key). */
  record(account: string, ip: string, at: number): LoginBurst[] {
    const bursts: LoginBurst[] = [];
    for (const key of [`account:${account}`, `ip:${ip}`]) {
      const times = (this.failures.get(key) ?? []).filter((t) => at - t < LOGIN_BURST_WINDOW_MS);
      times.push(at);
      this.failures.set(key, times);
      const toldAt = this.told.get(key);
      if (times.length >= this.threshold && (toldAt === undefined || at - toldAt >= LOGIN_BURST_WINDOW_MS)) {
        this.told.set(key, at);
        bursts.push({ key, failures: times.length, windowMs: LOGIN_BURST_WINDOW_MS });
      }
    }
    if (this.failures.size > this.maxKeys) this.prune(at);
    return bursts;
  }

  /** Forgets keys with nothing in the window (called as the map grows). */
  prune(now: number): void {
    for (const [key, times] of this.failures) if (times.every((t) => now - t >= LOGIN_BURST_WINDOW_MS)) this.failures.delete(key);
    for (const [key, at] of this.told) if (now - at >= LOGIN_BURST_WINDOW_MS) this.told.delete(key);
  }
}
