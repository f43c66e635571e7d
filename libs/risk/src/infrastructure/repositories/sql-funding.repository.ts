import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EntityManager } from 'typeorm';
import { FundingHistoryPage, FundingRecord, FundingRepository } from '../../application/ports/funding.repository.port';
import { RiskError, RiskErrorCode } from '../../domain';

interface FundingRow {
  symbol: string;
  funding_time: Date;
  rate: string;
  mark: string;
  paid: string;
  received: string;
  remainder: string;
  positions: number;
  settled_at: Date;
}

const COLUMNS = `symbol, funding_time, rate::text AS rate, mark::text AS mark, paid::text AS paid, received::text AS received,
  remainder::text AS remainder, positions, settled_at`;

const toRecord = (r: FundingRow): FundingRecord => ({
  symbol: r.symbol,
  fundingTime: r.funding_time,
  rate: BigInt(r.rate),
  mark: BigInt(r.mark),
  paid: BigInt(r.paid),
  received: BigInt(r.received),
  remainder: BigInt(r.remainder),
  positions: r.positions,
  settledAt: r.settled_at,
});

/** The funding tables in plain SQL, in the ambient transaction when there is one. */
@Injectable()
export class SqlFundingRepository extends FundingRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    return this.tx.tx;
  }

  async addSample(symbol: string, at: Date, premium: bigint): Promise<void> {
    await this.em.query(`INSERT INTO risk.premium_samples (symbol, sampled_at, premium) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [symbol, at, premium.toString()]);
  }

  async samples(symbol: string, from: Date, to: Date): Promise<bigint[]> {
    const rows: { premium: string }[] = await this.em.query(
      `SELECT premium::text AS premium FROM risk.premium_samples WHERE symbol = $1 AND sampled_at > $2 AND sampled_at <= $3 ORDER BY sampled_at`,
      [symbol, from, to],
    );
    return rows.map((r) => BigInt(r.premium));
  }

  async pruneSamples(before: Date): Promise<void> {
    await this.em.query(`DELETE FROM risk.premium_samples WHERE sampled_at <= $1`, [before]);
  }

  async record(row: FundingRecord): Promise<boolean> {
    const inserted: unknown[] = await this.em.query(
      `INSERT INTO risk.funding_rates (symbol, funding_time, rate, mark, paid, received, remainder, positions, settled_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT DO NOTHING RETURNING 1`,
      [row.symbol, row.fundingTime, row.rate.toString(), row.mark.toString(), row.paid.toString(), row.received.toString(), row.remainder.toString(), row.positions, row.settledAt],
    );
    return inserted.length === 1;
  }

  async settledTimes(symbol: string, from: Date, to: Date): Promise<Date[]> {
    const rows: { funding_time: Date }[] = await this.em.query(
      `SELECT funding_time FROM risk.funding_rates WHERE symbol = $1 AND funding_time >= $2 AND funding_time <= $3 ORDER BY funding_time`,
      [symbol, from, to],
    );
    return rows.map((r) => r.funding_time);
  }

  async last(symbol: string): Promise<FundingRecord | null> {
    const rows: FundingRow[] = await this.em.query(`SELECT ${COLUMNS} FROM risk.funding_rates WHERE symbol = $1 ORDER BY funding_time DESC LIMIT 1`, [symbol]);
    return rows[0] ? toRecord(rows[0]) : null;
  }

  async history(symbol: string, query: { readonly cursor?: string; readonly limit: number }): Promise<FundingHistoryPage> {
    const before = query.cursor === undefined ? null : decodeCursor(query.cursor);
    const rows: FundingRow[] = await this.em.query(
      `SELECT ${COLUMNS} FROM risk.funding_rates WHERE symbol = $1 AND ($2::timestamptz IS NULL OR funding_time < $2) ORDER BY funding_time DESC LIMIT $3`,
      [symbol, before, query.limit + 1],
    );
    const items = rows.slice(0, query.limit).map(toRecord);
    const last = items[items.length - 1];
    return { items, next: rows.length > query.limit && last ? encodeCursor(last.fundingTime) : null };
  }
}

function encodeCursor(time: Date): string {
  return Buffer.from(`f${time.getTime()}`).toString('base64url');
}

function decodeCursor(cursor: string): Date {
  const text = Buffer.from(cursor, 'base64url').toString();
  if (!/^f\d{1,15}$/.test(text)) throw new RiskError(RiskErrorCode.INVALID_CURSOR, 'The cursor is not one this API returned');
  return new Date(Number(text.slice(1)));
}
