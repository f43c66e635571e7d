import { RateLimitConfig } from '@lib/platform';

/** A named budget of RateLimitConfig; each is one @nestjs/throttler throttler. */
export type BudgetName = keyof RateLimitConfig;

export const BUDGET_NAMES: readonly BudgetName[] = ['orders', 'reads', 'writes', 'auth', 'register', 'public'];

/** The credential routes: limited per IP (per user for the password change, which needs a token). */
const AUTH_ROUTES: Readonly<Record<string, readonly BudgetName[]>> = {
  'POST /auth/login': ['auth'],
  'POST /auth/refresh': ['auth'],
  // Each registration costs an argon2 hash and a faucet identity: a slow budget on top.
  'POST /auth/register': ['auth', 'register'],
  'PUT /auth/password': ['auth'],
};

const READ_METHODS = new Set(['GET', 'HEAD']);

/** Reads sent as POST (a body to read with): counted as reads. */
const READ_ROUTES = new Set(['POST /orders/preview']);

/**
 * The one place where a route gets its budgets, from its method, its route template
 * (`/api/v1/orders/:id`) and whether the request carries a principal. Health routes
 * and the metrics have none; public routes (market data) count per IP; an authenticated route per user.
 */
export function budgetsOfRoute(method: string, template: string, authenticated: boolean): readonly BudgetName[] {
  const route = template.replace(/^\/api(\/v\d+)?(?=\/|$)/, '');
  if (route === '/health' || route.startsWith('/health/') || route === '/metrics') return [];
  const auth = AUTH_ROUTES[`${method} ${route}`];
  if (auth) return auth;
  if (!authenticated) return ['public'];
  if (READ_METHODS.has(method) || READ_ROUTES.has(`${method} ${route}`)) return ['reads'];
  if (route === '/orders' || route.startsWith('/orders/')) return ['orders'];
  return ['writes'];
}
