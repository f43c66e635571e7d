import { GetUserQuery } from '@lib/auth';
import { GetMarketQuery } from '@lib/market';
import type { LeadershipService, OutboxRelay, OutboxWriter, TransactionHost } from '@lib/platform';
import type { QueryBus } from '@nestjs/cqrs';
import { AlertCondition, AlertSource, AlertStatus } from '../domain';
import { AlertEvaluator } from './alert-evaluator';
import { PRICE_ALERT_CHANGED, PRICE_ALERT_FIRED } from './events';
import { HistoryKind, PriceAlertRepository, StoredAlert } from './ports';

const ALERT: StoredAlert = {
  id: 'a1', userId: 'u1', symbol: 'BTC-USDT', condition: AlertCondition.ABOVE, source: AlertSource.MARK, target: 10_000n, scale: 2, recurring: false,
  rises: true, generation: 0, status: AlertStatus.ACTIVE, expiresAt: null, createdAt: new Date(0), updatedAt: new Date(0),
};

/** The evaluator on fakes: a market at `mark`, one alert, a repository whose conditional step answers `stepped`. */
function harness(opts: { mark: string; stepped?: boolean; priceAlerts?: boolean; afterStep?: StoredAlert | null }) {
  const steps: { id: string; from: number; status: AlertStatus }[] = [];
  const history: { kind: HistoryKind; price: bigint | null; pushed: boolean }[] = [];
  const events: string[] = [];
  const repo = {
    allActive: async () => [ALERT],
    expireDue: async () => [],
    step: async (id: string, from: number, _rises: boolean, status: AlertStatus) => {
      steps.push({ id, from, status });
      return opts.stepped ?? true;
    },
    addHistory: async (e: { kind: HistoryKind; price: bigint | null; pushed: boolean }) => void history.push({ kind: e.kind, price: e.price, pushed: e.pushed }),
    byId: async () => opts.afterStep ?? null,
  } as unknown as PriceAlertRepository;
  const queries = {
    execute: async (q: unknown) => {
      if (q instanceof GetMarketQuery) return { symbol: q.symbol, priceScale: 2, ticker: { mark: opts.mark, last: null, change24h: '0.00' } };
      if (q instanceof GetUserQuery) return { settings: { notifications: { priceAlerts: opts.priceAlerts ?? true } } };
      throw new Error('unexpected query');
    },
  } as unknown as QueryBus;
  const outbox = { append: async (list: { type: string }[]) => void events.push(...list.map((e) => e.type)) } as unknown as OutboxWriter;
  const tx = { withTransaction: <T>(fn: () => Promise<T>) => fn() } as unknown as TransactionHost;
  const evaluator = new AlertEvaluator({} as LeadershipService, {} as OutboxRelay, repo, queries, outbox, tx);
  return { evaluator, steps, history, events };
}

describe('AlertEvaluator', () => {
  it('fires a reached alert once: its conditional step, history line and event in one go; the next looks leave it', async () => {
    const h = harness({ mark: '100.00' });
    await h.evaluator.tick();
    await h.evaluator.tick();
    expect(h.steps).toEqual([{ id: 'a1', from: 0, status: AlertStatus.FIRED }]);
    expect(h.history).toEqual([{ kind: 'FIRED', price: 10_000n, pushed: true }]);
    expect(h.events).toEqual([PRICE_ALERT_FIRED, PRICE_ALERT_CHANGED]);
    expect(h.evaluator.watching).toBe(0);
  });

  it('does nothing one tick short of the target', async () => {
    const h = harness({ mark: '99.99' });
    await h.evaluator.tick();
    expect(h.steps).toEqual([]);
    expect(h.evaluator.watching).toBe(1);
  });

  it('a step stored already (another leader, a run before a restart) writes nothing and follows the database', async () => {
    const h = harness({ mark: '100.00', stepped: false, afterStep: { ...ALERT, status: AlertStatus.FIRED, generation: 1 } });
    await h.evaluator.tick();
    await h.evaluator.tick();
    expect(h.steps).toHaveLength(1);
    expect(h.history).toEqual([]);
    expect(h.events).toEqual([]);
    expect(h.evaluator.watching).toBe(0);
  });

  it('with settings.notifications.priceAlerts off: recorded as fired, not pushed', async () => {
    const h = harness({ mark: '101.00', priceAlerts: false });
    await h.evaluator.tick();
    expect(h.history).toEqual([{ kind: 'FIRED', price: 10_100n, pushed: false }]);
    expect(h.events).toEqual([PRICE_ALERT_CHANGED]);
  });
});
