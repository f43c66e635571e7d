import { Command, Query } from '@nestjs/cqrs';
import type { ListenKeyState } from '../../../domain';

/** A listen key as answered: the key itself (shown at creation, echoed on extension) and when it expires (ISO 8601). */
export interface ListenKeyView {
  readonly listenKey: string;
  readonly expiresAt: string;
}

/** What created the key: a signed request's API key, or a token's session. The key lives no longer than it. */
export type ListenKeyOrigin = { readonly apiKeyId: string } | { readonly sessionId: string };

/**
 * A new listen key for the user's /user stream (docs/api-keys.md). Beyond
 * MAX_LIVE_LISTEN_KEYS_PER_USER live keys, those that expire first are closed.
 */
export class CreateListenKeyCommand extends Command<ListenKeyView> {
  constructor(
    readonly userId: string,
    readonly origin: ListenKeyOrigin,
  ) {
    super();
  }
}

/** Keeps the user's live key alive: it expires LISTEN_KEY_TTL_MS from now. LISTEN_KEY_NOT_FOUND otherwise. */
export class ExtendListenKeyCommand extends Command<ListenKeyView> {
  constructor(
    readonly userId: string,
    readonly listenKey: string,
  ) {
    super();
  }
}

/** Closes the user's live key; its sockets are disconnected (LISTEN_KEY_CLOSED). LISTEN_KEY_NOT_FOUND otherwise. */
export class CloseListenKeyCommand extends Command<void> {
  constructor(
    readonly userId: string,
    readonly listenKey: string,
  ) {
    super();
  }
}

/** Whom a live listen key opens the stream for, and until when (unless extended). */
export interface ListenKeyGrant {
  /** The key's id: the hex SHA-256 of the key (names it in GetListenKeyStatusesQuery and in auth.ListenKeysClosed). */
  readonly listenKeyId: string;
  readonly userId: string;
  readonly expiresAt: Date;
}

/** A /user handshake's listen key: LISTEN_KEY_NOT_FOUND when not live (unknown, closed, expired), ACCOUNT_SUSPENDED when its owner is. */
export class AuthenticateListenKeyQuery extends Query<ListenKeyGrant> {
  constructor(readonly listenKey: unknown) {
    super();
  }
}

export interface ListenKeyStatus {
  readonly listenKeyId: string;
  readonly userId: string;
  readonly state: ListenKeyState;
  readonly accountSuspended: boolean;
  readonly expiresAt: Date;
}

/** The current state of keys held by sockets (one read for all); an id not answered is no key (treat as closed). */
export class GetListenKeyStatusesQuery extends Query<ListenKeyStatus[]> {
  constructor(readonly listenKeyIds: readonly string[]) {
    super();
  }
}
