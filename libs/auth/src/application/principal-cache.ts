import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { PrincipalInvalidation, PrincipalInvalidationBus, SessionPrincipalRow } from './ports';

interface Entry {
  readonly userId: string;
  /** null: no such session for that user (a negative answer is cached too). */
  readonly row: SessionPrincipalRow | null;
  readonly expiresAt: number;
}

interface Pending {
  readonly userId: string;
  readonly generation: number;
  readonly promise: Promise<SessionPrincipalRow | null>;
}

/**
 * The rows behind the per-request session check, by session id, for a short TTL
 * (AUTH_SESSION_CACHE_MS; 0 disables). The row is cached, not the verdict: the
 * caller re-applies the rules (suspended, revoked, expired) on every hit, so a
 * session still expires at its exact time.
 *
 * Consistency: the commands that revoke a session or change an account call
 * invalidate*() after their transaction commits. A read that was already under
 * way may hold the old row; it is not stored, because every invalidation bumps
 * a generation and only reads that started in the current generation fill the
 * cache (or share an in-flight read). Other instances drop the entry when the
 * invalidation reaches them over the bus, or at the latest when it expires:
 * TTL after the read that filled it started.
 *
 * It is also where every credential invalidation passes (local or from the
 * bus): the API key cache follows them (onInvalidation), so a suspension or a
 * password change drops the user's keys as well as their sessions.
 */
@Injectable()
export class PrincipalCache {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  /** Insertion order is eviction order: a refill re-inserts at the end. */
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Pending>();
  private generation = 0;
  private readonly followers: ((invalidation: PrincipalInvalidation) => void)[] = [];

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    private readonly bus: PrincipalInvalidationBus,
  ) {
    this.ttlMs = config.auth.sessionCacheMs;
    this.maxEntries = config.auth.sessionCacheMaxEntries;
    bus.listen((invalidation) => this.apply(invalidation));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached row of (user, session), else load() once for all concurrent callers. */
  async principal(userId: string, sessionId: string, load: () => Promise<SessionPrincipalRow | null>): Promise<SessionPrincipalRow | null> {
    if (this.ttlMs === 0) return load();
    const now = this.clock.now().getTime();
    const hit = this.entries.get(sessionId);
    if (hit) {
      if (hit.expiresAt > now && hit.userId === userId) return hit.row;
      if (hit.expiresAt <= now) this.entries.delete(sessionId);
    }
    const generation = this.generation;
    const shared = this.pending.get(sessionId);
    if (shared && shared.generation === generation && shared.userId === userId) return shared.promise;

    const promise = load().then((row) => {
      if (this.generation === generation) this.store(sessionId, { userId, row, expiresAt: now + this.ttlMs });
      return row;
    });
    this.pending.set(sessionId, { userId, generation, promise });
    const forget = (): void => {
      if (this.pending.get(sessionId)?.promise === promise) this.pending.delete(sessionId);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** After the session's revocation committed: here at once, elsewhere over the bus. */
  invalidateSession(sessionId: string): void {
    this.invalidate({ sessionId });
  }

  /** After a change to the account (status, role, every session revoked) committed: its sessions and its API keys. */
  invalidateUser(userId: string): void {
    this.invalidate({ userId });
  }

  /** After an API key's revocation committed (ApiKeyCache, here and elsewhere). */
  invalidateApiKey(apiKeyId: string): void {
    this.invalidate({ apiKeyId });
  }

  /** Called with every invalidation applied here, this instance's and the bus's. */
  onInvalidation(follower: (invalidation: PrincipalInvalidation) => void): void {
    this.followers.push(follower);
  }

  private invalidate(invalidation: PrincipalInvalidation): void {
    this.apply(invalidation);
    this.bus.publish(invalidation);
  }

  private apply(invalidation: PrincipalInvalidation): void {
    for (const follower of this.followers) follower(invalidation);
    if ('apiKeyId' in invalidation) return;
    this.generation += 1;
    if ('sessionId' in invalidation) {
      this.entries.delete(invalidation.sessionId);
      return;
    }
    // Rare (suspension, password change, admin role): a scan of at most maxEntries.
    for (const [sessionId, entry] of this.entries) {
      if (entry.userId === invalidation.userId) this.entries.delete(sessionId);
    }
  }

  private store(sessionId: string, entry: Entry): void {
    this.entries.delete(sessionId);
    this.entries.set(sessionId, entry);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
