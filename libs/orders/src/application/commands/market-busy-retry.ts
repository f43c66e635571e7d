import { OrdersError, OrdersErrorCode } from '../../domain';

/**
 * Runs `attempt` again while the market refuses it as busy (a full queue:
 * 503 MARKET_BUSY), up to `attempts` times with a growing pause: for the
 * platform's and admins' commands that must happen (a suspension's cancel,
 * a forced action), not for users' orders.
 */
export async function retryWhileBusy<T>(attempt: () => Promise<T>, attempts = 5, backoffMs = 200): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      const busy = error instanceof OrdersError && error.code === OrdersErrorCode.MARKET_BUSY;
      if (!busy || n >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, backoffMs * n));
    }
  }
}
