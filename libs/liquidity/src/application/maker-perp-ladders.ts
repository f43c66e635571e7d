import { Injectable, Logger } from '@nestjs/common';
import { DEFAULT_LEVERAGE, PositionRepository } from '@lib/positions';
import { AppConfig } from '@lib/platform';
import { UserAccountKind } from '@lib/wallet';
import {
  Ladder,
  LadderMarket,
  LadderParams,
  LiquidityRole,
  MAKER_FUNDING,
  MARKET_MAKER_ACCOUNT_ID,
  buildLadder,
  ceilDiv,
  fitMargin,
  inventoryLadder,
  ladderMargin,
  notional,
  positionBound,
  positionReserve,
} from '../domain';
import { FailureLog } from './failure-log';
import { AssetNeed, Funder, addNeed } from './funder';
import { wholeUnits } from './liquidity-markets';

/** A TRADING perpetual market with its mark, and the spot-style ladder parameters for it. */
export interface PerpQuoteInput {
  readonly market: LadderMarket;
  readonly mark: bigint;
  readonly params: LadderParams;
}

/**
 * The maker's ladders on the perpetual markets (docs/liquidity.md,
 * "Perpetuals"): each one skewed against the maker's position and bounded by
 * MARKET_MAKER_MAX_POSITION (domain `inventoryLadder`), the MARGIN account
 * funded through the ledger for the full ladders plus a position at the
 * bound, then every ladder trimmed, best levels first, to what the margin
 * account can hold after its positions' initial margin and unrealized loss
 * (domain `fitMargin`). Positions are read from the positions context (the
 * order write path keeps them); the maker trades at the default leverage.
 */
@Injectable()
export class MakerPerpLadders {
  private readonly failures = new FailureLog(new Logger('MarketMaker'));

  constructor(
    private readonly positions: PositionRepository,
    private readonly funder: Funder,
    private readonly config: AppConfig,
  ) {}

  /**
   * Funds the MARGIN account for this round and shares its budget out over
   * the markets (best levels first, by the positions read now). Each market's
   * ladder is built later by its `ladder()`, from the position read again right
   * before its quotes are planned: the maker reads its open orders first, then
   * its position, so fills in between can only leave it more room than it
   * thinks, never less (a fill moves the position and the open quantity
   * together).
   */
  async plan(inputs: readonly PerpQuoteInput[]): Promise<{ market: LadderMarket; ladder: () => Promise<Ladder | null> }[]> {
    const planned: { input: PerpQuoteInput; ladder: Ladder; leverage: number; reserve: bigint }[] = [];
    const needs = new Map<string, AssetNeed>();
    for (const input of inputs) {
      const { market: m, mark, params } = input;
      const state = await this.position(m);
      if (!state) continue;
      const maxPosition = this.maxPosition(m, mark);
      const ladder = inventoryLadder(m, mark, params, { position: state.size, maxPosition });
      planned.push({ input, ladder, leverage: state.leverage, reserve: positionReserve(m, state.size, state.entryValue, mark, state.leverage) });
      // One round: the full ladder's holds and a position at the bound.
      const need = ladderMargin(m, buildLadder(m, mark, params), state.leverage) + ceilDiv(notional(m, mark, maxPosition), BigInt(state.leverage));
      addNeed(needs, m.quote, m.quoteDecimals, need);
    }
    try {
      await this.funder.ensure(LiquidityRole.MARKET_MAKER, needs, MAKER_FUNDING, UserAccountKind.MARGIN);
    } catch (error) {
      this.failures.failed('margin funding', error);
    }
    const budgets = new Map<string, bigint>();
    for (const [asset, { decimals }] of needs) {
      try {
        budgets.set(asset, await this.funder.held(LiquidityRole.MARKET_MAKER, asset, decimals, UserAccountKind.MARGIN));
      } catch (error) {
        this.failures.failed(`${asset} margin balance`, error);
        budgets.set(asset, 0n);
      }
    }
    for (const { input, reserve } of planned) budgets.set(input.market.quote, (budgets.get(input.market.quote) ?? 0n) - reserve);
    return planned.map(({ input, ladder, leverage }) => {
      const m = input.market;
      const available = budgets.get(m.quote) ?? 0n;
      const share = fitMargin(m, ladder, available > 0n ? available : 0n, leverage).used;
      budgets.set(m.quote, available - share);
      return { market: m, ladder: () => this.ladderNow(input, share) };
    });
  }

  /** The bounded, skewed ladder at the position read now, fitted to the market's share of the margin. */
  private async ladderNow(input: PerpQuoteInput, share: bigint): Promise<Ladder | null> {
    const { market: m, mark, params } = input;
    const state = await this.position(m);
    if (!state) return null;
    const ladder = inventoryLadder(m, mark, params, { position: state.size, maxPosition: this.maxPosition(m, mark) });
    const fitted = fitMargin(m, ladder, share, state.leverage).ladder;
    const dropped = ladder.bids.length + ladder.asks.length - fitted.bids.length - fitted.asks.length;
    if (dropped > 0) this.failures.skipped(`${m.symbol} margin`, 'MARGIN_BUDGET', `${dropped} levels left out: the MARGIN account cannot hold them`);
    else this.failures.succeeded(`${m.symbol} margin`);
    return fitted;
  }

  private maxPosition(m: LadderMarket, mark: bigint): bigint {
    return positionBound(m, mark, wholeUnits(this.config.liquidity.maxPosition, m.quoteDecimals));
  }

  /** The maker's position and leverage on the market; null (logged once) when it cannot be read: no quotes there this round. */
  private async position(m: LadderMarket): Promise<{ size: bigint; entryValue: bigint; leverage: number } | null> {
    try {
      const record = await this.positions.find(MARKET_MAKER_ACCOUNT_ID, m.symbol);
      this.failures.succeeded(`${m.symbol} position`);
      return { size: record?.position.size ?? 0n, entryValue: record?.position.entryValue ?? 0n, leverage: record?.leverage ?? DEFAULT_LEVERAGE };
    } catch (error) {
      this.failures.failed(`${m.symbol} position`, error);
      return null;
    }
  }
}
