import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { Repository } from 'typeorm';
import { Withdrawal, WithdrawalStatus } from '../../domain';
import { WithdrawalRepository } from '../../application/ports';
import { WithdrawalEntity } from '../entities/withdrawal.entity';

@Injectable()
export class TypeOrmWithdrawalRepository extends WithdrawalRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get repo(): Repository<WithdrawalEntity> {
    return this.tx.tx.getRepository(WithdrawalEntity);
  }

  async insert(withdrawal: Withdrawal): Promise<void> {
    await this.repo.insert({ ...withdrawal });
  }

  async findForUpdate(userId: string, id: string): Promise<Withdrawal | null> {
    const row = await this.repo
      .createQueryBuilder('w')
      .setLock('pessimistic_write')
      .where('w.id = :id AND w.user_id = :userId', { id, userId })
      .getOne();
    return row ? toDomain(row) : null;
  }

  async lockDue(now: Date, limit: number): Promise<Withdrawal[]> {
    const rows = await this.repo
      .createQueryBuilder('w')
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .where(`w.status = 'PENDING' AND w.held_at IS NULL AND w.completes_at <= :now`, { now })
      .orderBy('w.completes_at', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map(toDomain);
  }

  async hold(userId: string, at: Date, ids?: readonly string[]): Promise<number> {
    const rows: unknown[] = await this.tx.tx.query(
      `UPDATE wallet.withdrawals SET held_at = $2
        WHERE user_id = $1 AND status = 'PENDING' AND held_at IS NULL AND ($3::uuid[] IS NULL OR id = ANY($3::uuid[]))
        RETURNING id`,
      [userId, at, ids ?? null],
    );
    return rows.length;
  }

  async resume(userId: string, now: Date): Promise<number> {
    // What was left of the delay when it was held (all of it for one requested since): never below zero.
    const rows: unknown[] = await this.tx.tx.query(
      `UPDATE wallet.withdrawals
          SET completes_at = $2::timestamptz + GREATEST(completes_at - GREATEST(held_at, requested_at), interval '0'), held_at = NULL
        WHERE user_id = $1 AND status = 'PENDING' AND held_at IS NOT NULL
        RETURNING id`,
      [userId, now],
    );
    return rows.length;
  }

  async finish(id: string, status: WithdrawalStatus, at: Date): Promise<void> {
    await this.repo.update({ id }, { status, finishedAt: at });
  }

  async list(userId: string, filter: { status?: WithdrawalStatus; limit: number; before?: { requestedAt: Date; id: string } }): Promise<Withdrawal[]> {
    const query = this.repo
      .createQueryBuilder('w')
      .where('w.user_id = :userId', { userId })
      .orderBy('w.requested_at', 'DESC')
      .addOrderBy('w.id', 'DESC')
      .limit(filter.limit);
    if (filter.status) query.andWhere('w.status = :status', { status: filter.status });
    if (filter.before) query.andWhere('(w.requested_at, w.id) < (:at, :id)', { at: filter.before.requestedAt, id: filter.before.id });
    return (await query.getMany()).map(toDomain);
  }
}

function toDomain(row: WithdrawalEntity): Withdrawal {
  return { ...row, status: row.status as WithdrawalStatus };
}
