import { Command } from '@nestjs/cqrs';
import { PercentShockView } from '../../views';

/**
 * An admin moves the index of a market's underlying by a percent, linearly
 * over `overSeconds` (0: at the next tick): every market sharing the walk
 * (BTC-USDT and BTC-PERP) moves together, and the walk continues from the
 * end. The simulated source only (PRICE_SOURCE_NOT_SIMULATED). Audited
 * (PRICE_SHOCK, with percent and overSeconds). docs/risk.md, "Price shocks".
 */
export class ShockIndexCommand extends Command<PercentShockView> {
  constructor(
    readonly adminId: string,
    readonly symbol: string,
    /** A decimal string: "-10" is -10 %. */
    readonly percent: string,
    readonly overSeconds: number,
  ) {
    super();
  }
}
