import { EnvReader } from './env-reader';

/** The orders' queue limits: a market's queue, and one user's share of it. */
export interface OrderQueueLimits {
  readonly maxQueuedPerMarket: number;
  readonly maxQueuedPerUser: number;
}

/**
 * ORDERS_MAX_QUEUED_PER_USER must stay below ORDERS_MAX_QUEUED_PER_MARKET:
 * one user must never be able to fill a market's queue (only a queue of one
 * is the whole of it). Its default, 10, shrinks with a smaller market queue.
 */
export function readOrderQueues(e: EnvReader): OrderQueueLimits {
  const maxQueuedPerMarket = e.int('ORDERS_MAX_QUEUED_PER_MARKET', 100, 1, 1_000_000);
  const maxQueuedPerUser = e.int('ORDERS_MAX_QUEUED_PER_USER', Math.max(1, Math.min(10, maxQueuedPerMarket - 1)), 1, 1_000_000);
  if (maxQueuedPerUser >= maxQueuedPerMarket && maxQueuedPerMarket > 1) {
    e.fail('ORDERS_MAX_QUEUED_PER_USER', `must be below ORDERS_MAX_QUEUED_PER_MARKET (${maxQueuedPerMarket}): one user must never fill a market's queue`);
  }
  return { maxQueuedPerMarket, maxQueuedPerUser };
}
