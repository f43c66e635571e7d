import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Clock, formatUnits } from '@lib/kernel';
import { AppConfig, LeadershipService, LeasedLoop } from '@lib/platform';
import { CancelAllOrdersCommand, OrderSide, OrderType, PlaceOrderCommand } from '@lib/orders';
import { PositionRepository } from '@lib/positions';
import { KillSwitch, passesLimit, utcDay } from '../../domain';
import { KillSwitchRepository } from '../ports/kill-switch.repository.port';
import { KillSwitchGuard } from './kill-switch-guard';
import { KillSwitches } from './kill-switches';

export const KILL_SWITCH_LEASE = 'risk.kill-switch';
export const KILL_SWITCH_CANCELED = 'KILL_SWITCH';

/**
 * Checks the armed kill switches (one instance: the `risk.kill-switch`
 * lease) every KILL_SWITCH_INTERVAL_MS: a switch whose day's result passes
 * its limit triggers once per UTC day (the conditional update decides which
 * call does it), then every open order of the user is cancelled and every
 * position in the asset closed with a MARKET reduce-only order. A close that
 * fails (an empty book) is tried again at the next round while the switch
 * blocks (docs/risk.md, "Kill switch").
 */
@Injectable()
export class KillSwitchWatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('KillSwitchWatcher');
  private readonly loop: LeasedLoop;

  constructor(
    config: AppConfig,
    private readonly leadership: LeadershipService,
    private readonly repo: KillSwitchRepository,
    private readonly switches: KillSwitches,
    private readonly guard: KillSwitchGuard,
    private readonly positions: PositionRepository,
    private readonly commands: CommandBus,
    private readonly clock: Clock,
  ) {
    this.loop = new LeasedLoop(KILL_SWITCH_LEASE, config.risk.killSwitchIntervalMs, () => this.round(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.loop.start(this.leadership);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** One round: triggers what passed its limit, and closes what a triggered switch still has open. Public for tests. */
  async round(): Promise<void> {
    const now = this.clock.now();
    const today = utcDay(now);
    for (const s of await this.repo.armedSince(today)) {
      const result = await this.switches.dayResult(s.userId, s.asset, now);
      if (!passesLimit(s, result)) continue;
      if (!(await this.repo.trigger(s.userId, s.asset, now, today))) continue;
      this.guard.block(s.userId, s.asset, now);
      this.logger.log(`kill switch of ${s.userId} on ${s.asset} triggered: a day result of ${result} units against a limit of ${s.maxDailyLoss}`);
      await this.commands.execute(new CancelAllOrdersCommand(s.userId, undefined, KILL_SWITCH_CANCELED));
    }
    for (const s of await this.repo.triggeredSince(today)) await this.close(s);
  }

  private async close(s: KillSwitch): Promise<void> {
    const rows = (await this.positions.ofUsers([s.userId])).get(s.userId) ?? [];
    for (const record of rows) {
      if (record.asset !== s.asset || record.position.size === 0n) continue;
      const spec = (await this.switches.marketsOf(s.asset)).find((m) => m.symbol === record.symbol);
      if (!spec) continue;
      const size = record.position.size < 0n ? -record.position.size : record.position.size;
      const input = { userId: s.userId, symbol: record.symbol, side: record.position.size > 0n ? OrderSide.SELL : OrderSide.BUY, type: OrderType.MARKET, quantity: formatUnits(size, spec.quantityScale), reduceOnly: true };
      try {
        await this.commands.execute(new PlaceOrderCommand(input));
      } catch (error) {
        this.logger.warn(`kill switch of ${s.userId}: closing ${record.symbol} failed, tried again: ${String(error)}`);
      }
    }
  }
}
