export const LISTEN_KEYS_CLOSED = 'auth.ListenKeysClosed';

/**
 * Written when listen keys are closed (DELETE /user-stream, or evicted by a
 * newer key beyond the per-user bound): every instance disconnects the /user
 * sockets that hold them at once, rather than at its next re-check. Version 1.
 */
export type ListenKeysClosedPayload = {
  readonly version: 1;
  readonly userId: string;
  /** The keys' ids (hex SHA-256 of the keys). */
  readonly listenKeyIds: readonly string[];
};

declare module '@lib/platform' {
  interface IntegrationEventMap {
    [LISTEN_KEYS_CLOSED]: ListenKeysClosedPayload;
  }
}
