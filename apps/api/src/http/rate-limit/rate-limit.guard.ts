import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerGuard, normalizeIp } from '@nestjs/throttler';
import type { ThrottlerOptions, ThrottlerRequest, ThrottlerStorage } from '@nestjs/throttler';
import type { Principal } from '@lib/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BudgetState, rateLimitHeaders } from './rate-limit-headers';
import { RateLimitedError } from './rate-limited.error';
import { BudgetName, budgetsOfRoute } from './route-budgets';

type LimitedRequest = FastifyRequest & { user?: Principal };

const WARN_EVERY_MS = 10_000;

/**
 * The budgets of a request, from its method, its route template and whether it carries a principal
 * (route-budgets.ts), remembered per route: a bounded set of keys.
 */
const budgetsByRoute = new Map<string, readonly BudgetName[]>();

function budgetsOfRequest(request: LimitedRequest): readonly BudgetName[] {
  const template = request.routeOptions.url;
  const authenticated = request.user !== undefined;
  if (template === undefined) return budgetsOfRoute(request.method, request.url, authenticated);
  const key = `${authenticated ? 'user' : 'ip'} ${request.method} ${template}`;
  let budgets = budgetsByRoute.get(key);
  if (!budgets) {
    budgets = budgetsOfRoute(request.method, template, authenticated);
    budgetsByRoute.set(key, budgets);
  }
  return budgets;
}

/**
 * @nestjs/throttler's guard with our keys, headers and answer. Runs after the JWT guard, so an
 * authenticated request counts against its user (`user:<id>`: every session and instance share it)
 * and any other against its client IP (TRUST_PROXY decides which address that is). Budgets are
 * shared by every route of a kind (`orders:user:<id>`), not per route as the library's default key.
 * A storage failure (Redis down) lets the request through, with a warning: an outage of the
 * limiter must not take the API down with it.
 *
 * Its canActivate counts a request against the throttlers of its budgets only, in the library's
 * order, and reads no decorator: the library's own loop asked the reflector for six overrides
 * (@SkipThrottle, @Throttle...) of every throttler and awaited each, on every request, for routes
 * that have none. Budgets are set in route-budgets.ts, never per route.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly states = new WeakMap<object, BudgetState[]>();
  private lastWarning = 0;
  protected override logger = new Logger(RateLimitGuard.name);

  override async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const budgets = budgetsOfRequest(context.switchToHttp().getRequest<LimitedRequest>());
    if (budgets.length === 0) return true;
    const { getTracker, generateKey } = this.commonOptions;
    for (const throttler of this.throttlers) {
      if (!budgets.includes(throttler.name as BudgetName)) continue;
      // RateLimitModule gives every throttler numbers (no per-request resolvers).
      const { limit, ttl, blockDuration } = throttler as ThrottlerOptions & { limit: number; ttl: number; blockDuration?: number };
      await this.handleRequest({ context, limit, ttl, throttler, blockDuration: blockDuration ?? ttl, getTracker: getTracker!, generateKey: generateKey! });
    }
    return true;
  }

  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    const { user, ip } = request as unknown as LimitedRequest;
    return user ? `user:${user.userId}` : `ip:${normalizeIp(ip)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, budget: string): string {
    return `${budget}:${tracker}`;
  }

  protected override async handleRequest({ context, limit, ttl, throttler, blockDuration, getTracker, generateKey }: ThrottlerRequest): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<LimitedRequest>();
    const reply = http.getResponse<FastifyReply>();
    const budget = throttler.name ?? 'default';
    const key = generateKey(context, await getTracker(request, context), budget);
    let record: Awaited<ReturnType<ThrottlerStorage['increment']>>;
    try {
      record = await this.storageService.increment(key, ttl, limit, blockDuration, budget);
    } catch (error) {
      this.warn(`rate limiter unavailable, letting requests through: ${(error as Error).message}`);
      return true;
    }
    const states = this.states.get(request) ?? [];
    this.states.set(request, states);
    states.push({ limit, windowSeconds: ttl / 1000, remaining: Math.max(0, limit - record.totalHits), resetSeconds: Math.max(0, record.timeToExpire) });
    void reply.headers(rateLimitHeaders(states));
    if (record.isBlocked) throw new RateLimitedError(Math.max(1, record.timeToBlockExpire), budget);
    return true;
  }

  private warn(message: string): void {
    const now = Date.now();
    if (now - this.lastWarning < WARN_EVERY_MS) return;
    this.lastWarning = now;
    this.logger.warn(message);
  }
}
