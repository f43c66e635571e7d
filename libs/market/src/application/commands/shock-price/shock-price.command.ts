import { Command } from '@nestjs/cqrs';
import { PriceShockView } from '../../views';

/**
 * An admin moves a market's simulated feed to a price at once (demos, tests):
 * the next tick publishes it as index and mark of every market on the same
 * underlying, and the walk continues from there. Audited (PRICE_SHOCK).
 */
export class ShockPriceCommand extends Command<PriceShockView> {
  constructor(
    readonly adminId: string,
    readonly symbol: string,
    readonly price: string,
  ) {
    super();
  }
}
