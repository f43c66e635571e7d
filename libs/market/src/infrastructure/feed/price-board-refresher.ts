import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Clock } from '@lib/kernel';
import { AppConfig } from '@lib/platform';
import { InstrumentCatalog, PriceHistory } from '../../application/ports';
import { PriceBoard } from '../../application/price-board';
import { PriceFeed } from './price-feed';

const STATS_REFRESH_MS = 5000;
const DAY_MS = 86_400_000;

/**
 * Keeps this instance's PriceBoard current when it does not run the feed:
 * the latest prices are read from the database about once per feed interval.
 * On every instance the 24 h statistics are reloaded from the 1m candles
 * every few seconds (between reloads the board folds each new price in).
 */
@Injectable()
export class PriceBoardRefresher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('PriceBoardRefresher');
  private pricesTimer: NodeJS.Timeout | undefined;
  private statsTimer: NodeJS.Timeout | undefined;
  private busy = false;
  private lastError: string | undefined;

  constructor(
    private readonly config: AppConfig,
    private readonly feed: PriceFeed,
    private readonly catalog: InstrumentCatalog,
    private readonly history: PriceHistory,
    private readonly board: PriceBoard,
    private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Prices and statistics are there before the first request.
    await Promise.all([this.refreshPrices(), this.refreshStats()]);
    this.pricesTimer = setInterval(() => void this.refreshPrices(), Math.max(100, this.config.market.feedIntervalMs));
    this.statsTimer = setInterval(() => void this.refreshStats(), STATS_REFRESH_MS);
    this.pricesTimer.unref();
    this.statsTimer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.pricesTimer);
    clearInterval(this.statsTimer);
  }

  private async refreshPrices(): Promise<void> {
    if (this.feed.isLeader || this.busy) return;
    this.busy = true;
    try {
      const scales = new Map((await this.catalog.all()).map((i) => [i.symbol, i.priceScale]));
      this.board.update(await this.history.latest(scales));
      this.lastError = undefined;
    } catch (error) {
      this.warn(error);
    } finally {
      this.busy = false;
    }
  }

  private async refreshStats(): Promise<void> {
    try {
      this.board.replaceDayStats(await this.history.dayStats(new Date(this.clock.now().getTime() - DAY_MS)));
    } catch (error) {
      this.warn(error);
    }
  }

  private warn(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    if (message !== this.lastError) this.logger.warn(`refreshing prices failed: ${message}`);
    this.lastError = message;
  }
}
