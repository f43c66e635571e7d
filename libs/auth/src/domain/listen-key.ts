import { createHash } from 'node:crypto';
import { AccountStatus } from './role';

/**
 * A listen key (docs/api-keys.md, "Listen key"): a random bearer string that
 * opens the private /user stream for a bot, valid LISTEN_KEY_TTL_MS (60 min)
 * from its creation or its last extension. The server keeps only its SHA-256.
 */

/** 48 random bytes in base64url: 64 characters, 384 bits. */
export const LISTEN_KEY_BYTES = 48;
const LISTEN_KEY_PATTERN = /^[A-Za-z0-9_-]{64}$/;

/**
 * Live listen keys per user. A new one beyond it closes the live ones that
 * expire first (the least recently kept alive): a bot that restarts and
 * forgets its key is never locked out, and an abandoned key goes first.
 */
export const MAX_LIVE_LISTEN_KEYS_PER_USER = 10;

/** Whether a string can be a listen key at all (anything else is not looked up). */
export function isWellFormedListenKey(text: unknown): text is string {
  return typeof text === 'string' && LISTEN_KEY_PATTERN.test(text);
}

/** The key's id: lowercase hex SHA-256 of its text. What is stored, and what names it in rooms and events. */
export function listenKeyId(listenKey: string): string {
  return createHash('sha256').update(listenKey, 'utf8').digest('hex');
}

/** The credential a listen key was created with: it lives no longer than that credential. */
export interface ListenKeyCredential {
  readonly revokedAt: Date | null;
  /** An API key without expiry: null. */
  readonly expiresAt: Date | null;
}

export interface ListenKeyRecord {
  readonly id: string;
  readonly userId: string;
  /** Created with this API key (a signed request), else with a session (`sessionId`). */
  readonly apiKeyId: string | null;
  readonly sessionId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly closedAt: Date | null;
}

/** A listen key as read with what its liveness depends on: its credential (null when that row is gone) and its owner's status. */
export interface ListenKeyStanding extends ListenKeyRecord {
  readonly credential: ListenKeyCredential | null;
  readonly accountStatus: AccountStatus;
}

/**
 * CLOSED: deleted, evicted by a newer key, or its credential ended (the API
 * key revoked or expired, the session logged out, revoked or expired).
 * EXPIRED: not extended in time (the expiry is exclusive).
 */
export type ListenKeyState = 'LIVE' | 'EXPIRED' | 'CLOSED';

export function listenKeyState(key: ListenKeyStanding, now: Date): ListenKeyState {
  const credential = key.credential;
  if (key.closedAt !== null || credential === null || credential.revokedAt !== null) return 'CLOSED';
  if (credential.expiresAt !== null && credential.expiresAt.getTime() <= now.getTime()) return 'CLOSED';
  return key.expiresAt.getTime() > now.getTime() ? 'LIVE' : 'EXPIRED';
}

/** Usable by its owner: live, and the account is not suspended. */
export function isListenKeyUsable(key: ListenKeyStanding, now: Date): boolean {
  return key.accountStatus === AccountStatus.ACTIVE && listenKeyState(key, now) === 'LIVE';
}

/** A key created or kept alive now lives `ttlMs` from now (a PUT never shortens a key). */
export function listenKeyExpiry(now: Date, ttlMs: number, current?: Date): Date {
  const next = now.getTime() + ttlMs;
  return new Date(current === undefined ? next : Math.max(next, current.getTime()));
}

/**
 * The live keys to close so that one more fits under `max`: those that expire
 * first (ties: the oldest created). `live` are the user's live keys.
 */
export function listenKeysToEvict<K extends Pick<ListenKeyRecord, 'id' | 'expiresAt' | 'createdAt'>>(live: readonly K[], max: number): K[] {
  const excess = live.length - (max - 1);
  if (excess <= 0) return [];
  const ordered = [...live].sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id));
  return ordered.slice(0, excess);
}
