import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { QueryFailedError, Repository } from 'typeorm';
import { AccountStatus, AuthError, AuthErrorCode, Role, User, UserSettings } from '../../domain';
import { UserListFilter, UserRepository } from '../../application/ports';
import { UserEntity } from '../entities/user.entity';
import { toDomain, toEntity } from './user.mapper';

/** Every query goes through the ambient transaction's connection when one is open. */
@Injectable()
export class TypeOrmUserRepository extends UserRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get repo(): Repository<UserEntity> {
    return this.tx.tx.getRepository(UserEntity);
  }

  /** Plain SQL: TypeORM's findOneBy spends more building the query than PostgreSQL spends answering it (GET /auth/me). */
  async findById(id: string): Promise<User | null> {
    return this.findOneWhere('id', id);
  }

  async findByIdForUpdate(id: string): Promise<User | null> {
    const row = await this.repo.createQueryBuilder('u').setLock('pessimistic_write').where('u.id = :id', { id }).getOne();
    return row ? toDomain(row) : null;
  }

  async findByEmail(email: string): Promise<User | null> {
    return this.findOneWhere('email', email);
  }

  private async findOneWhere(column: 'id' | 'email', value: string): Promise<User | null> {
    const rows: UserRow[] = await this.tx.tx.query(`SELECT ${USER_COLUMNS} FROM auth.users WHERE ${column} = $1`, [value]);
    const row = rows[0];
    return row ? fromRow(row) : null;
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

const USER_COLUMNS = 'id, email, name, password_hash, role, status, status_reason, settings, created_at, updated_at';

interface UserRow {
  id: string;
  email: string;
  name: string;
  password_hash: string;
  role: string;
  status: string;
  status_reason: string | null;
  settings: UserSettings;
  created_at: Date;
  updated_at: Date;
}

function fromRow(row: UserRow): User {
  return User.restore({
    id: row.id,
    email: row.email,
    name: row.name,
    passwordHash: row.password_hash,
    role: row.role as Role,
    status: row.status as AccountStatus,
    statusReason: row.status_reason,
    settings: row.settings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const driverError = error.driverError as { code?: string; constraint?: string };
  return driverError.code === '23505' && driverError.constraint === constraint;
}
