import { Logger } from '@nestjs/common';
import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { CandleClosed } from '@lib/market';
import { SignalEvaluator } from '../application/signal-evaluator';

/**
 * The feed leader's closed mark candles, to the signals evaluator. Candles of
 * one market and interval are evaluated one after the other (a rule's state
 * advances candle by candle); different ones at once.
 */
@EventsHandler(CandleClosed)
export class CandleClosedListener implements IEventHandler<CandleClosed> {
  private readonly logger = new Logger(CandleClosedListener.name);
  private readonly chains = new Map<string, Promise<void>>();

  constructor(private readonly evaluator: SignalEvaluator) {}

  handle(event: CandleClosed): void {
    const { symbol, interval, openTime, close } = event.payload;
    const key = `${symbol}|${interval}`;
    const next = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.evaluator.onCandleClosed({ symbol, interval, openTime, close }))
      .then(
        () => undefined,
        (error: unknown) => this.logger.warn(`${key} candle ${new Date(openTime).toISOString()} not evaluated: ${String(error)}`),
      );
    this.chains.set(key, next);
    void next.then(() => {
      if (this.chains.get(key) === next) this.chains.delete(key);
    });
  }

  /** Resolves once every candle handed over so far was evaluated (tests, shutdown). */
  async drained(): Promise<void> {
    await Promise.all(this.chains.values());
  }
}
