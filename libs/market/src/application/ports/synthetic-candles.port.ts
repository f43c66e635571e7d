import type { CandleColumns, HistoryRange, SyntheticWalk, WalkCheckpoints } from '../../domain';

/**
 * Computes a walk's synthetic candles over a range. A long walk (a year of
 * minutes is ~150 ms of CPU) must not hold the event loop: the implementation
 * decides where it runs; the numbers are the domain's either way.
 */
export abstract class SyntheticCandles {
  abstract candles(walk: SyntheticWalk, range: HistoryRange, checkpoints: WalkCheckpoints): Promise<CandleColumns>;
}
