import { Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AppConfig } from '@lib/platform';
import { CancelAllOrdersCommand, MarketSpec, MarketSpecs, MarketTurns, TurnCommand, answerOf } from '@lib/orders';
import { PositionRepository } from '@lib/positions';
import { UserAccountKind } from '@lib/wallet';
import { LIQUIDATION_CANCELED, LiquidationAnswer, decideLiquidation } from './liquidate.decider';
import { LiquidationError } from './liquidation.error';

/**
 * Runs liquidation steps through the market's turn (the same lane, batch and
 * writer as user orders). A cross account's orders on the other perpetual
 * markets of its settlement asset are cancelled first, each market in its
 * own turn, so their holds are cash again when the step re-checks the
 * account. A refusal (the position recovered, or is gone) is an answer, not
 * an error: null.
 */
@Injectable()
export class LiquidationEngine {
  private readonly logger = new Logger('LiquidationEngine');

  constructor(
    private readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
    private readonly positions: PositionRepository,
    private readonly commands: CommandBus,
    private readonly config: AppConfig,
  ) {}

  async liquidate(spec: MarketSpec, userId: string): Promise<LiquidationAnswer | null> {
    const row = await this.positions.find(userId, spec.symbol);
    if (row?.marginMode === 'CROSS') await this.cancelElsewhere(spec, userId);
    const command: TurnCommand<LiquidationAnswer> = {
      spec,
      needs: { funds: { userId, account: UserAccountKind.MARGIN, asset: spec.quote }, margin: { userId, asset: spec.quote }, insuranceFund: spec.quote },
      decide: (market, facts) => decideLiquidation({ spec, userId, feeE8: this.config.risk.liquidationFeeE8 }, market, facts),
    };
    try {
      const answer = answerOf(await this.turns.run(command));
      if (answer.filled > 0n) this.logger.log(`${spec.symbol}: liquidated ${answer.filled} of ${userId}'s position (${answer.sizeAfter} left)`);
      return answer;
    } catch (error) {
      if (error instanceof LiquidationError) return null;
      throw error;
    }
  }

  private async cancelElsewhere(spec: MarketSpec, userId: string): Promise<void> {
    const others = (await this.specs.list()).filter((s) => s.kind === 'PERPETUAL' && s.quote === spec.quote && s.symbol !== spec.symbol);
    for (const other of others) await this.commands.execute(new CancelAllOrdersCommand(userId, other.symbol, LIQUIDATION_CANCELED));
  }
}
