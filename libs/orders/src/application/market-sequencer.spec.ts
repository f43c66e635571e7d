import { MarketSequencer } from './market-sequencer';

const tick = () => new Promise((r) => setImmediate(r));

describe('MarketSequencer', () => {
  it('runs the tasks of one market one at a time, in arrival order', async () => {
    const sequencer = new MarketSequencer();
    const log: string[] = [];
    let running = 0;
    const task = (name: string) => async () => {
      running++;
      expect(running).toBe(1);
      log.push(`start ${name}`);
      await tick();
      log.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => sequencer.run('BTC-USDT', task(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('runs different markets concurrently', async () => {
    const sequencer = new MarketSequencer();
    let release!: () => void;
    const blocked = new Promise<void>((r) => (release = r));
    const first = sequencer.run('BTC-USDT', () => blocked.then(() => 'btc'));
    const second = await sequencer.run('ETH-USDT', async () => 'eth');
    expect(second).toBe('eth');
    release();
    expect(await first).toBe('btc');
  });

  it('keeps going after a failed task and reports the failure to its caller only', async () => {
    const sequencer = new MarketSequencer();
    const failed = sequencer.run('BTC-USDT', async () => {
      throw new Error('boom');
    });
    const next = sequencer.run('BTC-USDT', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    expect(await next).toBe('ok');
    await tick();
    expect(sequencer.queued('BTC-USDT')).toBe(0);
  });
});
