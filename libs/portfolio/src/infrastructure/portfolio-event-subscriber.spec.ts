import { Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FILL_CREATED } from '@lib/orders';
import { IntegrationEvent, IntegrationEventBatchHandler, OutboxRelay } from '@lib/platform';
import { BALANCE_CHANGED } from '@lib/wallet';
import { ApplyFillsCommand } from '../application/commands/apply-fills/apply-fills.command';
import { RecordHoldersCommand } from '../application/commands/record-holders/record-holders.command';
import { PortfolioEventSubscriber } from './portfolio-event-subscriber';

const event = (type: string, n: number, payload: Record<string, unknown>): IntegrationEvent => ({
  eventId: `0b6b3c2e-8c1d-4b6e-9a51-${String(n).padStart(12, '0')}`,
  type,
  occurredAt: '2025-01-02T03:04:05.678Z',
  payload,
});

/** The subscriber on a fake relay and command bus: what it executes for a batch, and how it falls back. */
describe('PortfolioEventSubscriber', () => {
  let batchHandlers: Map<string, IntegrationEventBatchHandler>;
  let executed: string[];
  let fail: (command: unknown) => boolean;

  beforeEach(() => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    batchHandlers = new Map();
    executed = [];
    fail = () => false;
    const relay = {
      subscribeBatch: (type: string, handler: IntegrationEventBatchHandler) => {
        batchHandlers.set(type, handler);
        return () => undefined;
      },
    } as unknown as OutboxRelay;
    const commands = {
      execute: async (command: unknown) => {
        const name =
          command instanceof ApplyFillsCommand
            ? `fills ${command.fills.map((f) => f.eventId.slice(-1)).join('')}`
            : command instanceof RecordHoldersCommand
                ? `holders ${command.userIds.join(',')}`
                : 'unknown';
        executed.push(name);
        if (fail(command)) throw new Error(`${name} failed`);
        return 1;
      },
    } as unknown as CommandBus;
    new PortfolioEventSubscriber(relay, commands).onModuleInit();
  });
  afterEach(() => jest.restoreAllMocks());

  const fills = [1, 2, 3].map((n) => event(FILL_CREATED, n, { userId: `u${n}`, fill: {} }));

  it('subscribes in batches only, and applies the fills of a batch with one command', async () => {
    expect([...batchHandlers.keys()].sort()).toEqual([BALANCE_CHANGED, FILL_CREATED].sort());
    await batchHandlers.get(FILL_CREATED)!(fills);
    expect(executed).toEqual(['fills 123']);
  });

  it('records the holders of a batch with one command, skipping events without a user', async () => {
    await batchHandlers.get(BALANCE_CHANGED)!([
      event(BALANCE_CHANGED, 1, { userId: 'a' }),
      event(BALANCE_CHANGED, 2, {}),
      event(BALANCE_CHANGED, 3, { userId: 'b' }),
      event(BALANCE_CHANGED, 4, { userId: 'a' }),
    ]);
    await batchHandlers.get(BALANCE_CHANGED)!([event(BALANCE_CHANGED, 5, { userId: 7 })]);
    expect(executed).toEqual(['holders a,b,a']);
  });

  it('retries a failing batch, then applies it event by event: a bad event is logged and skipped, the good ones applied', async () => {
    let batchFailures = 0;
    fail = (command) => command instanceof ApplyFillsCommand && batchFailures++ === 0;
    // A transient failure: the retry applies the whole batch.
    await batchHandlers.get(FILL_CREATED)!(fills);
    expect(executed).toEqual(['fills 123', 'fills 123']);

    executed = [];
    fail = (command) => command instanceof ApplyFillsCommand && (command.fills.length > 1 || command.fills[0]!.eventId.endsWith('2'));
    await batchHandlers.get(FILL_CREATED)!(fills);
    expect(executed).toEqual(['fills 123', 'fills 123', 'fills 123', 'fills 123', 'fills 1', 'fills 2', 'fills 2', 'fills 2', 'fills 2', 'fills 3']);
    expect(Logger.prototype.error).toHaveBeenCalledTimes(1);
    expect(Logger.prototype.error).toHaveBeenCalledWith(expect.stringMatching(/000000000002 skipped after 4 attempts: fills 2 failed/), expect.anything());
  });

  it('lets a batch of one event fail as a per-event subscriber does (the relay logs it)', async () => {
    fail = () => true;
    await expect(batchHandlers.get(FILL_CREATED)!([fills[0]!])).rejects.toThrow('fills 1 failed');
    expect(executed).toEqual(['fills 1', 'fills 1', 'fills 1', 'fills 1']);
  });
});
