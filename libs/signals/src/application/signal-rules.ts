import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, newId } from '@lib/kernel';
import { TransactionHost } from '@lib/platform';
import { CANDLE_INTERVALS, CandleInterval, GetMarketQuery, GetPriceHistoryQuery, INTERVAL_MS, historyLength } from '@lib/market';
import { ConditionInput, MAX_HORIZON, SignalDirection, SignalsError, SignalsErrorCode, conditionText, parseConditions, signalStats, warmUpOfRule } from '../domain';
import { SignalRepository, SignalRuleRecord } from './ports';
import { SignalFiringPage, SignalRuleView, SignalStatsView, firingView, ruleView } from './views';

/** Rules per user at most (SIGNAL_LIMIT_REACHED beyond). */
export const MAX_SIGNAL_RULES = 20;
/** Firings a rule's stats look at: the newest ones. */
export const STATS_FIRINGS = 1_000;
export const FIRINGS_PAGE_MAX = 100;

export interface NewSignalRule {
  readonly name: string;
  readonly symbol: string;
  readonly interval: string;
  readonly conditions: readonly ConditionInput[];
  readonly direction: SignalDirection;
  readonly horizon?: number;
  readonly active?: boolean;
}

export type SignalRuleChanges = Partial<Pick<NewSignalRule, 'name' | 'conditions' | 'direction' | 'horizon' | 'active'>>;

const invalid = (message: string): SignalsError => new SignalsError(SignalsErrorCode.INVALID_SIGNAL_RULE, message);
const notFound = (): SignalsError => new SignalsError(SignalsErrorCode.SIGNAL_NOT_FOUND, 'No such signal rule of yours');

/** Canonical texts of valid conditions (what is stored); throws INVALID_SIGNAL_RULE. */
function canonical(conditions: readonly ConditionInput[]): ConditionInput[] {
  const parsed = parseConditions(conditions);
  warmUpOfRule(parsed);
  return parsed.map(conditionText);
}

function checkHorizon(horizon: number): number {
  if (!Number.isInteger(horizon) || horizon < 1 || horizon > MAX_HORIZON) throw invalid(`horizon must be 1 to ${MAX_HORIZON} candles`);
  return horizon;
}

/** A user's signal rules, their firings and their stats (docs/analytics.md "Signals"). */
@Injectable()
export class SignalRules {
  constructor(
    private readonly rules: SignalRepository,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly tx: TransactionHost,
  ) {}

  async create(userId: string, input: NewSignalRule): Promise<SignalRuleView> {
    if (!CANDLE_INTERVALS.includes(input.interval as CandleInterval)) throw invalid(`interval must be one of ${CANDLE_INTERVALS.join(', ')}`);
    const market = await this.queries.execute(new GetMarketQuery(input.symbol));
    const conditions = canonical(input.conditions);
    const now = this.clock.now();
    const rule: SignalRuleRecord = {
      id: newId(),
      userId,
      name: input.name.trim(),
      symbol: market.symbol,
      interval: input.interval,
      conditions,
      direction: input.direction,
      horizon: checkHorizon(input.horizon ?? 10),
      active: input.active ?? true,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.withTransaction(async () => {
      // Serialised per user: two concurrent creations cannot both pass the count.
      await this.rules.lockUser(userId);
      if ((await this.rules.countOfUser(userId)) >= MAX_SIGNAL_RULES) {
        throw new SignalsError(SignalsErrorCode.SIGNAL_LIMIT_REACHED, `At most ${MAX_SIGNAL_RULES} signal rules per user: delete one first`, { limit: MAX_SIGNAL_RULES });
      }
      await this.rules.insert(rule);
    });
    return ruleView(rule);
  }

  async update(userId: string, id: string, changes: SignalRuleChanges): Promise<SignalRuleView> {
    const patch = {
      ...changes,
      ...(changes.name !== undefined ? { name: changes.name.trim() } : {}),
      ...(changes.conditions !== undefined ? { conditions: canonical(changes.conditions) } : {}),
      ...(changes.horizon !== undefined ? { horizon: checkHorizon(changes.horizon) } : {}),
    };
    const updated = await this.rules.update(userId, id, patch, this.clock.now());
    if (!updated) throw notFound();
    return ruleView(updated);
  }

  async remove(userId: string, id: string): Promise<void> {
    if (!(await this.rules.remove(userId, id))) throw notFound();
  }

  async list(userId: string): Promise<SignalRuleView[]> {
    return (await this.rules.ofUser(userId)).map(ruleView);
  }

  async get(userId: string, id: string): Promise<SignalRuleView> {
    return ruleView(await this.owned(userId, id));
  }

  async firings(userId: string, id: string, limit: number, before: Date | null): Promise<SignalFiringPage> {
    await this.owned(userId, id);
    const rows = await this.rules.firings(id, Math.min(Math.max(limit, 1), FIRINGS_PAGE_MAX) + 1, before);
    const page = rows.slice(0, Math.min(Math.max(limit, 1), FIRINGS_PAGE_MAX));
    const last = page[page.length - 1];
    return { items: page.map(firingView), nextCursor: rows.length > page.length && last ? last.openTime.toISOString() : null };
  }

  /**
   * Per rule: its firings (the newest STATS_FIRINGS), and for each whose
   * horizon has passed the close `horizon` candles after the firing candle,
   * read from the price history (one read per rule).
   */
  async stats(userId: string): Promise<SignalStatsView[]> {
    const out: SignalStatsView[] = [];
    for (const rule of await this.rules.ofUser(userId)) {
      const firings = await this.rules.firings(rule.id, STATS_FIRINGS, null);
      const step = INTERVAL_MS[rule.interval as CandleInterval];
      const closes = new Map<number, bigint>();
      if (firings.length > 0) {
        const from = Math.min(...firings.map((f) => f.openTime.getTime())) + rule.horizon * step;
        const to = Math.min(Math.max(...firings.map((f) => f.openTime.getTime())) + rule.horizon * step, this.clock.now().getTime() - step);
        if (from <= to) {
          const series = await this.queries.execute(new GetPriceHistoryQuery(rule.symbol, rule.interval as CandleInterval, from, to));
          for (let i = 0; i < historyLength(series); i += 1) closes.set(series.openTime[i]!, series.close[i]!);
        }
      }
      const outcomes = firings.map((f) => ({ closeAtFiring: f.close, closeAfter: closes.get(f.openTime.getTime() + rule.horizon * step) ?? null }));
      out.push({ signalId: rule.id, name: rule.name, symbol: rule.symbol, interval: rule.interval, direction: rule.direction, horizon: rule.horizon, ...signalStats(rule.direction, outcomes) });
    }
    return out;
  }

  private async owned(userId: string, id: string): Promise<SignalRuleRecord> {
    const rule = await this.rules.find(userId, id);
    if (!rule) throw notFound();
    return rule;
  }
}
