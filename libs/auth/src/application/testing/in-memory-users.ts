import { AccountStatus, AuthError, AuthErrorCode, User } from '../../domain';
import { UserListFilter, UserRepository } from '../ports';

/**
 * Keeps the User objects themselves, not copies: a spec can change one in place
 * (suspend it, say) and the handler sees the change, as after a commit.
 */
export class InMemoryUsers extends UserRepository {
  private readonly users = new Map<string, User>();
  readonly updated: string[] = [];

  add(user: User): User {
    this.users.set(user.id, user);
    return user;
  }

  async findById(id: string): Promise<User | null> {
    return this.users.get(id) ?? null;
  }

  async findByIdForUpdate(id: string): Promise<User | null> {
    return this.findById(id);
  }

  async statusesOf(ids: readonly string[]): Promise<Map<string, AccountStatus>> {
    return new Map(ids.flatMap((id) => (this.users.has(id) ? [[id, this.users.get(id)!.status] as const] : [])));
  }

  async findByEmail(email: string): Promise<User | null> {
    return [...this.users.values()].find((user) => user.email === email) ?? null;
  }

  async insert(user: User): Promise<void> {
    if (await this.findByEmail(user.email)) throw new AuthError(AuthErrorCode.EMAIL_TAKEN, 'An account with this email already exists');
    this.add(user);
  }

  async update(user: User): Promise<void> {
    this.updated.push(user.id);
    this.add(user);
  }

  /** Newest first with the id as tie-break, like the keyset pagination of the SQL query. */
  async list(filter: UserListFilter): Promise<User[]> {
    const search = filter.search?.toLowerCase();
    const after = filter.after;
    return [...this.users.values()]
      .filter((user) => !filter.status || user.status === filter.status)
      .filter((user) => !search || user.email.toLowerCase().includes(search) || user.name.toLowerCase().includes(search))
      .filter((user) => !after || compareNewestFirst(user, after) > 0)
      .sort(compareNewestFirst)
      .slice(0, filter.limit);
  }
}

function compareNewestFirst(a: { createdAt: Date; id: string }, b: { createdAt: Date; id: string }): number {
  return b.createdAt.getTime() - a.createdAt.getTime() || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
