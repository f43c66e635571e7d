import { Injectable, OnModuleInit } from '@nestjs/common';
import { SYSTEM_ACCOUNT_ID_PREFIX } from '@lib/kernel';
import { AppConfig, RetentionScheduler, TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';

/** Rows one statement deletes at most: short transactions beside the markets' writes. */
const CHUNK = 1000;
/** Chunks per task per round; a larger backlog goes on at the next round. */
const MAX_CHUNKS = 20;

/** The uuid range of the system accounts (the reserved prefix), so the owner indexes find their rows with a range scan. */
export const SYSTEM_OWNER_RANGE: readonly [string, string] = [`${SYSTEM_ACCOUNT_ID_PREFIX}000000000000`, `${SYSTEM_ACCOUNT_ID_PREFIX}ffffffffffff`];

/*
 * Ended orders of system accounts (the liquidity bots) whose last change is
 * older than $4 minutes: FILLED, CANCELED, EXPIRED, REJECTED never change
 * again. Found through orders_user_created_idx (owner range, then creation
 * time, which is never after the last change). A user's order is never
 * selected: the owner must be in the system range.
 */
export const DELETE_ENDED_BOT_ORDERS = `
  WITH gone AS (DELETE FROM orders.orders
   WHERE id IN (SELECT id FROM orders.orders
                 WHERE user_id BETWEEN $1::uuid AND $2::uuid
                   AND created_at < now() - make_interval(mins => $4)
                   AND updated_at < now() - make_interval(mins => $4)
                   AND status IN ('FILLED', 'CANCELED', 'EXPIRED', 'REJECTED')
                 LIMIT $3)
    RETURNING 1)
  SELECT count(*)::int AS deleted FROM gone`;

/*
 * Trades between two system accounts older than $4 days. A trade with a user
 * on either side is the user's fill and is never deleted. They are kept far
 * longer than the bots' orders because the public tape, the 24 h tickers and
 * the trade candles are computed from them.
 */
export const DELETE_OLD_BOT_TRADES = `
  WITH gone AS (DELETE FROM orders.trades
   WHERE id IN (SELECT id FROM orders.trades
                 WHERE maker_user_id BETWEEN $1::uuid AND $2::uuid
                   AND taker_user_id BETWEEN $1::uuid AND $2::uuid
                   AND created_at < now() - make_interval(days => $4)
                 ORDER BY maker_user_id, id
                 LIMIT $3)
    RETURNING 1)
  SELECT count(*)::int AS deleted FROM gone`;

/**
 * Archiving of the bots' history, a retention task (RetentionScheduler): an
 * idle install's bots end hundreds of thousands of orders a day, which
 * nobody reads once they are over (the bots are not users; the orders'
 * trades, the ledger and the users' data stay). Orders go after
 * BOT_ORDER_RETENTION_MINUTES, bot-to-bot trades after
 * BOT_TRADE_RETENTION_DAYS.
 */
@Injectable()
export class BotOrderArchive implements OnModuleInit {
  constructor(
    private readonly scheduler: RetentionScheduler,
    private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { botOrderMinutes, botTradeDays } = this.config.retention;
    this.scheduler.register({ name: 'bot-orders', run: () => this.deleteChunks(DELETE_ENDED_BOT_ORDERS, botOrderMinutes) });
    this.scheduler.register({ name: 'bot-trades', run: () => this.deleteChunks(DELETE_OLD_BOT_TRADES, botTradeDays) });
  }

  private async deleteChunks(statement: string, age: number): Promise<number> {
    let total = 0;
    for (let chunk = 0; chunk < MAX_CHUNKS; chunk++) {
      const [{ deleted }]: { deleted: number }[] = await this.txHost.tx.query(statement, [...SYSTEM_OWNER_RANGE, CHUNK, age]);
      total += deleted;
      if (deleted < CHUNK) break;
    }
    return total;
  }
}
