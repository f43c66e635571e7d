import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { MarkPriceUpdated } from '@lib/market';
import { AlertEvaluator } from '../application/alert-evaluator';

/** A mark tick of this instance's feed wakes the evaluator at once (elsewhere it looks every second). */
@EventsHandler(MarkPriceUpdated)
export class AlertWakeup implements IEventHandler<MarkPriceUpdated> {
  constructor(private readonly evaluator: AlertEvaluator) {}

  handle(): void {
    this.evaluator.poke();
  }
}
