import { budgetsOfRoute } from './route-budgets';

describe('budgetsOfRoute', () => {
  it.each([
    ['GET', '/api/health', false, []],
    ['GET', '/api/health/ready', false, []],
    ['GET', '/api/metrics', false, []],
    ['POST', '/api/v1/auth/login', false, ['auth']],
    ['POST', '/api/v1/auth/refresh', false, ['auth']],
    ['POST', '/api/v1/auth/register', false, ['auth', 'register']],
    ['PUT', '/api/v1/auth/password', true, ['auth']],
    ['GET', '/api/v1/markets', false, ['public']],
    ['GET', '/api/v1/markets/:symbol/orderbook', false, ['public']],
    ['POST', '/api/v1/orders', true, ['orders']],
    ['PATCH', '/api/v1/orders/:id', true, ['orders']],
    ['DELETE', '/api/v1/orders/:id', true, ['orders']],
    ['DELETE', '/api/v1/orders', true, ['orders']],
    ['GET', '/api/v1/orders', true, ['reads']],
    ['GET', '/api/v1/orders/history', true, ['reads']],
    ['POST', '/api/v1/orders/preview', true, ['reads']],
    ['GET', '/api/v1/auth/me', true, ['reads']],
    ['GET', '/api/v1/wallet', true, ['reads']],
    ['POST', '/api/v1/wallet/deposits', true, ['writes']],
    ['PATCH', '/api/v1/auth/me', true, ['writes']],
    ['POST', '/api/v1/auth/logout', true, ['writes']],
    ['POST', '/api/v1/admin/markets', true, ['writes']],
    ['POST', '/api/v1/ordersx', true, ['writes']],
  ] as const)('%s %s (authenticated: %s) -> %j', (method, template, authenticated, budgets) => {
    expect(budgetsOfRoute(method, template, authenticated)).toEqual(budgets);
  });
});
