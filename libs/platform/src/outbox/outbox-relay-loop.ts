import { LoggerService } from '@nestjs/common';
import { LeadershipLease } from '../leadership/leadership-lease';
import { OUTBOX_BATCH_SIZE, OutboxRelayBatch } from './outbox-relay-batch';
import { OutboxPruner } from './outbox-pruner';
import { OutboxRelayPause } from './outbox-relay-pause';

export interface OutboxRelayLoopOptions {
  /** The relay's id, for the log line of a new term. */
  readonly instanceId: string;
  /** OUTBOX_POLL_MS: the wait after a batch shorter than OUTBOX_BATCH_SIZE when no commit wakes the relay. */
  readonly pollMs: number;
  /** LEADER_RETRY_MS: how long a follower waits for the lease at most, and the loop after an error. */
  readonly retryMs: number;
}

/**
 * The relay's loop: while this instance holds the lease, batch after batch
 * (the next at once after a full batch, otherwise after a poll or a commit),
 * with a prune round beside it when one is due; while it follows, it waits
 * for the lease. An error (the database gone, a statement refused) is logged
 * once and retried after LEADER_RETRY_MS; a lost session is the lease's to
 * report and to win back.
 */
export class OutboxRelayLoop {
  private running: Promise<void> | undefined;
  private stopping = false;
  /** Whether the cursor row was ensured in this term of leadership. */
  private cursorReady = false;
  private lastError: string | undefined;

  constructor(
    private readonly lease: LeadershipLease,
    private readonly batch: OutboxRelayBatch,
    private readonly pruner: OutboxPruner,
    private readonly pause: OutboxRelayPause,
    private readonly options: OutboxRelayLoopOptions,
    private readonly logger: LoggerService,
  ) {}

  /** Starts the lease and the loop. */
  start(): void {
    if (this.running || this.stopping) return;
    this.lease.onChange((leader) => {
      this.cursorReady = false;
      // A new term: relay at once rather than at the end of the follower's wait.
      if (leader) this.pause.interrupt();
    });
    this.lease.start();
    this.running = this.run();
  }

  /** Ends the wait in progress and resolves once the step in hand is done. The lease stays held (the caller releases it). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.close();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (!this.lease.isLeader) {
          await this.pause.wait(this.options.retryMs, false);
          continue;
        }
        if (!this.cursorReady) await this.beginTerm();
        this.pause.markRead();
        const relayed = await this.batch.relayNext();
        this.lastError = undefined;
        this.pruner.startIfDue();
        if (relayed < OUTBOX_BATCH_SIZE) await this.pause.wait(this.options.pollMs, true);
      } catch (error) {
        if (this.stopping) break;
        const message = error instanceof Error ? error.message : String(error);
        // A lost session was reported by the lease (once); anything else once per distinct message.
        if (this.lease.isLeader && message !== this.lastError) {
          this.logger.warn(`outbox relay: ${message}; retrying in ${this.options.retryMs} ms`);
        }
        this.lastError = message;
        await this.pause.wait(this.options.retryMs, false);
      }
    }
  }

  private async beginTerm(): Promise<void> {
    await this.batch.ensureCursor();
    this.cursorReady = true;
    this.logger.log(`this instance (${this.options.instanceId}) relays the outbox`);
  }
}
