import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { AmountError, Clock, formatUnits, parsePositiveUnits } from '@lib/kernel';
import { MarketSpec, MarketSpecs, termsOf } from '@lib/orders';
import { PositionRepository, unrealizedPnl } from '@lib/positions';
import { GetMarginDayResultQuery } from '@lib/wallet';
import { KillSwitch, RiskError, RiskErrorCode, blockedUntil, isBlocked, utcDay } from '../../domain';
import { KillSwitchRepository } from '../ports/kill-switch.repository.port';

/** GET /risk/kill-switch: one switch, decimal strings at the asset's decimals. */
export interface KillSwitchView {
  readonly asset: string;
  readonly maxDailyLoss: string;
  /** Realized today (TRADE and FUNDING on MARGIN since 00:00 UTC) plus the open positions' unrealized PnL now; signed. */
  readonly dayResult: string;
  /** Blocking new exposure now (triggered today). */
  readonly triggered: boolean;
  readonly triggeredAt: string | null;
  /** When a triggered switch stops blocking (the next UTC midnight); null when not triggered. */
  readonly blockedUntil: string | null;
}

/**
 * The kill switches (docs/risk.md, "Kill switch"): arm, read, clear, and the
 * day's result they are checked against.
 */
@Injectable()
export class KillSwitches {
  constructor(
    private readonly repo: KillSwitchRepository,
    private readonly specs: MarketSpecs,
    private readonly positions: PositionRepository,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  async arm(userId: string, asset: string, maxDailyLoss: string): Promise<KillSwitchView> {
    const decimals = await this.decimalsOf(asset);
    let limit: bigint;
    try {
      limit = parsePositiveUnits(maxDailyLoss, decimals);
    } catch (error) {
      if (error instanceof AmountError) throw new RiskError(RiskErrorCode.INVALID_KILL_SWITCH, `maxDailyLoss must be a positive amount of ${asset} with at most ${decimals} decimals`, { field: 'maxDailyLoss' });
      throw error;
    }
    const armed = await this.repo.arm(userId, asset, limit, this.clock.now());
    return this.view(armed, decimals);
  }

  async list(userId: string): Promise<KillSwitchView[]> {
    const switches = await this.repo.ofUser(userId);
    return Promise.all(switches.map(async (s) => this.view(s, await this.decimalsOf(s.asset))));
  }

  async clear(userId: string, asset: string): Promise<void> {
    if (!(await this.repo.clear(userId, asset))) throw new RiskError(RiskErrorCode.KILL_SWITCH_NOT_FOUND, `No kill switch on ${asset}`, { asset });
  }

  /** Realized today plus unrealized now, on the user's MARGIN account of the asset (smallest units, signed). */
  async dayResult(userId: string, asset: string, now: Date): Promise<bigint> {
    const realized = await this.queries.execute(new GetMarginDayResultQuery(userId, asset, utcDay(now)));
    const rows = (await this.positions.ofUsers([userId])).get(userId) ?? [];
    let unrealized = 0n;
    for (const record of rows) {
      if (record.asset !== asset || record.position.size === 0n) continue;
      const spec = await this.specs.get(record.symbol);
      const mark = await this.specs.markPrice(spec);
      if (mark !== null) unrealized += unrealizedPnl(termsOf(spec), record.position, mark);
    }
    return realized + unrealized;
  }

  /** The perpetual markets settled in `asset` (what a triggered switch closes and blocks). */
  async marketsOf(asset: string): Promise<MarketSpec[]> {
    return (await this.specs.list()).filter((s) => s.kind === 'PERPETUAL' && s.quote === asset);
  }

  private async view(s: KillSwitch, decimals: number): Promise<KillSwitchView> {
    const now = this.clock.now();
    const blocked = isBlocked(s, now);
    return {
      asset: s.asset,
      maxDailyLoss: formatUnits(s.maxDailyLoss, decimals),
      dayResult: formatUnits(await this.dayResult(s.userId, s.asset, now), decimals),
      triggered: blocked,
      triggeredAt: s.triggeredAt?.toISOString() ?? null,
      blockedUntil: blocked ? blockedUntil(s)!.toISOString() : null,
    };
  }

  private async decimalsOf(asset: string): Promise<number> {
    const market = (await this.marketsOf(asset))[0];
    if (!market) throw new RiskError(RiskErrorCode.INVALID_KILL_SWITCH, `No perpetual market settles in ${asset}: a kill switch is per settlement asset`, { field: 'asset' });
    return market.quoteDecimals;
  }
}
