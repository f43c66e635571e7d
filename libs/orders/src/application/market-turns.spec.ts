import { AppConfig } from '@lib/platform';
import { MarketSequencer } from './market-sequencer';
import { MarketTurns } from './market-turns';

const tick = () => new Promise((r) => setImmediate(r));

describe('MarketTurns backpressure', () => {
  it('refuses a command at once when the market already has as many waiting as allowed, and accepts again once they ran', async () => {
    const sequencer = new MarketSequencer();
    const config = { orders: { maxQueuedPerMarket: 2 } } as AppConfig;
    const turns = new MarketTurns(sequencer, {} as never, {} as never, {} as never, config);
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const first = sequencer.run('BTC-USDT', () => blocked);
    const second = sequencer.run('BTC-USDT', async () => 'second');
    expect(() => turns.assertNotBusy('BTC-USDT')).toThrow(expect.objectContaining({ code: 'MARKET_BUSY', details: { symbol: 'BTC-USDT', retryAfterSeconds: 1 } }));
    await expect(turns.run('BTC-USDT', async () => 'third')).rejects.toMatchObject({ code: 'MARKET_BUSY' });
    // Other markets are not affected.
    expect(() => turns.assertNotBusy('ETH-USDT')).not.toThrow();
    release();
    await first;
    expect(await second).toBe('second');
    await tick();
    expect(() => turns.assertNotBusy('BTC-USDT')).not.toThrow();
  });
});
