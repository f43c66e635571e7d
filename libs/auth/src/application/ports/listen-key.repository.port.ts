import type { ListenKeyRecord, ListenKeyStanding } from '../../domain';

/** Listen keys (auth.listen_keys), by id: the hex SHA-256 of the key, the only form stored. */
export abstract class ListenKeyRepository {
  /** Queues the user's listen-key writers behind one another until the transaction ends (the bound on live keys). */
  abstract lockUser(userId: string): Promise<void>;
  abstract insert(key: ListenKeyRecord): Promise<void>;
  /** A key with its credential and its owner's status; null when unknown. */
  abstract find(id: string): Promise<ListenKeyStanding | null>;
  /** The keys of these ids that exist (any state), for the sockets that hold them. */
  abstract findMany(ids: readonly string[]): Promise<ListenKeyStanding[]>;
  /** The user's keys that are open and not past their expiry at `now` (their credential unchecked). */
  abstract openOfUser(userId: string, now: Date): Promise<ListenKeyStanding[]>;
  /** Moves an open key's expiry, if it is still open and unexpired at `now`; false otherwise. */
  abstract extend(id: string, now: Date, expiresAt: Date): Promise<boolean>;
  /** Closes the keys of these ids that are open; answers the ids it closed. */
  abstract close(ids: readonly string[], at: Date): Promise<string[]>;
  /** Deletes the user's keys that ended (closed or expired) before `before`: the table keeps a user's recent keys only. */
  abstract pruneOfUser(userId: string, before: Date): Promise<number>;
}
