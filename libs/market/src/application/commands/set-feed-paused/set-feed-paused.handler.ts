import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '@lib/kernel';
import { AuditLog, TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { FeedControlView, SetFeedPausedCommand } from './set-feed-paused.command';

interface Row {
  paused: boolean;
  reason: string | null;
  changed_by: string | null;
  changed_at: Date | null;
}

export const feedControlViewOf = (row: Row): FeedControlView => ({
  paused: row.paused,
  reason: row.reason,
  changedBy: row.changed_by,
  changedAt: row.changed_at?.toISOString() ?? null,
});

/**
 * Sets the feed's switch and audits the change in one transaction. Setting it
 * to what it is already changes nothing and records nothing.
 */
@CommandHandler(SetFeedPausedCommand)
export class SetFeedPausedHandler implements ICommandHandler<SetFeedPausedCommand> {
  constructor(
    private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  execute({ adminId, paused, reason }: SetFeedPausedCommand): Promise<FeedControlView> {
    return this.tx.withTransaction(async () => {
      const [before] = (await this.tx.tx.query(`SELECT paused, reason, changed_by, changed_at FROM market.feed_control FOR UPDATE`)) as Row[];
      if (before && before.paused === paused) return feedControlViewOf(before);
      const at = this.clock.now();
      const [after] = (await this.tx.tx.query(
        `INSERT INTO market.feed_control (id, paused, reason, changed_by, changed_at) VALUES (true, $1, $2, $3, $4)
         ON CONFLICT (id) DO UPDATE SET paused = $1, reason = $2, changed_by = $3, changed_at = $4
         RETURNING paused, reason, changed_by, changed_at`,
        [paused, reason, adminId, at],
      )) as Row[];
      await this.audit.append({ actorId: adminId, action: paused ? 'FEED_PAUSED' : 'FEED_RESUMED', target: 'feed', before: { paused: before?.paused ?? false }, after: { paused }, reason });
      return feedControlViewOf(after!);
    });
  }
}
