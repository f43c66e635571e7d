/**
 * Funding times are the multiples of the interval since the Unix epoch: with
 * the default 8 h, 00:00, 08:00 and 16:00 UTC. A time exactly on a funding
 * time belongs to the interval it ends.
 */
export function nextFundingTime(now: Date, intervalMs: number): Date {
  const t = now.getTime();
  return new Date((Math.floor(t / intervalMs) + 1) * intervalMs);
}

/** The latest funding time at or before `now`. */
export function lastFundingTime(now: Date, intervalMs: number): Date {
  return new Date(Math.floor(now.getTime() / intervalMs) * intervalMs);
}
