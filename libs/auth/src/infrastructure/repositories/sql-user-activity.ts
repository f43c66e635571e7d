import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { UserActivityReader } from '../../application/ports';

/**
 * Every refresh token is issued at a log-in (the session's first) or a
 * refresh (its rotation), so "a token issued since" is "a session opened or
 * used since": found by refresh_tokens_created_at_idx (a range of the last
 * 24 h, not the whole table), each to its session's user by primary key.
 */
const COUNTS = `
  SELECT (SELECT count(*) FROM auth.users)::int AS total,
         (SELECT count(DISTINCT s.user_id) FROM auth.refresh_tokens r JOIN auth.sessions s ON s.id = r.session_id
           WHERE r.created_at >= $1)::int AS active`;

@Injectable()
export class SqlUserActivityReader extends UserActivityReader {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async counts(since: Date): Promise<{ total: number; active: number }> {
    const [row] = (await this.tx.tx.query(COUNTS, [since])) as [{ total: number; active: number }];
    return row;
  }
}
