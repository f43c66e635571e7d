import { Injectable, Logger } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Clock, formatUnits, parseUnits } from '@lib/kernel';
import { Bucket, GetBalancesQuery, LedgerEntryType, PostLedgerTransactionCommand, SystemAccountKind, UserAccountKind, systemAccount, userAccount } from '@lib/wallet';
import { AppConfig } from '@lib/platform';
import { FundingPolicy, LiquidityRole, accountOf, fundingReference, topUpAmount } from '../domain';
import { FailureLog } from './failure-log';

/** What one round of a bot's orders needs of an asset, in its smallest units. */
export interface AssetNeed {
  readonly need: bigint;
  readonly decimals: number;
}

/** Adds `need` to the asset's entry of `needs`. */
export function addNeed(needs: Map<string, AssetNeed>, asset: string, decimals: number, need: bigint): void {
  needs.set(asset, { decimals, need: (needs.get(asset)?.need ?? 0n) + need });
}

/**
 * Funds the bots' system accounts through the ledger: an ADJUSTMENT from
 * EXTERNAL to the account's SPOT balance (MARGIN for perpetuals), like an
 * admin adjustment, with the reference `liquidity:<role>:fund:<asset>:<UTC
 * day>:<n>` (`fund-margin` for MARGIN). Balances are read
 * first, so a restart with healthy balances posts nothing; a reference that
 * was already posted (a restart mid-day, a former leader) is a no-op in the
 * ledger, after which the balance is read again before the next number is
 * tried. At most LIQUIDITY_MAX_TOP_UPS_PER_DAY top-ups per asset and day,
 * each to the policy's target: what the bots can mint in a day is bounded
 * (docs/liquidity.md).
 */
@Injectable()
export class Funder {
  private readonly logger = new Logger('LiquidityFunding');
  private readonly failures = new FailureLog(this.logger);
  /** Next top-up number to try, per role, asset and day: saves probing posted references again. */
  private readonly next = new Map<string, number>();

  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async ensure(role: LiquidityRole, needs: ReadonlyMap<string, AssetNeed>, policy: FundingPolicy, kind: UserAccountKind = UserAccountKind.SPOT): Promise<void> {
    if (needs.size === 0) return;
    const held = await this.holdings(role, needs, kind);
    const funded: string[] = [];
    for (const [asset, { need, decimals }] of needs) {
      if (topUpAmount(held.get(asset) ?? 0n, need, policy) === 0n) continue;
      try {
        const credited = await this.topUp(role, asset, needs, policy, held.get(asset) ?? 0n, kind);
        if (credited > 0n) funded.push(`${formatUnits(credited, decimals)} ${asset}`);
        this.failures.succeeded(`${role} funding ${kind} ${asset}`);
      } catch (error) {
        this.failures.failed(`${role} funding ${kind} ${asset}`, error);
      }
    }
    if (funded.length > 0) this.logger.log(`funded the ${role} ${kind} account through the ledger: ${funded.join(', ')}`);
  }

  /** available + locked of one asset in one of the bot's accounts, smallest units. */
  async held(role: LiquidityRole, asset: string, decimals: number, kind: UserAccountKind): Promise<bigint> {
    return (await this.holdings(role, new Map([[asset, { need: 0n, decimals }]]), kind)).get(asset) ?? 0n;
  }

  /** Returns what was credited (0 when someone else already did). */
  private async topUp(role: LiquidityRole, asset: string, needs: ReadonlyMap<string, AssetNeed>, policy: FundingPolicy, held: bigint, kind: UserAccountKind): Promise<bigint> {
    const { need } = needs.get(asset)!;
    const now = this.clock.now();
    const slot = `${role}:${kind}:${asset}:${now.toISOString().slice(0, 10)}`;
    const userId = accountOf(role);
    const limit = this.config.liquidity.maxTopUpsPerDay;
    for (let n = this.next.get(slot) ?? 0; n < limit; n++) {
      const amount = topUpAmount(held, need, policy);
      if (amount === 0n) return 0n;
      const posted = await this.commands.execute(
        new PostLedgerTransactionCommand(
          LedgerEntryType.ADJUSTMENT,
          fundingReference(role, asset, now, n, kind === UserAccountKind.MARGIN),
          [
            { account: systemAccount(SystemAccountKind.EXTERNAL, asset), bucket: Bucket.AVAILABLE, amount: -amount },
            { account: userAccount(userId, kind, asset), bucket: Bucket.AVAILABLE, amount },
          ],
          { reason: `liquidity funding (${role})` },
        ),
      );
      this.next.set(slot, n + 1);
      if (!posted.duplicate) return amount;
      // Posted before (a restart the same day, another leader): count again before minting more.
      held = (await this.holdings(role, needs, kind)).get(asset) ?? 0n;
    }
    throw new Error(`the daily limit of ${limit} top-ups is reached; orders may fail until tomorrow (UTC)`);
  }

  /** available + locked of each needed asset in the account's balances of that kind, smallest units. */
  private async holdings(role: LiquidityRole, needs: ReadonlyMap<string, AssetNeed>, kind: UserAccountKind): Promise<Map<string, bigint>> {
    const wallet = await this.queries.execute(new GetBalancesQuery(accountOf(role)));
    const spot = wallet.accounts.find((a) => a.account === kind)?.balances ?? [];
    const held = new Map<string, bigint>();
    for (const balance of spot) {
      const need = needs.get(balance.asset);
      if (need) held.set(balance.asset, parseUnits(balance.total, need.decimals));
    }
    return held;
  }
}
