import { Injectable } from '@nestjs/common';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { EntityManager } from 'typeorm';
import {
  CandleRow,
  MarketVersionCheck,
  NamedOrder,
  NewTrade,
  OpenHold,
  OrderFilter,
  OrderRepository,
  StoredOrder,
  StoredTrade,
  TradeFilter,
  TradeStats,
  TradeTotals,
} from '../../application/ports';
import * as orderReads from './sql-order-reads';
import * as passWrite from './sql-pass-write';
import * as tradeReads from './sql-trade-reads';

/**
 * Orders and trades in plain SQL, on the ambient transaction's connection
 * (TransactionHost.tx is the pooled manager outside one). Writes are one
 * statement per batch (unnest), whatever the number of orders or trades.
 * The statements live by concern: the pass write and market versions
 * (sql-pass-write.ts), the order reads, the trade reads; this class only
 * hands them the connection.
 */
@Injectable()
export class SqlOrderRepository extends OrderRepository {
  constructor(private readonly tx: TransactionHost<TransactionalAdapterTypeOrm>) {
    super();
  }

  private get em(): EntityManager {
    return this.tx.tx;
  }

  writePass(
    orders: readonly { order: StoredOrder; isNew: boolean }[],
    trades: readonly NewTrade[],
    expected?: MarketVersionCheck,
  ): Promise<{ trades: StoredTrade[]; current: boolean }> {
    return passWrite.writePass(this.em, orders, trades, expected);
  }

  bumpMarketVersions(symbols: readonly string[], countOpenOf?: readonly string[]): Promise<{ versions: Map<string, bigint>; openOrders: Map<string, number> }> {
    return passWrite.bumpMarketVersions(this.em, symbols, countOpenOf);
  }

  marketVersion(symbol: string): Promise<bigint> {
    return passWrite.marketVersion(this.em, symbol);
  }

  openOrderCounts(users: readonly string[]): Promise<Map<string, number>> {
    return orderReads.openOrderCounts(this.em, users);
  }

  findByIds(ids: readonly string[]): Promise<StoredOrder[]> {
    return orderReads.findByIds(this.em, ids);
  }

  findForUser(userId: string, idOrClientId: string): Promise<StoredOrder | null> {
    return orderReads.findForUser(this.em, userId, idOrClientId);
  }

  findByClientOrderId(userId: string, clientOrderId: string): Promise<StoredOrder | null> {
    return orderReads.findByClientOrderId(this.em, userId, clientOrderId);
  }

  ordersByClientOrderIds(pairs: readonly { userId: string; clientOrderId: string }[]): Promise<Map<string, NamedOrder>> {
    return orderReads.ordersByClientOrderIds(this.em, pairs);
  }

  openInMarket(symbol: string): Promise<StoredOrder[]> {
    return orderReads.openInMarket(this.em, symbol);
  }

  untriggered(): Promise<StoredOrder[]> {
    return orderReads.untriggered(this.em);
  }

  saveTrailAnchors(rows: readonly { id: string; side: string; anchor: bigint }[]): Promise<void> {
    return orderReads.saveTrailAnchors(this.em, rows);
  }

  dueGoodTill(now: Date, limit: number): Promise<{ id: string; symbol: string }[]> {
    return orderReads.dueGoodTill(this.em, now, limit);
  }

  marketsWithOpenOrders(): Promise<string[]> {
    return orderReads.marketsWithOpenOrders(this.em);
  }

  openHolds(): Promise<OpenHold[]> {
    return orderReads.openHolds(this.em);
  }

  openIdsOfUser(userId: string, symbol?: string): Promise<{ id: string; symbol: string }[]> {
    return orderReads.openIdsOfUser(this.em, userId, symbol);
  }

  list(filter: OrderFilter): Promise<StoredOrder[]> {
    return orderReads.list(this.em, filter);
  }

  trades(filter: TradeFilter): Promise<StoredTrade[]> {
    return tradeReads.trades(this.em, filter);
  }

  candles(symbol: string, intervalSeconds: number, from: Date, to: Date, limit: number): Promise<CandleRow[]> {
    return tradeReads.candles(this.em, symbol, intervalSeconds, from, to, limit);
  }

  stats24h(symbols: readonly string[], now: Date): Promise<TradeStats[]> {
    return tradeReads.stats24h(this.em, symbols, now);
  }

  tradeTotals(symbols: readonly string[], from: Date, to: Date): Promise<TradeTotals[]> {
    return tradeReads.tradeTotals(this.em, symbols, from, to);
  }

  openOrdersByMarket(): Promise<{ symbol: string; open: number; untriggered: number }[]> {
    return orderReads.openOrdersByMarket(this.em);
  }
}
