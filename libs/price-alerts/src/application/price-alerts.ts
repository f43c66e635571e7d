import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Clock, newId, parseUnits } from '@lib/kernel';
import { GetMarketQuery } from '@lib/market';
import { OutboxWriter, TransactionHost } from '@lib/platform';
import { AlertCondition, AlertSource, AlertStatus, PERCENT_SCALE, PriceAlertsError, PriceAlertsErrorCode, initialRises, isChangeCondition } from '../domain';
import { priceAlertChangedEvent } from './events';
import { PriceAlertRepository, StoredAlert } from './ports';
import { AlertHistoryPage, AlertView, alertViewOf, historyViewOf } from './views';

/** Active alerts per user at most (ALERT_LIMIT_REACHED beyond). */
export const MAX_ACTIVE_ALERTS = 50;
export const HISTORY_PAGE_MAX = 100;

export interface NewAlert {
  readonly symbol: string;
  readonly condition: AlertCondition;
  readonly price?: string;
  readonly percent?: string;
  readonly source?: AlertSource;
  readonly recurring?: boolean;
  readonly expiresAt?: Date;
}

const invalid = (message: string) => new PriceAlertsError(PriceAlertsErrorCode.INVALID_ALERT, message);

/**
 * Creating, cancelling and reading a user's alerts (docs/price-alerts.md).
 * A creation and a cancellation write PRICE_ALERT_CHANGED with their row, so
 * every instance's evaluator (the leader's) learns of it.
 */
@Injectable()
export class PriceAlerts {
  constructor(
    private readonly alerts: PriceAlertRepository,
    private readonly queries: QueryBus,
    private readonly outbox: OutboxWriter,
    private readonly tx: TransactionHost,
    private readonly clock: Clock,
  ) {}

  async create(userId: string, input: NewAlert): Promise<AlertView> {
    const market = await this.queries.execute(new GetMarketQuery(input.symbol));
    const source = input.source ?? AlertSource.MARK;
    const change = isChangeCondition(input.condition);
    let target: bigint;
    let scale: number;
    if (change) {
      if (input.percent === undefined || input.price !== undefined) throw invalid(`${input.condition} takes a percent, not a price`);
      target = parsePercent(input.percent);
      scale = PERCENT_SCALE;
    } else {
      if (input.price === undefined || input.percent !== undefined) throw invalid(`${input.condition} takes a price, not a percent`);
      scale = market.priceScale;
      target = parsePrice(input.price, scale);
      const tick = parseUnits(market.tickSize, scale);
      if (target <= 0n || target % tick !== 0n) throw invalid(`price must be a positive multiple of the tick size ${market.tickSize}`);
    }
    const now = this.clock.now();
    if (input.expiresAt && input.expiresAt.getTime() <= now.getTime()) throw new PriceAlertsError(PriceAlertsErrorCode.INVALID_ALERT_EXPIRY, 'expiresAt must be in the future');
    let current: bigint | null = null;
    if (input.condition === AlertCondition.CROSSES) {
      const text = source === AlertSource.MARK ? market.ticker.mark : market.ticker.last;
      if (text === null) throw new PriceAlertsError(PriceAlertsErrorCode.ALERT_PRICE_UNAVAILABLE, `${input.symbol} has no ${source} price yet: a CROSSES alert starts from the side of it`);
      current = parseUnits(text, scale);
    }
    const alert: StoredAlert = {
      id: newId(),
      userId,
      symbol: market.symbol,
      condition: input.condition,
      source,
      target,
      scale,
      recurring: input.recurring ?? false,
      rises: initialRises(input.condition, target, current),
      generation: 0,
      status: AlertStatus.ACTIVE,
      expiresAt: input.expiresAt ?? null,
      createdAt: now,
      updatedAt: now,
    };
    await this.tx.withTransaction(async () => {
      await this.alerts.lockUser(userId);
      const active = await this.alerts.countActive(userId);
      if (active >= MAX_ACTIVE_ALERTS) {
        throw new PriceAlertsError(PriceAlertsErrorCode.ALERT_LIMIT_REACHED, `At most ${MAX_ACTIVE_ALERTS} active alerts per user`, { limit: MAX_ACTIVE_ALERTS });
      }
      await this.alerts.insert(alert);
      await this.outbox.append([priceAlertChangedEvent(alert.id, alert.status)]);
    });
    return alertViewOf(alert);
  }

  async cancel(userId: string, id: string): Promise<void> {
    await this.tx.withTransaction(async () => {
      const alert = await this.alerts.ofUser(userId, id);
      if (!alert) throw new PriceAlertsError(PriceAlertsErrorCode.ALERT_NOT_FOUND, 'No such alert');
      const now = this.clock.now();
      if (!(await this.alerts.cancel(userId, id, now))) throw new PriceAlertsError(PriceAlertsErrorCode.ALERT_NOT_ACTIVE, `The alert is ${alert.status === AlertStatus.ACTIVE ? 'no longer active' : alert.status}`);
      await this.alerts.addHistory({ alertId: id, userId, kind: 'CANCELLED', price: null, pushed: false, at: now });
      await this.outbox.append([priceAlertChangedEvent(id, AlertStatus.CANCELLED)]);
    });
  }

  async active(userId: string): Promise<AlertView[]> {
    return (await this.alerts.activeOfUser(userId)).map(alertViewOf);
  }

  async history(userId: string, cursor: string | undefined, limit: number): Promise<AlertHistoryPage> {
    if (cursor !== undefined && !/^[1-9]\d{0,17}$/.test(cursor)) throw new PriceAlertsError(PriceAlertsErrorCode.INVALID_CURSOR, 'Not a cursor this API returned');
    const size = Math.min(Math.max(limit, 1), HISTORY_PAGE_MAX);
    const rows = await this.alerts.history(userId, cursor === undefined ? null : BigInt(cursor), size + 1);
    const page = rows.slice(0, size);
    return { items: page.map(historyViewOf), nextCursor: rows.length > size ? page[page.length - 1]!.id.toString() : null };
  }
}

function parsePrice(text: string, scale: number): bigint {
  try {
    return parseUnits(text, scale);
  } catch {
    throw invalid(`price must be a decimal string with at most ${scale} decimals`);
  }
}

/** A signed percent with at most 2 decimals ("-5", "12.5"), in hundredths. */
export function parsePercent(text: string): bigint {
  const negative = text.startsWith('-');
  try {
    const units = parseUnits(negative ? text.slice(1) : text, PERCENT_SCALE);
    return negative ? -units : units;
  } catch {
    throw invalid('percent must be a decimal string with at most 2 decimals');
  }
}
