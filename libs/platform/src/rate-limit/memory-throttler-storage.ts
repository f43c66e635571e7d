import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** How often records with nothing left in their window are dropped (the library's period). */
const SWEEP_INTERVAL_MS = 60_000;

interface Counter {
  /** When each counted hit leaves the window (ms), ascending from `head`. */
  hits: number[];
  head: number;
  /** End of the current window (ms): `timeToExpire`. */
  expiresAt: number;
  blockedUntil: number;
  isBlocked: boolean;
}

/**
 * The single-instance storage of the rate limiter (no REDIS_URL): the semantics of
 * @nestjs/throttler's ThrottlerStorageService (a sliding window of hits, each leaving it `ttl`
 * after it was counted; with a block duration of 0 a hit at the limit is refused and not counted),
 * in O(1) per hit. The library's copies and filters the whole list of a key's hits and spreads it
 * into Math.min on every request: at the default 1,200 reads a minute, 1,200 numbers per read of a
 * busy user. Hits are counted in time order, so the oldest is at the head of the list and leaves
 * first. A key counts for one throttler, as the app's keys do (`<budget>:<tracker>`): the library
 * shares a key's window end between the throttlers counting under the same key, this does not.
 */
@Injectable()
export class MemoryThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly counters = new Map<string, Counter>();
  private sweep: NodeJS.Timeout | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  /** `ttl` and `blockDuration` in milliseconds; the record's times in whole seconds, rounded up. */
  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    this.sweep ??= setInterval(() => this.dropIdle(), SWEEP_INTERVAL_MS).unref();
    const now = this.now();
    const id = `${throttlerName}\u0000${key}`;
    let counter = this.counters.get(id);
    if (!counter) {
      counter = { hits: [], head: 0, expiresAt: now + ttl, blockedUntil: 0, isBlocked: false };
      this.counters.set(id, counter);
    }
    prune(counter, now);
    if (counter.expiresAt <= now) counter.expiresAt = now + ttl;
    const timeToExpire = seconds(counter.expiresAt - now);

    if (blockDuration <= 0) {
      const isBlocked = count(counter) >= limit;
      if (!isBlocked) add(counter, now + ttl);
      const timeToBlockExpire = count(counter) > 0 ? seconds(counter.hits[counter.head]! - now) : timeToExpire;
      return { totalHits: count(counter) + (isBlocked ? 1 : 0), timeToExpire, isBlocked, timeToBlockExpire: isBlocked ? timeToBlockExpire : 0 };
    }

    if (!counter.isBlocked) add(counter, now + ttl);
    if (count(counter) > limit && !counter.isBlocked) {
      counter.isBlocked = true;
      counter.blockedUntil = now + blockDuration;
    }
    const timeToBlockExpire = seconds(counter.blockedUntil - now);
    if (timeToBlockExpire <= 0 && counter.isBlocked) {
      counter.isBlocked = false;
      counter.hits = [];
      counter.head = 0;
      add(counter, now + ttl);
    }
    return { totalHits: count(counter), timeToExpire, isBlocked: counter.isBlocked, timeToBlockExpire };
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweep);
    this.sweep = undefined;
    this.counters.clear();
  }

  private dropIdle(): void {
    const now = this.now();
    for (const [id, counter] of this.counters) {
      if (counter.isBlocked && counter.blockedUntil > now) continue;
      if (counter.expiresAt > now) continue;
      prune(counter, now);
      if (count(counter) === 0) this.counters.delete(id);
    }
  }
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}

function count(counter: Counter): number {
  return counter.hits.length - counter.head;
}

/** Drops the hits that left the window; compacts the list once most of it is behind the head. */
function prune(counter: Counter, now: number): void {
  const { hits } = counter;
  while (counter.head < hits.length && hits[counter.head]! <= now) counter.head += 1;
  if (counter.head > 64 && counter.head * 2 > hits.length) {
    counter.hits = hits.slice(counter.head);
    counter.head = 0;
  }
}

/** Appends a hit, in order even if the clock stepped back. */
function add(counter: Counter, leavesAt: number): void {
  const { hits } = counter;
  let at = hits.length;
  while (at > counter.head && hits[at - 1]! > leavesAt) at -= 1;
  if (at === hits.length) hits.push(leavesAt);
  else hits.splice(at, 0, leavesAt);
}
