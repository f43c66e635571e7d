import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AmountError, parsePositiveUnits } from '@lib/kernel';
import { UserAccountKind } from '@lib/wallet';
import { MarketSpec, OrdersError, OrdersErrorCode } from '../../../domain';
import { decideLeverage, decideMarginMode, decideMoveMargin } from '../../deciders/position-settings.decider';
import { MarketSpecs } from '../../ports';
import { Decision, Facts, MarketTurns, MarketView, TurnCommand, answerOf } from '../../turns';
import { ChangeLeverageCommand, ChangeMarginModeCommand, MoveIsolatedMarginCommand, PositionSettingsView } from './position-settings.commands';

/**
 * (Each handler declares its constructor: Nest reads the injected types from
 * the decorated class itself.)
 *
 * The settings of a user's position run in the market's turn like its orders
 * (a position changes in one place only), declaring the user's margin.
 */
abstract class PositionSettingsHandler {
  constructor(
    protected readonly specs: MarketSpecs,
    private readonly turns: MarketTurns,
  ) {}

  protected async perpetual(symbol: string): Promise<MarketSpec> {
    const spec = await this.specs.get(symbol);
    if (spec.kind !== 'PERPETUAL') throw new OrdersError(OrdersErrorCode.MARKET_NOT_PERPETUAL, `${symbol} is not a perpetual market: it has no positions`);
    return spec;
  }

  protected async decide(spec: MarketSpec, userId: string, decide: (market: MarketView, facts: Facts) => Decision<PositionSettingsView>): Promise<PositionSettingsView> {
    const command: TurnCommand<PositionSettingsView> = {
      spec,
      needs: { funds: { userId, account: UserAccountKind.MARGIN, asset: spec.quote }, margin: { userId, asset: spec.quote } },
      decide,
    };
    return answerOf(await this.turns.run(command));
  }
}

@CommandHandler(ChangeLeverageCommand)
export class ChangeLeverageHandler extends PositionSettingsHandler implements ICommandHandler<ChangeLeverageCommand> {
  constructor(specs: MarketSpecs, turns: MarketTurns) {
    super(specs, turns);
  }

  async execute(c: ChangeLeverageCommand): Promise<PositionSettingsView> {
    const spec = await this.perpetual(c.symbol);
    const max = spec.maxLeverage ?? 1;
    if (!Number.isInteger(c.leverage) || c.leverage < 1 || c.leverage > max) {
      throw new OrdersError(OrdersErrorCode.INVALID_LEVERAGE, `Leverage on ${spec.symbol} is a whole number from 1 to ${max}`, { maxLeverage: max });
    }
    return this.decide(spec, c.userId, (market, facts) => decideLeverage(spec, c.userId, c.leverage, market, facts));
  }
}

@CommandHandler(ChangeMarginModeCommand)
export class ChangeMarginModeHandler extends PositionSettingsHandler implements ICommandHandler<ChangeMarginModeCommand> {
  constructor(specs: MarketSpecs, turns: MarketTurns) {
    super(specs, turns);
  }

  async execute(c: ChangeMarginModeCommand): Promise<PositionSettingsView> {
    const spec = await this.perpetual(c.symbol);
    return this.decide(spec, c.userId, (market, facts) => decideMarginMode(spec, c.userId, c.mode, market, facts));
  }
}

@CommandHandler(MoveIsolatedMarginCommand)
export class MoveIsolatedMarginHandler extends PositionSettingsHandler implements ICommandHandler<MoveIsolatedMarginCommand> {
  constructor(specs: MarketSpecs, turns: MarketTurns) {
    super(specs, turns);
  }

  async execute(c: MoveIsolatedMarginCommand): Promise<PositionSettingsView> {
    const spec = await this.perpetual(c.symbol);
    let amount: bigint;
    try {
      amount = parsePositiveUnits(c.amount, spec.quoteDecimals);
    } catch (error) {
      if (error instanceof AmountError) throw new OrdersError(OrdersErrorCode.INVALID_AMOUNT, `Invalid amount: ${error.message}`, { reason: error.reason, decimals: spec.quoteDecimals });
      throw error;
    }
    return this.decide(spec, c.userId, (market, facts) => decideMoveMargin(spec, c.userId, amount, c.type, market, facts));
  }
}
