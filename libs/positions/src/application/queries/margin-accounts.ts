import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { parseUnits } from '@lib/kernel';
import { GetInstrumentQuery, GetMarkPriceQuery, Instrument, InstrumentKind } from '@lib/market';
import { GetAssetBalanceQuery } from '@lib/wallet';
import { Holding, PerpTerms, PositionRecord, PositionsError, PositionsErrorCode } from '../../domain';
import { MarginAccountState } from '../position-view';
import { PositionRepository } from '../ports';
import { perpTermsOf } from './get-transferable-margin/get-transferable-margin.handler';

/**
 * What the position queries read besides the rows: a market's terms and
 * mark (market context) and the MARGIN account's buckets (wallet context).
 * Read without a lock, each on its own: a view is a snapshot, not a decision.
 */
@Injectable()
export class MarginAccounts {
  constructor(
    private readonly queries: QueryBus,
    readonly positions: PositionRepository,
  ) {}

  /** A listed perpetual: MARKET_NOT_FOUND (market context) when unknown, MARKET_NOT_PERPETUAL when spot. */
  async perp(symbol: string): Promise<{ readonly instrument: Instrument; readonly terms: PerpTerms }> {
    const instrument = await this.queries.execute(new GetInstrumentQuery(symbol));
    if (instrument.kind !== InstrumentKind.PERPETUAL) {
      throw new PositionsError(PositionsErrorCode.MARKET_NOT_PERPETUAL, `${instrument.symbol} is not a perpetual market`, { symbol: instrument.symbol });
    }
    return { instrument, terms: perpTermsOf(instrument) };
  }

  /** A row with its market's terms and the mark now. */
  async holding(record: PositionRecord, terms?: PerpTerms): Promise<Holding> {
    const [resolved, price] = await Promise.all([terms ?? this.perp(record.symbol).then((p) => p.terms), this.queries.execute(new GetMarkPriceQuery(record.symbol))]);
    return { record, terms: resolved, mark: price.mark };
  }

  /** The user's rows, open ones only. */
  async openRows(userId: string): Promise<PositionRecord[]> {
    const rows = (await this.positions.ofUsers([userId])).get(userId) ?? [];
    return rows.filter((r) => r.position.size !== 0n);
  }

  /** The MARGIN account of `asset` with these holdings (those settled in it). */
  async account(userId: string, asset: string, holdings: readonly Holding[]): Promise<MarginAccountState> {
    const balance = await this.queries.execute(new GetAssetBalanceQuery(userId, asset));
    return {
      asset,
      decimals: balance.decimals,
      available: parseUnits(balance.margin.available, balance.decimals),
      locked: parseUnits(balance.margin.locked, balance.decimals),
      holdings: holdings.filter((h) => h.record.asset === asset),
    };
  }
}
