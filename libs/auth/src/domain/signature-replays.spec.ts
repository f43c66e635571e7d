import { SignatureReplays } from './signature-replays';

describe('SignatureReplays', () => {
  it('refuses a signature seen inside its window, and takes it again once the window ended', () => {
    const replays = new SignatureReplays();
    expect(replays.remember('sig', 5_000, 0)).toBe(true);
    expect(replays.remember('sig', 5_100, 100)).toBe(false);
    expect(replays.remember('sig', 5_000, 4_999)).toBe(false);
    expect(replays.remember('sig', 10_000, 5_000)).toBe(true);
    expect(replays.remember('other', 5_000, 0)).toBe(true);
  });

  it('stays bounded: ended windows go first, then the oldest', () => {
    const replays = new SignatureReplays(3);
    replays.remember('a', 10, 0);
    replays.remember('b', 1_000, 0);
    replays.remember('c', 1_000, 0);
    replays.remember('d', 1_000, 20); // a's window ended: a goes
    expect(replays.size).toBe(3);
    expect(replays.remember('b', 1_000, 30)).toBe(false);
    replays.remember('e', 1_000, 40); // full of live ones: the oldest (b) goes
    expect(replays.size).toBe(3);
    expect(replays.remember('b', 1_000, 50)).toBe(true);
  });
});
