import { Injectable } from '@nestjs/common';
import { isUuid } from '@lib/kernel';
import { ReadBatcher, TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { QueryFailedError, Repository } from 'typeorm';
import { AccountStatus, AuthError, AuthErrorCode, User } from '../../domain';
import { UserListFilter, UserRepository } from '../../application/ports';
import { UserEntity } from '../entities/user.entity';
import { toDomain, toEntity } from './user.mapper';

/** Every query goes through the ambient transaction's connection when one is open. */
@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  /** Reads by id outside a transaction, one query per turn of the event loop (GET /auth/me under load). */
  private readonly byId = new ReadBatcher<UserEntity>(async (ids) => {
    const rows: UserEntity[] = await this.tx.tx.query(`SELECT ${USER_COLUMNS} FROM auth.users WHERE id = ANY($1::uuid[])`, [ids]);
    return new Map(rows.map((row) => [row.id, row]));
  });

  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get repo(): Repository<UserEntity> {
    return this.tx.tx.getRepository(UserEntity);
  }

  /**
   * Plain SQL: TypeORM's findOneBy spends more building the query than PostgreSQL spends answering it (GET /auth/me).
   * Outside a transaction, batched with the other reads by id of the same turn; a malformed id keeps a query of
   * its own, so its error stays its own.
   */
  async findById(id: string): Promise<User | null> {
    if (this.tx.isTransactionActive() || !isUuid(id)) return this.findOneWhere('id', id);
    // PostgreSQL answers ids in lower case; the column matches either case.
    const row = await this.byId.load(id.toLowerCase());
    return row ? toDomain(row) : null;
  }

  async findByIdForUpdate(id: string): Promise<User | null> {
    const row = await this.repo.createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
    return row ? toDomain(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.findOneWhere('email', email);
  }

  private async findOneWhere(column: 'id' | 'email', value: string): Promise<User | null> {
    const rows: UserEntity[] = await this.tx.tx.query(`SELECT ${USER_COLUMNS} FROM auth.users WHERE ${column} = $1`, [value]);
    const row = rows[0];
    return row ? toDomain(row) : null;
  }

  async insert(user: User): Promise<void> {
    try {
      await this.repo.insert(toEntity(user));
    } catch (error) {
      if (isUniqueViolation(error, 'users_email_key')) {
        throw new AuthError(AuthErrorCode.EMAIL_TAKEN, 'An account with this email already exists');
      }
      throw error;
    }
  }

  async update(user: User): Promise<void> {
    const { id, email: _email, createdAt: _createdAt, ...changes } = user.toProps();
    await this.repo.update({ id }, changes);
  }

  async statusesOf(ids: readonly string[], lockShare: boolean): Promise<Map<string, AccountStatus>> {
    const rows: { id: string; status: AccountStatus }[] = await this.tx.tx.query(
      `SELECT id, status FROM auth.users WHERE id = ANY($1::uuid[]) ORDER BY id${lockShare ? ' FOR SHARE' : ''}`,
      [ids],
    );
    return new Map(rows.map((row) => [row.id, row.status]));
  }

  async list(filter: UserListFilter): Promise<User[]> {
    const query = this.repo.createQueryBuilder('u').orderBy('u.created_at', 'DESC').addOrderBy('u.id', 'DESC').limit(filter.limit);
    if (filter.status) query.andWhere('u.status = :status', { status: filter.status });
    if (filter.search) {
      const pattern = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      query.andWhere('(u.email ILIKE :pattern OR u.name ILIKE :pattern)', { pattern });
    }
    if (filter.after) {
      query.andWhere('(u.created_at, u.id) < (:at, :id)', { at: filter.after.createdAt, id: filter.after.id });
    }
    return (await query.getMany()).map(toDomain);
  }
}

/** The entity's columns under its property names, so the one mapper (`toDomain`) reads the row. */
const USER_COLUMNS = `id, email, name, password_hash AS "passwordHash", role, status, status_reason AS "statusReason", settings,
  created_at AS "createdAt", updated_at AS "updatedAt"`;

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}
