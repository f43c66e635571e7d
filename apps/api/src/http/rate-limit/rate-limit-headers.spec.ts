import { rateLimitHeaders } from './rate-limit-headers';

describe('rateLimitHeaders', () => {
  it('describes the one budget of a route', () => {
    expect(rateLimitHeaders([{ limit: 10, windowSeconds: 1, remaining: 7, resetSeconds: 1 }])).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '7',
      'RateLimit-Reset': '1',
      'RateLimit-Policy': '10;w=1',
    });
  });

  it('reports the budget closest to running out and lists every policy', () => {
    const auth = { limit: 30, windowSeconds: 60, remaining: 28, resetSeconds: 45 };
    const register = { limit: 10, windowSeconds: 3600, remaining: 2, resetSeconds: 3000 };

    expect(rateLimitHeaders([auth, register])).toEqual({
      'RateLimit-Limit': '10',
      'RateLimit-Remaining': '2',
      'RateLimit-Reset': '3000',
      'RateLimit-Policy': '30;w=60, 10;w=3600',
    });
  });

  it('between budgets equally close, reports the longer wait', () => {
    const short = { limit: 5, windowSeconds: 1, remaining: 0, resetSeconds: 1 };
    const long = { limit: 100, windowSeconds: 60, remaining: 0, resetSeconds: 40 };

    expect(rateLimitHeaders([short, long])).toMatchObject({ 'RateLimit-Limit': '100', 'RateLimit-Reset': '40' });
  });
});
