import { ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { ThrottlerGuard, normalizeIp } from '@nestjs/throttler';
import type { ThrottlerRequest, ThrottlerStorage } from '@nestjs/throttler';
import type { Principal } from '@lib/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BudgetState, rateLimitHeaders } from './rate-limit-headers';
import { RateLimitedError } from './rate-limited.error';
import { BudgetName, budgetsOfRoute } from './route-budgets';

type LimitedRequest = FastifyRequest & { user?: Principal };

const WARN_EVERY_MS = 10_000;
const budgetsOfRequest = new WeakMap<object, readonly BudgetName[]>();

/** The throttlers' skipIf: a throttler counts the requests of the routes that have its budget (classified once per request). */
export function hasBudget(context: ExecutionContext, budget: BudgetName): boolean {
  if (context.getType() !== 'http') return false;
  const request = context.switchToHttp().getRequest<LimitedRequest>();
  let budgets = budgetsOfRequest.get(request);
  if (!budgets) {
    budgets = budgetsOfRoute(request.method, request.routeOptions.url ?? request.url, request.user !== undefined);
    budgetsOfRequest.set(request, budgets);
  }
  return budgets.includes(budget);
}

/**
 * @nestjs/throttler's guard with our keys, headers and answer. Runs after the JWT guard, so an
 * authenticated request counts against its user (`user:<id>`: every session and instance share it)
 * and any other against its client IP (TRUST_PROXY decides which address that is). Budgets are
 * shared by every route of a kind (`orders:user:<id>`), not per route as the library's default key.
 * A storage failure (Redis down) lets the request through, with a warning: an outage of the
 * limiter must not take the API down with it.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  private readonly states = new WeakMap<object, BudgetState[]>();
  private lastWarning = 0;
  protected override logger = new Logger(RateLimitGuard.name);

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return context.getType() !== 'http';
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
