import { QueryBus } from '@nestjs/cqrs';
import { TransactionHost } from '@lib/platform';
import { Asset, Bucket, LedgerTransaction, UserAccountKind, WalletError, WalletErrorCode, userAccount } from '../../../domain';
import { LedgerPoster } from '../../ledger-poster';
import { AssetCatalog } from '../../ports';
import { GetAvailableFundsQuery } from '../../queries/get-available-funds/get-available-funds.query';
import { GetTransferableMarginQuery } from '../../queries/get-transferable-margin/get-transferable-margin.query';
import { TransferCommand } from './transfer.command';
import { TransferHandler } from './transfer.handler';

const { SPOT, MARGIN } = UserAccountKind;
const USDT: Asset = { code: 'USDT', decimals: 6, faucetDailyLimit: 0n };

/** The handler with a stub QueryBus answering `transferable` and the MARGIN AVAILABLE (units), a poster that records, and a transaction that records its span. */
function setup(transferable: bigint, available = 1_000_000_000n) {
  const log: string[] = [];
  const asked: GetTransferableMarginQuery[] = [];
  const posted: LedgerTransaction[] = [];
  let inTransaction = false;
  const queries = {
    execute: async (query: unknown) => {
      if (query instanceof GetAvailableFundsQuery) return { available: () => available };
      if (!(query instanceof GetTransferableMarginQuery)) throw new Error('unexpected query');
      log.push(`ask (in transaction: ${inTransaction})`);
      asked.push(query);
      return transferable;
    },
  } as unknown as QueryBus;
  const poster = {
    post: async (entry: LedgerTransaction) => {
      log.push(`post (in transaction: ${inTransaction})`);
      posted.push(entry);
      return { transactionId: 'tx-1', duplicate: false };
    },
  } as unknown as LedgerPoster;
  const tx = {
    withTransaction: async <T>(fn: () => Promise<T>) => {
      inTransaction = true;
      try {
        return await fn();
      } finally {
        inTransaction = false;
      }
    },
  } as unknown as TransactionHost;
  const assets = { get: async () => USDT, all: async () => [USDT] } as AssetCatalog;
  return { handler: new TransferHandler(assets, poster, tx, queries), log, asked, posted };
}

describe('TransferHandler: out of MARGIN, at most what the positions context calls transferable', () => {
  it('asks in the posting transaction, right before the posting, and posts when the amount fits (to the unit)', async () => {
    const { handler, log, asked, posted } = setup(250_000_000n);
    const view = await handler.execute(new TransferCommand('alice', 'USDT', '250', MARGIN, SPOT));

    expect(view).toEqual({ transactionId: 'tx-1', asset: 'USDT', amount: '250.000000', from: MARGIN, to: SPOT });
    expect(asked).toEqual([new GetTransferableMarginQuery('alice', 'USDT', 1_000_000_000n)]);
    expect(log).toEqual(['ask (in transaction: true)', 'post (in transaction: true)']);
    expect(posted[0]!.postings).toEqual([
      { account: userAccount('alice', MARGIN, 'USDT'), bucket: Bucket.AVAILABLE, amount: -250_000_000n },
      { account: userAccount('alice', SPOT, 'USDT'), bucket: Bucket.AVAILABLE, amount: 250_000_000n },
    ]);
  });

  it('refuses one unit more with INSUFFICIENT_MARGIN, naming what is transferable and what was requested, and posts nothing', async () => {
    const { handler, posted } = setup(250_000_000n);
    const refused = await handler.execute(new TransferCommand('alice', 'USDT', '250.000001', MARGIN, SPOT)).catch((e: unknown) => e);

    expect(refused).toBeInstanceOf(WalletError);
    expect(refused).toMatchObject({ code: WalletErrorCode.INSUFFICIENT_MARGIN, details: { asset: 'USDT', transferable: '250.000000', requested: '250.000001' } });
    expect(posted).toEqual([]);
  });

  it('a negative answer (losses beyond the cash) is shown as nothing transferable', async () => {
    const { handler } = setup(-5_000_000n);
    await expect(handler.execute(new TransferCommand('alice', 'USDT', '1', MARGIN, SPOT))).rejects.toMatchObject({
      code: WalletErrorCode.INSUFFICIENT_MARGIN,
      details: { asset: 'USDT', transferable: '0.000000', requested: '1.000000' },
    });
  });

  it('leaves more than the AVAILABLE balance to the ledger (INSUFFICIENT_BALANCE), whatever the positions leave', async () => {
    const { handler, posted } = setup(0n, 5_000_000n);
    // The stub poster accepts anything: the handler did not refuse with INSUFFICIENT_MARGIN, so the ledger's check decides.
    await handler.execute(new TransferCommand('alice', 'USDT', '5.000001', MARGIN, SPOT));
    expect(posted).toHaveLength(1);
  });

  it('does not ask for a transfer into MARGIN', async () => {
    const { handler, asked, posted } = setup(0n);
    await handler.execute(new TransferCommand('alice', 'USDT', '10', SPOT, MARGIN));
    expect(asked).toEqual([]);
    expect(posted).toHaveLength(1);
  });
});
