import { Module } from '@nestjs/common';
import { PositionsModule } from '@lib/positions';
import { Funder } from './application/funder';
import { LiquidityMarkets } from './application/liquidity-markets';
import { MakerLossGuard } from './application/maker-loss-guard';
import { MakerPerpLadders } from './application/maker-perp-ladders';
import { MarketMaker } from './application/market-maker';
import { NoiseTrader } from './application/noise-trader';
import { LiquidityRunner } from './infrastructure/liquidity-runner';

/** Built-in liquidity: the market maker and the noise trader (system accounts trading through the orders context's commands). */
@Module({
  imports: [PositionsModule],
  providers: [LiquidityMarkets, Funder, MakerLossGuard, MakerPerpLadders, MarketMaker, NoiseTrader, LiquidityRunner],
})
export class LiquidityModule {}
