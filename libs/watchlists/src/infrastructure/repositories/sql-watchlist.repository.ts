import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { WatchlistRepository } from '../../application/ports';
import { Watchlist } from '../../domain';

interface WatchlistRow {
  id: string;
  user_id: string;
  name: string;
  symbols: string[];
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = `id, user_id, name, symbols, created_at, updated_at`;

/**
 * The lists as rows. The lock of `lockListsOf` is an advisory lock on the user
 * (not row locks): a user without lists has no row to lock, and the creates
 * racing to the limit must still queue.
 */
const REPLACE = `
  WITH input AS (
      SELECT * FROM jsonb_to_recordset($2::jsonb)
        AS r(id uuid, name text, position int, symbols text[], created_at timestamptz, updated_at timestamptz)
    ),
    removed AS (
      DELETE FROM watchlists.watchlists w WHERE w.user_id = $1 AND w.id NOT IN (SELECT id FROM input)
    )
  INSERT INTO watchlists.watchlists AS w (id, user_id, name, position, symbols, created_at, updated_at)
  SELECT id, $1, name, position, symbols, created_at, updated_at FROM input
  ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, position = EXCLUDED.position, symbols = EXCLUDED.symbols, updated_at = EXCLUDED.updated_at
   WHERE w.user_id = EXCLUDED.user_id`;

@Injectable()
export class SqlWatchlistRepository extends WatchlistRepository {
  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  async listOf(userId: string): Promise<Watchlist[]> {
    const rows = (await this.txHost.tx.query(`SELECT ${COLUMNS} FROM watchlists.watchlists WHERE user_id = $1 ORDER BY position`, [userId])) as WatchlistRow[];
    return rows.map(toWatchlist);
  }

  async lockListsOf(userId: string): Promise<Watchlist[]> {
    await this.txHost.tx.query(`SELECT pg_advisory_xact_lock(hashtext('watchlists.user'), hashtext($1))`, [userId]);
    return this.listOf(userId);
  }

  async replaceAll(userId: string, lists: readonly Watchlist[]): Promise<void> {
    const input = lists.map((l, position) => ({
      id: l.id,
      name: l.name,
      position,
      symbols: l.symbols,
      created_at: l.createdAt.toISOString(),
      updated_at: l.updatedAt.toISOString(),
    }));
    await this.txHost.tx.query(REPLACE, [userId, JSON.stringify(input)]);
  }
}

function toWatchlist(row: WatchlistRow): Watchlist {
  return { id: row.id, userId: row.user_id, name: row.name, symbols: row.symbols, createdAt: row.created_at, updatedAt: row.updated_at };
}
