import type { KeyObject } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import type { AccountStatus, ApiKeyRecord } from '../domain';
import { PrincipalInvalidation } from './ports';
import { PrincipalCache } from './principal-cache';

/**
 * A key as a signed request is checked against, its material ready to use:
 * the HMAC secret decrypted, the Ed25519 public key parsed, the allowlist a
 * matcher; and its owner's row.
 */
export interface ApiKeyEntry {
  readonly record: ApiKeyRecord;
  readonly hmacSecret: Buffer | null;
  readonly publicKey: KeyObject | null;
  readonly allowsIp: (ip: string) => boolean;
  readonly owner: { readonly email: string; readonly role: string; readonly status: AccountStatus };
}

interface Cached {
  readonly entry: ApiKeyEntry;
  readonly expiresAt: number;
}

interface Pending {
  readonly generation: number;
  readonly promise: Promise<ApiKeyEntry | null>;
}

/**
 * The keys behind signed requests, by key id, for the session cache's TTL
 * (AUTH_SESSION_CACHE_MS; 0 disables) and within its size bound: without it
 * every signed request read the key and its owner and decrypted the secret
 * or parsed the public key (docs/api-keys.md, "Cost").
 *
 * The entry is cached, not the verdict: the caller re-applies the rules
 * (revoked, expired, owner suspended) on every hit, so a key still expires at
 * its exact time. Consistency is the principal cache's: a revocation
 * (invalidateApiKey) or a change to the owner's account (invalidateUser:
 * suspension, password change, role) reaches this cache through
 * PrincipalCache.onInvalidation, here at once and on other instances over the
 * bus; an instance that misses the message serves the old entry until it
 * expires (TTL after the read that filled it started). Reads that started
 * before an invalidation do not fill the cache (a generation, as there).
 * Unknown keys are not cached: a flood of made-up ids cannot evict real ones.
 */
@Injectable()
export class ApiKeyCache {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  /** Insertion order is eviction order: a refill re-inserts at the end. */
  private readonly entries = new Map<string, Cached>();
  private readonly pending = new Map<string, Pending>();
  private generation = 0;

  constructor(
    config: AppConfig,
    private readonly clock: Clock,
    principals: PrincipalCache,
  ) {
    this.ttlMs = config.auth.sessionCacheMs;
    this.maxEntries = config.auth.sessionCacheMaxEntries;
    principals.onInvalidation((invalidation) => this.apply(invalidation));
  }

  get size(): number {
    return this.entries.size;
  }

  /** The cached entry of `keyId`, else load() once for all concurrent callers. */
  async key(keyId: string, load: () => Promise<ApiKeyEntry | null>): Promise<ApiKeyEntry | null> {
    if (this.ttlMs === 0) return load();
    const now = this.clock.now().getTime();
    const hit = this.entries.get(keyId);
    if (hit) {
      if (hit.expiresAt > now) return hit.entry;
      this.entries.delete(keyId);
    }
    const generation = this.generation;
    const shared = this.pending.get(keyId);
    if (shared && shared.generation === generation) return shared.promise;

    const promise = load().then((entry) => {
      if (entry && this.generation === generation) this.store(keyId, { entry, expiresAt: now + this.ttlMs });
      return entry;
    });
    this.pending.set(keyId, { generation, promise });
    const forget = (): void => {
      if (this.pending.get(keyId)?.promise === promise) this.pending.delete(keyId);
    };
    promise.then(forget, forget);
    return promise;
  }

  private apply(invalidation: PrincipalInvalidation): void {
    if ('sessionId' in invalidation) return;
    this.generation += 1;
    if ('apiKeyId' in invalidation) {
      this.entries.delete(invalidation.apiKeyId);
      return;
    }
    // Rare (suspension, password change, role): a scan of at most maxEntries.
    for (const [keyId, cached] of this.entries) {
      if (cached.entry.record.userId === invalidation.userId) this.entries.delete(keyId);
    }
  }

  private store(keyId: string, cached: Cached): void {
    this.entries.delete(keyId);
    this.entries.set(keyId, cached);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
  }
}
