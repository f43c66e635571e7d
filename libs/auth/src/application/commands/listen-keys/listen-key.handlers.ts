import { randomBytes } from 'node:crypto';
import { CommandHandler, ICommandHandler, IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { AppConfig, OutboxWriter, TransactionHost } from '@lib/platform';
import {
  AccountStatus,
  AuthError,
  AuthErrorCode,
  LISTEN_KEY_BYTES,
  ListenKeyStanding,
  MAX_LIVE_LISTEN_KEYS_PER_USER,
  isListenKeyUsable,
  isWellFormedListenKey,
  listenKeyExpiry,
  listenKeyId,
  listenKeyState,
  listenKeysToEvict,
} from '../../../domain';
import { LISTEN_KEYS_CLOSED } from '../../listen-keys-closed.event';
import { ListenKeyRepository } from '../../ports';
import {
  AuthenticateListenKeyQuery,
  CloseListenKeyCommand,
  CreateListenKeyCommand,
  ExtendListenKeyCommand,
  GetListenKeyStatusesQuery,
  ListenKeyGrant,
  ListenKeyStatus,
  ListenKeyView,
} from './listen-key.commands';

/** Ended keys stay this long (a late PUT still finds its row: 404 all the same), then a new key of the user deletes them. */
const KEEP_ENDED_MS = 86_400_000;

const notFound = (): AuthError => new AuthError(AuthErrorCode.LISTEN_KEY_NOT_FOUND, 'No such live listen key of yours: create one with POST /api/v1/user-stream');

/** The user's usable key, or LISTEN_KEY_NOT_FOUND (another user's, unknown, closed, expired: one answer). */
async function usableKey(keys: ListenKeyRepository, userId: string, listenKey: string, now: Date): Promise<ListenKeyStanding> {
  const key = isWellFormedListenKey(listenKey) ? await keys.find(listenKeyId(listenKey)) : null;
  if (!key || key.userId !== userId || !isListenKeyUsable(key, now)) throw notFound();
  return key;
}

/**
 * A new key: 48 random bytes in base64url (64 characters), stored as its
 * SHA-256. Under the user's lock: beyond the bound the live keys that expire
 * first are closed (and their sockets told), the user's long-ended keys pruned.
 */
@CommandHandler(CreateListenKeyCommand)
export class CreateListenKeyHandler implements ICommandHandler<CreateListenKeyCommand> {
  constructor(
    private readonly keys: ListenKeyRepository,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async execute({ userId, origin }: CreateListenKeyCommand): Promise<ListenKeyView> {
    const now = this.clock.now();
    const listenKey = randomBytes(LISTEN_KEY_BYTES).toString('base64url');
    const record = {
      id: listenKeyId(listenKey),
      userId,
      apiKeyId: 'apiKeyId' in origin ? origin.apiKeyId : null,
      sessionId: 'sessionId' in origin ? origin.sessionId : null,
      createdAt: now,
      expiresAt: listenKeyExpiry(now, this.config.apiKeys.listenKeyTtlMs),
      closedAt: null,
    };
    await this.tx.withTransaction(async () => {
      await this.keys.lockUser(userId);
      const live = (await this.keys.openOfUser(userId, now)).filter((k) => listenKeyState(k, now) === 'LIVE');
      const evicted = listenKeysToEvict(live, MAX_LIVE_LISTEN_KEYS_PER_USER);
      if (evicted.length > 0) {
        const closed = await this.keys.close(evicted.map((k) => k.id), now);
        if (closed.length > 0) await this.outbox.append([{ type: LISTEN_KEYS_CLOSED, payload: { version: 1, userId, listenKeyIds: closed } }]);
      }
      await this.keys.pruneOfUser(userId, new Date(now.getTime() - KEEP_ENDED_MS));
      await this.keys.insert(record);
    });
    return { listenKey, expiresAt: record.expiresAt.toISOString() };
  }
}

@CommandHandler(ExtendListenKeyCommand)
export class ExtendListenKeyHandler implements ICommandHandler<ExtendListenKeyCommand> {
  constructor(
    private readonly keys: ListenKeyRepository,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async execute({ userId, listenKey }: ExtendListenKeyCommand): Promise<ListenKeyView> {
    const now = this.clock.now();
    const key = await usableKey(this.keys, userId, listenKey, now);
    const expiresAt = listenKeyExpiry(now, this.config.apiKeys.listenKeyTtlMs, key.expiresAt);
    // Conditional on the key being still open and unexpired: a DELETE or the expiry in between wins.
    if (!(await this.keys.extend(key.id, now, expiresAt))) throw notFound();
    return { listenKey, expiresAt: expiresAt.toISOString() };
  }
}

@CommandHandler(CloseListenKeyCommand)
export class CloseListenKeyHandler implements ICommandHandler<CloseListenKeyCommand> {
  constructor(
    private readonly keys: ListenKeyRepository,
    private readonly tx: TransactionHost,
    private readonly outbox: OutboxWriter,
    private readonly clock: Clock,
  ) {}

  async execute({ userId, listenKey }: CloseListenKeyCommand): Promise<void> {
    const now = this.clock.now();
    const key = await usableKey(this.keys, userId, listenKey, now);
    const closed = await this.tx.withTransaction(async () => {
      const ids = await this.keys.close([key.id], now);
      if (ids.length > 0) await this.outbox.append([{ type: LISTEN_KEYS_CLOSED, payload: { version: 1, userId, listenKeyIds: ids } }]);
      return ids;
    });
    if (closed.length === 0) throw notFound();
  }
}

/** One read by primary key (with the credential and the owner). Not cached: a DELETE or a suspension is seen by the next handshake. */
@QueryHandler(AuthenticateListenKeyQuery)
export class AuthenticateListenKeyHandler implements IQueryHandler<AuthenticateListenKeyQuery> {
  constructor(
    private readonly keys: ListenKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ listenKey }: AuthenticateListenKeyQuery): Promise<ListenKeyGrant> {
    const key = isWellFormedListenKey(listenKey) ? await this.keys.find(listenKeyId(listenKey)) : null;
    if (!key) throw notFound();
    // The holder of a key may learn its account is suspended (a token's holder does too).
    if (key.accountStatus === AccountStatus.SUSPENDED) throw new AuthError(AuthErrorCode.ACCOUNT_SUSPENDED, 'This account is suspended');
    if (listenKeyState(key, this.clock.now()) !== 'LIVE') throw notFound();
    return { listenKeyId: key.id, userId: key.userId, expiresAt: key.expiresAt };
  }
}

const KEY_ID = /^[0-9a-f]{64}$/;

@QueryHandler(GetListenKeyStatusesQuery)
export class GetListenKeyStatusesHandler implements IQueryHandler<GetListenKeyStatusesQuery> {
  constructor(
    private readonly keys: ListenKeyRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ listenKeyIds }: GetListenKeyStatusesQuery): Promise<ListenKeyStatus[]> {
    const ids = listenKeyIds.filter((id) => KEY_ID.test(id));
    if (ids.length === 0) return [];
    const now = this.clock.now();
    return (await this.keys.findMany(ids)).map((k) => ({
      listenKeyId: k.id,
      userId: k.userId,
      state: listenKeyState(k, now),
      accountSuspended: k.accountStatus === AccountStatus.SUSPENDED,
      expiresAt: k.expiresAt,
    }));
  }
}

export const listenKeyHandlers = [CreateListenKeyHandler, ExtendListenKeyHandler, CloseListenKeyHandler, AuthenticateListenKeyHandler, GetListenKeyStatusesHandler];
