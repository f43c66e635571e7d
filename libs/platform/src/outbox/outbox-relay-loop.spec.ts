import { LoggerService } from '@nestjs/common';
import { LeadershipLease, LeadershipListener } from '../leadership/leadership-lease';
import { OutboxPruner } from './outbox-pruner';
import { OutboxRelayBatch } from './outbox-relay-batch';
import { OutboxRelayLoop } from './outbox-relay-loop';
import { OutboxRelayPause } from './outbox-relay-pause';

/** A lease whose leadership the test decides (no PostgreSQL). */
class FakeLease {
  isLeader = false;
  started = false;
  private readonly listeners = new Set<LeadershipListener>();

  onChange(listener: LeadershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  start(): void {
    this.started = true;
  }

  set(leader: boolean): void {
    this.isLeader = leader;
    for (const listener of this.listeners) listener(leader);
  }
}

const settle = (ms = 20): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('OutboxRelayLoop', () => {
  let lease: FakeLease;
  let steps: string[];
  /** What a read does (by default, it is recorded and finds nothing). */
  let read: () => void;
  let warnings: string[];
  let loop: OutboxRelayLoop;

  beforeEach(() => {
    lease = new FakeLease();
    steps = [];
    read = () => void steps.push('read');
    warnings = [];
    const batch = {
      ensureCursor: async () => void steps.push('cursor'),
      relayNext: async () => {
        read();
        return 0;
      },
    } as unknown as OutboxRelayBatch;
    const pruner = { startIfDue: () => undefined } as unknown as OutboxPruner;
    const logger = { log: () => undefined, warn: (message: string) => void warnings.push(message) } as unknown as LoggerService;
    // Waits far longer than the test: only the lease, a commit or the stop can end them.
    const options = { instanceId: 'i-1', pollMs: 60_000, retryMs: 60_000 };
    loop = new OutboxRelayLoop(lease as unknown as LeadershipLease, batch, pruner, new OutboxRelayPause(0), options, logger);
  });
  afterEach(() => loop.stop());

  it('starts the lease and reads nothing while following', async () => {
    loop.start();
    await settle();
    expect(lease.started).toBe(true);
    expect(steps).toEqual([]);
  });

  it('reads at once when it gains the lease, after ensuring the cursor, and again in every new term', async () => {
    loop.start();
    await settle();
    lease.set(true);
    await settle();
    expect(steps).toEqual(['cursor', 'read']);
    lease.set(false);
    lease.set(true);
    await settle();
    expect(steps).toEqual(['cursor', 'read', 'cursor', 'read']);
  });

  it('logs an error while leading once per distinct message, and nothing for a lost lease (the lease says it)', async () => {
    read = () => {
      throw new Error('relation "platform.outbox" does not exist');
    };
    lease.set(true);
    loop.start();
    await settle();
    expect(warnings).toEqual(['outbox relay: relation "platform.outbox" does not exist; retrying in 60000 ms']);
    // The session breaks in the middle of a read: the lease is lost with it.
    read = () => {
      lease.isLeader = false;
      throw new Error('Connection terminated unexpectedly');
    };
    lease.set(true);
    await settle();
    expect(warnings).toHaveLength(1);
    read = () => void steps.push('read');
    lease.set(true);
    await settle();
    expect(steps.filter((s) => s === 'read')).toEqual(['read']);
  });

  it('stops promptly from a wait of the follower', async () => {
    loop.start();
    await settle();
    const started = Date.now();
    await loop.stop();
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
