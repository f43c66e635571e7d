import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { formatUnits, parseUnits } from '@lib/kernel';
import { AppConfig, OutboxRelay } from '@lib/platform';
import type { AdminActivity, MarketFlow } from './admin.events';

/** What traded in one interval. */
export interface FlowWindow {
  readonly trades: number;
  readonly markets: MarketFlow[];
}

interface MarketTally {
  trades: number;
  quote: bigint;
  scale: number;
}

type Listener = (activity: AdminActivity) => void;

/**
 * The exchange's flow, counted from the relayed integration events that every
 * instance receives (so each instance counts the whole exchange, and nothing
 * is summed across instances): trades and their quote volume per
 * market, and the `activity` they imply (a trade of ADMIN_LARGE_TRADE_NOTIONAL
 * or more, a liquidation, a withdrawal). Counting is a few integer additions
 * per event; nothing is read from the database.
 */
@Injectable()
export class ExchangeFlow implements OnModuleInit, OnModuleDestroy {
  private readonly markets = new Map<string, MarketTally>();
  private readonly listeners = new Set<Listener>();
  private readonly unsubscribes: (() => void)[] = [];
  private readonly largeTrade: string;

  constructor(
    private readonly relay: OutboxRelay,
    config: AppConfig,
  ) {
    this.largeTrade = config.monitoring.largeTradeNotional;
  }

  onModuleInit(): void {
    this.unsubscribes.push(
      this.relay.subscribe('orders.TradeExecuted', ({ payload }) => {
        if (payload.version !== 2) return;
        const quote = BigInt(payload.quote);
        const tally = this.markets.get(payload.symbol) ?? { trades: 0, quote: 0n, scale: payload.quoteScale };
        tally.trades += 1;
        tally.quote += quote;
        this.markets.set(payload.symbol, tally);
        if (this.listeners.size > 0 && quote >= parseUnits(this.largeTrade, payload.quoteScale)) {
          const notional = formatUnits(quote, payload.quoteScale);
          this.tell('LARGE_TRADE', payload.executedAt, `${payload.symbol}: a trade of ${notional} (taker ${payload.takerSide})`, {
            symbol: payload.symbol,
            tradeId: payload.tradeId,
            takerSide: payload.takerSide,
            price: formatUnits(BigInt(payload.price), payload.priceScale),
            quantity: formatUnits(BigInt(payload.quantity), payload.quantityScale),
            notional,
          });
        }
      }),
      this.relay.subscribe('risk.PositionLiquidated', ({ payload: p }) => {
        const quantity = formatUnits(BigInt(p.quantity) + BigInt(p.adlQuantity), p.quantityScale);
        this.tell('LIQUIDATION', p.at, `${p.symbol}: ${p.side} of user ${p.userId} liquidated, ${quantity} closed`, {
          userId: p.userId,
          symbol: p.symbol,
          side: p.side,
          quantity,
          markPrice: formatUnits(BigInt(p.markPrice), p.priceScale),
          insuranceCover: formatUnits(BigInt(p.insuranceCover), p.quoteScale),
        });
      }),
      this.relay.subscribe('wallet.BalanceChanged', ({ payload: p, occurredAt }) => {
        if (p.entryType !== 'WITHDRAWAL_HOLD' && p.entryType !== 'WITHDRAWAL') return;
        const what = p.entryType === 'WITHDRAWAL_HOLD' ? 'requested a withdrawal' : 'withdrawal sent';
        this.tell('WITHDRAWAL', occurredAt, `user ${p.userId}: ${what} of ${p.asset}`, {
          userId: p.userId,
          asset: p.asset,
          stage: p.entryType === 'WITHDRAWAL_HOLD' ? 'REQUESTED' : 'COMPLETED',
          transactionId: p.transactionId,
        });
      }),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
  }

  /** Activity implied by the flow, on this instance (every instance sees every event: tell only local admins). */
  onActivity(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The interval's counts since the last call; starts a new interval. */
  take(): FlowWindow {
    const window: FlowWindow = {
      trades: [...this.markets.values()].reduce((n, m) => n + m.trades, 0),
      markets: [...this.markets.entries()]
        .map(([symbol, m]) => ({ symbol, trades: m.trades, quoteVolume: formatUnits(m.quote, m.scale) }))
        .sort((a, b) => (a.symbol < b.symbol ? -1 : 1)),
    };
    this.markets.clear();
    return window;
  }

  private tell(kind: AdminActivity['kind'], at: string, summary: string, data: Record<string, unknown>): void {
    if (this.listeners.size === 0) return;
    const activity: AdminActivity = { kind, at, summary, data };
    for (const listener of this.listeners) listener(activity);
  }
}
