import { EventsHandler, IEventHandler } from '@nestjs/cqrs';
import { MarkPriceUpdated } from '@lib/market';
import { TriggerMonitor } from '../application/triggers/trigger-monitor';

/**
 * A mark tick of this instance's feed wakes the trigger monitor at once (the
 * feed publishes on the in-process EventBus of its leader only; on another
 * instance the monitor looks every TRIGGER_INTERVAL_MS).
 */
@EventsHandler(MarkPriceUpdated)
export class TriggerWakeup implements IEventHandler<MarkPriceUpdated> {
  constructor(private readonly monitor: TriggerMonitor) {}

  handle(): void {
    this.monitor.poke();
  }
}
