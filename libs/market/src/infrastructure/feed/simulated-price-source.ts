import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@lib/platform';
import { Instrument, InstrumentKind, RandomWalk } from '../../domain';
import { LastPrice, PriceSource } from '../../application/ports';

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

/** Markets by underlying (base/quote), the reference market first: spot before perpetual, then by symbol. */
function underlyings(instruments: readonly Instrument[]): Map<string, Instrument[]> {
  const groups = new Map<string, Instrument[]>();
  const ordered = [...instruments].sort((a, b) => (a.kind === b.kind ? (a.symbol < b.symbol ? -1 : 1) : a.kind === InstrumentKind.SPOT ? -1 : 1));
  for (const instrument of ordered) {
    const key = `${instrument.base}/${instrument.quote}`;
    const group = groups.get(key);
    if (group) group.push(instrument);
    else groups.set(key, [instrument]);
  }
  return groups;
}

/** A price at `fromScale` rounded half up to `to`'s tick grid (at least one tick). */
export function onGrid(price: bigint, fromScale: number, to: Pick<Instrument, 'priceScale' | 'tickSize'>): bigint {
  const numerator = price * 10n ** BigInt(to.priceScale);
  const denominator = 10n ** BigInt(fromScale) * to.tickSize;
  const ticks = (2n * numerator + denominator) / (2n * denominator);
  return (ticks > 0n ? ticks : 1n) * to.tickSize;
}
