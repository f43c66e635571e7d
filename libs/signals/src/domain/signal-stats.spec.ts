import { ratioText, signalStats } from './signal-stats';

describe('signal stats', () => {
  it('counts hits in the direction and averages the signed move (hand-computed)', () => {
    // Moves: +10 %, -5 %, 0 %, open (no close yet).
    const outcomes = [
      { closeAtFiring: 100n, closeAfter: 110n },
      { closeAtFiring: 200n, closeAfter: 190n },
      { closeAtFiring: 50n, closeAfter: 50n },
      { closeAtFiring: 70n, closeAfter: null },
    ];
    expect(signalStats('UP', outcomes)).toEqual({ firings: 4, evaluated: 3, hits: 1, hitRate: '0.3333', averageMovePercent: '1.6667' });
    expect(signalStats('DOWN', outcomes)).toEqual({ firings: 4, evaluated: 3, hits: 1, hitRate: '0.3333', averageMovePercent: '1.6667' });
  });

  it('answers null rates when nothing was evaluated', () => {
    expect(signalStats('UP', [])).toEqual({ firings: 0, evaluated: 0, hits: 0, hitRate: null, averageMovePercent: null });
  });

  it('rounds half away from zero', () => {
    expect(ratioText(1n, 8n, 2)).toBe('0.13');
    expect(ratioText(-1n, 8n, 2)).toBe('-0.13');
    expect(ratioText(2n, 3n, 0)).toBe('1');
    expect(ratioText(-1n, 3n, 4)).toBe('-0.3333');
    expect(ratioText(0n, 3n, 2)).toBe('0.00');
  });
});
