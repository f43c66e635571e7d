/** The /prices namespace: typed event maps (client and server). */

/** One market's prices at one feed tick; decimal strings at the market's price scale. */
export interface PriceMessage {
  readonly symbol: string;
  readonly index: string;
  readonly mark: string;
  /** Last trade price: null until trading exists. */
  readonly last: string | null;
  /** Percent change of the mark price over 24 h, 2 decimals. */
  readonly change24h: string;
  readonly ts: string;
  /** Perpetuals only: the predicted funding rate of the running interval (8 decimals), paid at nextFundingTime. */
  readonly fundingRate?: string;
  readonly nextFundingTime?: string;
}

export interface SubscriptionRequest {
  readonly symbols: readonly string[];
}

export interface SubscriptionAck {
  /** Every symbol this socket is subscribed to after the request (sorted). */
  readonly subscribed: readonly string[];
  readonly error?: {
    readonly code: 'UNKNOWN_SYMBOLS' | 'INVALID_REQUEST' | 'TOO_MANY_SUBSCRIPTIONS';
    readonly message: string;
    /** The requested symbols that are not markets. */
    readonly unknown: readonly string[];
  };
}

export interface PricesServerToClientEvents {
  price: (message: PriceMessage) => void;
  error: (error: { readonly code: string; readonly message: string }) => void;
}

export interface PricesClientToServerEvents {
  subscribe: (request: SubscriptionRequest, ack: (ack: SubscriptionAck) => void) => void;
  unsubscribe: (request: SubscriptionRequest, ack: (ack: SubscriptionAck) => void) => void;
}

/** Nothing is sent between servers beyond the adapter's own broadcasts. */
export type PricesInterServerEvents = Record<string, never>;

export interface PricesSocketData {
  readonly symbols: Set<string>;
}

export const MAX_SYMBOLS_PER_REQUEST = 100;

export function priceRoom(symbol: string): string {
  return `price:${symbol}`;
}
