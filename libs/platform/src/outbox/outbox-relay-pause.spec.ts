import { OutboxRelayPause } from './outbox-relay-pause';

/** How long `wait` took, in ms. */
async function timed(wait: Promise<void>): Promise<number> {
  const started = performance.now();
  await wait;
  return performance.now() - started;
}

describe('OutboxRelayPause', () => {
  it('ends a poll wait when a commit wakes it, once the least interval since the last read has passed', async () => {
    const pause = new OutboxRelayPause(100);
    pause.markRead();
    const wait = timed(pause.wait(60_000, true));
    pause.wake();
    const took = await wait;
    expect(took).toBeGreaterThanOrEqual(90);
    expect(took).toBeLessThan(1000);
  });

  it('does not wait at all after a commit that came during the read, when the least interval has passed', async () => {
    const pause = new OutboxRelayPause(0);
    pause.markRead();
    pause.wake();
    expect(await timed(pause.wait(60_000, true))).toBeLessThan(50);
  });

  it('forgets a commit that came before the read began (the read saw it)', async () => {
    const pause = new OutboxRelayPause(0);
    pause.wake();
    pause.markRead();
    expect(await timed(pause.wait(100, true))).toBeGreaterThanOrEqual(90);
  });

  it('lets no commit end the wait of a follower; an interrupt or the close does', async () => {
    const pause = new OutboxRelayPause(0);
    const follower = pause.wait(60_000, false);
    let ended = false;
    void follower.then(() => (ended = true));
    pause.wake();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(ended).toBe(false);
    pause.interrupt();
    await follower;
    pause.close();
    expect(await timed(pause.wait(60_000, false))).toBeLessThan(50);
  });
});
