import { Injectable, OnModuleInit } from '@nestjs/common';
import { Metrics } from '@lib/platform';
import { MarketTurns } from '../application/turns';
import { TriggerMonitor } from '../application/triggers/trigger-monitor';

/** The orders context's gauges on GET /api/metrics: the markets' queues, and the conditional orders watched. */
@Injectable()
export class OrdersMetrics implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly turns: MarketTurns,
    private readonly triggers: TriggerMonitor,
  ) {}

  onModuleInit(): void {
    this.metrics.gauge('exchange_orders_queued_commands', 'Commands waiting or in a running batch, per market (ORDERS_MAX_QUEUED_PER_MARKET answers 503 MARKET_BUSY)', ['symbol'], (g) => {
      for (const [symbol, queued] of this.turns.queuedMarkets()) g.set({ symbol }, queued);
    });
    this.metrics.gauge('exchange_trigger_orders_watched', 'Untriggered conditional orders in this instance\'s trigger index (the orders.triggers lease holder watches them)', [], (g) => {
      g.set(this.triggers.watching);
    });
  }
}
