import { AccountStatus, User } from '../../domain';

export interface UserListFilter {
  readonly status?: AccountStatus;
  /** Matches the email or the name (case-insensitive, substring). */
  readonly search?: string;
  readonly limit: number;
  /** Keyset cursor: the last row of the previous page. */
  readonly after?: { readonly createdAt: Date; readonly id: string };
}

export abstract class UserRepository {
  abstract findById(id: string): Promise<User | null>;
  /** Locks the row for the rest of the transaction. */
  abstract findByIdForUpdate(id: string): Promise<User | null>;
  abstract findByEmail(email: string): Promise<User | null>;
  /** Throws AuthError(EMAIL_TAKEN) when the email exists, also under a concurrent insert. */
  abstract insert(user: User): Promise<void>;
  abstract update(user: User): Promise<void>;
  abstract list(filter: UserListFilter): Promise<User[]>;
  /** The status of each existing id; `lockShare`: FOR SHARE in the ambient transaction (a status change waits for it). */
  abstract statusesOf(ids: readonly string[], lockShare: boolean): Promise<Map<string, AccountStatus>>;
}
