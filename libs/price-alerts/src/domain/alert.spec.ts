import { AlertCondition, AlertSource, WatchedAlert, initialRises, isArmed, reached, step } from './alert';

const T = 10_000n;

function alert(condition: AlertCondition, recurring = false, current: bigint | null = null): WatchedAlert {
  return { id: 'a', symbol: 'BTC-USDT', condition, source: AlertSource.MARK, target: T, recurring, rises: initialRises(condition, T, current), generation: 0 };
}

/** Runs values through an alert: the indexes of the values that fired it, stopping when it ends. */
function firings(a: WatchedAlert, values: bigint[]): number[] {
  const out: number[] = [];
  let current = a;
  for (const [i, v] of values.entries()) {
    const s = step(current, v);
    if (!s) continue;
    if (s.fired) out.push(i);
    if (s.ended) break;
    current = s.next;
  }
  return out;
}

describe('price alert firing rules', () => {
  it.each([AlertCondition.ABOVE, AlertCondition.CHANGE_24H_ABOVE])('%s fires exactly at the target, not one unit short', (condition) => {
    const a = alert(condition);
    expect(step(a, T - 1n)).toBeNull();
    expect(step(a, T)).toMatchObject({ fired: true, ended: true });
    expect(step(a, T + 500n)?.fired).toBe(true);
  });

  it.each([AlertCondition.BELOW, AlertCondition.CHANGE_24H_BELOW])('%s fires exactly at the target, not one unit short', (condition) => {
    const a = alert(condition);
    expect(step(a, T + 1n)).toBeNull();
    expect(step(a, T)).toMatchObject({ fired: true, ended: true });
    expect(step(a, T - 500n)?.fired).toBe(true);
  });

  it('CROSSES from below fires when the price reaches the target, not one unit short', () => {
    const a = alert(AlertCondition.CROSSES, false, T - 100n);
    expect(a.rises).toBe(true);
    expect(step(a, T - 1n)).toBeNull();
    expect(step(a, T)).toMatchObject({ fired: true, ended: true });
  });

  it('CROSSES from above fires when the price goes below the target, not at it', () => {
    const a = alert(AlertCondition.CROSSES, false, T + 100n);
    expect(a.rises).toBe(false);
    expect(step(a, T)).toBeNull();
    expect(step(a, T - 1n)).toMatchObject({ fired: true, ended: true });
  });

  it('CROSSES created exactly at the target counts as "at or above": it fires on the way down', () => {
    const a = alert(AlertCondition.CROSSES, false, T);
    expect(step(a, T + 10_000n)).toBeNull();
    expect(step(a, T - 1n)?.fired).toBe(true);
  });

  it('a CROSSES alert needs the current price', () => {
    expect(() => initialRises(AlertCondition.CROSSES, T, null)).toThrow(RangeError);
  });

  it('a one-shot alert fires once whatever follows', () => {
    expect(firings(alert(AlertCondition.ABOVE), [T, T - 10n, T + 10n, T])).toEqual([0]);
  });

  it('a recurring ABOVE re-arms only once the price went back below: one firing per crossing', () => {
    const a = alert(AlertCondition.ABOVE, true);
    // Up (fires), stays up (nothing), touches the target from above (nothing: not below), below (re-arms), up (fires).
    expect(firings(a, [T, T + 5n, T, T + 3n, T - 1n, T - 2n, T, T + 1n])).toEqual([0, 6]);
  });

  it('a recurring BELOW re-arms only once the price went back above', () => {
    const a = alert(AlertCondition.BELOW, true);
    expect(firings(a, [T, T - 5n, T, T + 1n, T])).toEqual([0, 4]);
  });

  it('a recurring CROSSES fires on every crossing, each once', () => {
    const a = alert(AlertCondition.CROSSES, true, T - 5n);
    expect(firings(a, [T - 1n, T, T + 1n, T, T - 1n, T - 2n, T, T + 9n])).toEqual([1, 4, 6]);
  });

  it('each step bumps the generation (the guard of the conditional UPDATE)', () => {
    const a = alert(AlertCondition.ABOVE, true);
    const first = step(a, T)!;
    expect(first.next.generation).toBe(1);
    expect(isArmed(first.next)).toBe(false);
    const rearm = step(first.next, T - 1n)!;
    expect(rearm).toMatchObject({ fired: false, ended: false });
    expect(rearm.next.generation).toBe(2);
    expect(reached(rearm.next, T)).toBe(true);
  });
});
