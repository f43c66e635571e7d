import { Module } from '@nestjs/common';
import { Funder } from './application/funder';
import { LiquidityMarkets } from './application/liquidity-markets';
import { MakerLossGuard } from './application/maker-loss-guard';
import { MarketMaker } from './application/market-maker';
import { NoiseTrader } from './application/noise-trader';
import { LiquidityRunner } from './infrastructure/liquidity-runner';

/** Built-in liquidity: the market maker and the noise trader (system accounts trading through the orders context's commands). */
@Module({
  providers: [LiquidityMarkets, Funder, MakerLossGuard, MarketMaker, NoiseTrader, LiquidityRunner],
})
export class LiquidityModule {}
