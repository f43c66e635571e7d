import { Injectable, Logger } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, newId, parseUnits } from '@lib/kernel';
import { CandleInterval, GetPriceHistoryQuery, INTERVAL_MS, historyLength } from '@lib/market';
import { OutboxWriter, TransactionHost } from '@lib/platform';
import { parseConditions, warmUpOfRule } from '../domain';
import { signalFiredEvent } from './events';
import { IndicatorFactory, SignalRepository, SignalRuleRecord } from './ports';
import { RuleState } from './rule-state';

/** A closed candle, as the market's CANDLE_CLOSED tells it: prices are decimal strings at the market's price scale. */
export interface ClosedCandle {
  readonly symbol: string;
  readonly interval: string;
  readonly openTime: number;
  readonly close: string;
}

/**
 * Evaluates the active rules of a market and interval on each of its closed
 * candles (docs/analytics.md "Signals"). It runs where the candles close (the
 * feed leader) and keeps each rule's indicator state in memory, warmed up from
 * the price history the first time it meets the rule (or a new version of
 * it), so a leader that takes over starts where the history is. A firing is
 * stored with its outbox event in one transaction under a unique (rule,
 * candle): a candle replayed or evaluated by two leaders fires once.
 */
@Injectable()
export class SignalEvaluator {
  private readonly logger = new Logger(SignalEvaluator.name);
  private readonly states = new Map<string, RuleState>();

  constructor(
    private readonly rules: SignalRepository,
    private readonly indicators: IndicatorFactory,
    private readonly queries: QueryBus,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  /** Firings stored for this candle. */
  async onCandleClosed(candle: ClosedCandle): Promise<number> {
    const active = await this.rules.activeOn(candle.symbol, candle.interval);
    this.forgetOthers(candle, active);
    const { units, scale } = unitsOf(candle.close);
    let fired = 0;
    for (const rule of active) {
      try {
        const state = await this.stateOf(rule, candle.openTime);
        if (!state.accepts(candle.openTime)) continue;
        if (state.step(candle.openTime, Number(candle.close)) && (await this.record(rule, candle.openTime, units, scale))) fired += 1;
      } catch (error) {
        // One rule's failure (its warm-up read, a lost connection) never stops the others.
        this.logger.warn(`signal ${rule.id} not evaluated on ${candle.symbol} ${candle.interval} ${new Date(candle.openTime).toISOString()}: ${String(error)}`);
        this.states.delete(rule.id);
      }
    }
    return fired;
  }

  private async stateOf(rule: SignalRuleRecord, openTime: number): Promise<RuleState> {
    const known = this.states.get(rule.id);
    if (known && known.version === rule.version) return known;
    const conditions = parseConditions(rule.conditions);
    const state = new RuleState(rule.version, rule.symbol, rule.interval, conditions, this.indicators);
    const step = INTERVAL_MS[rule.interval as CandleInterval];
    const need = warmUpOfRule(conditions);
    // The candles before this one: the state then stands where it would have, had it watched all along (no firing on history).
    const history = await this.queries.execute(new GetPriceHistoryQuery(rule.symbol, rule.interval as CandleInterval, openTime - need * step, openTime - step));
    const scale = 10 ** history.priceScale;
    for (let i = 0; i < historyLength(history); i += 1) state.warm(history.openTime[i]!, Number(history.close[i]!) / scale);
    this.states.set(rule.id, state);
    return state;
  }

  private async record(rule: SignalRuleRecord, openTime: number, close: bigint, priceScale: number): Promise<boolean> {
    const firing = { id: newId(), ruleId: rule.id, userId: rule.userId, symbol: rule.symbol, interval: rule.interval, openTime: new Date(openTime), close, priceScale, firedAt: this.clock.now() };
    return this.tx.withTransaction(async () => {
      if (!(await this.rules.recordFiring(firing))) return false;
      await this.outbox.append([signalFiredEvent(rule, firing)]);
      return true;
    });
  }

  /** Drops the state of rules of this market and interval that are no longer active (deleted, paused). */
  private forgetOthers(candle: ClosedCandle, active: readonly SignalRuleRecord[]): void {
    const live = new Set(active.map((r) => r.id));
    for (const [id, state] of this.states) if (state.watches(candle.symbol, candle.interval) && !live.has(id)) this.states.delete(id);
  }
}

function unitsOf(decimal: string): { units: bigint; scale: number } {
  const scale = decimal.includes('.') ? decimal.length - decimal.indexOf('.') - 1 : 0;
  return { units: parseUnits(decimal, scale), scale };
}
