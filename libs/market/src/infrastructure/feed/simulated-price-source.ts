import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@lib/platform';
import { Instrument, RandomWalk, onGrid, underlyings } from '../../domain';
import { LastPrice, PriceSource } from '../../application/ports';

export { onGrid } from '../../domain';

/**
 * The default index: a seeded geometric random walk (see RandomWalk), whose
 * seed is the install's secret (DATA_DIR/market-seed) unless MARKET_SEED is set.
 *
 * Markets on the same underlying share one walk: BTC-PERP's index is the
 * BTC-USDT walk rounded (half up) to BTC-PERP's tick, so spot and perpetual
 * never drift apart. The walk of an underlying belongs to its spot market
 * when there is one (else to its first perpetual by symbol); it starts at
 * that market's initial price and resumes from its last stored price.
 */
@Injectable()
export class SimulatedPriceSource extends PriceSource {
  private readonly walk: RandomWalk;

  constructor(config: AppConfig) {
    super();
    this.walk = new RandomWalk(config.market.seed, config.market.feedIntervalMs);
    const logger = new Logger('PriceFeed');
    if (config.market.seedSource === 'MARKET_SEED') {
      logger.warn('MARKET_SEED is set: the simulated prices follow a path anyone who knows that seed can compute (for reproducible runs only)');
    } else if (config.market.seedSource === 'ephemeral') {
      logger.warn(`${config.dataDir} cannot be written: the simulated prices use a secret seed of this process (a new path after a restart)`);
    }
  }

  override get simulated(): boolean {
    return true;
  }

  async nextPrices(instruments: readonly Instrument[], last: ReadonlyMap<string, LastPrice>, shocks?: ReadonlyMap<string, bigint>): Promise<Map<string, bigint>> {
    const prices = new Map<string, bigint>();
    for (const group of underlyings(instruments).values()) {
      const reference = group[0]!;
      const previous = last.get(reference.symbol);
      const n = (previous?.seq ?? 0) + 1;
      const shocked = group.find((member) => shocks?.has(member.symbol));
      // A shock replaces this step of the walk (on the reference's grid); the next step starts from it.
      const price = shocked
        ? onGrid(shocks!.get(shocked.symbol)!, shocked.priceScale, reference)
        : this.walk.next(reference.symbol, n, previous?.price ?? reference.initialPrice, reference.tickSize, reference.volatility);
      for (const member of group) prices.set(member.symbol, member === reference ? price : onGrid(price, reference.priceScale, member));
    }
    return prices;
  }
}
