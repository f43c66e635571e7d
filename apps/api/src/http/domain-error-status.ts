import { HttpStatus } from '@nestjs/common';
import { AuthError, AuthErrorCode } from '@lib/auth';
import { BacktestsError, BacktestsErrorCode } from '@lib/backtests';
import { DomainError } from '@lib/kernel';
import { MarketError, MarketErrorCode } from '@lib/market';
import { OrderBookError, OrdersError, OrdersErrorCode } from '@lib/orders';
import { PortfolioError, PortfolioErrorCode } from '@lib/portfolio';
import { PositionsError, PositionsErrorCode } from '@lib/positions';
import { PriceAlertsError, PriceAlertsErrorCode } from '@lib/price-alerts';
import { RiskError, RiskErrorCode } from '@lib/risk';
import { WalletError, WalletErrorCode } from '@lib/wallet';
import { WatchlistsError, WatchlistsErrorCode } from '@lib/watchlists';
import { SignalsError } from '@lib/signals';
import { signalsStatus } from './analytics-error-status';

/**
 * The one place where domain error codes become HTTP statuses. Each context
 * has an exhaustive switch: adding a code without a status fails to compile.
 */
export function statusOfDomainError(error: DomainError): HttpStatus {
  if (error instanceof AuthError) return authStatus(error.code);
  if (error instanceof WalletError) return walletStatus(error.code);
  if (error instanceof MarketError) return marketStatus(error.code);
  if (error instanceof OrdersError) return ordersStatus(error.code);
  if (error instanceof PortfolioError) return portfolioStatus(error.code);
  if (error instanceof PositionsError) return positionsStatus(error.code);
  if (error instanceof RiskError) return riskStatus(error.code);
  if (error instanceof WatchlistsError) return watchlistsStatus(error.code);
  if (error instanceof PriceAlertsError) return priceAlertsStatus(error.code);
  if (error instanceof SignalsError) return signalsStatus(error.code);
  if (error instanceof BacktestsError) return backtestsStatus(error.code);
  // A corrupt reload of a book: never the client's fault.
  if (error instanceof OrderBookError) return HttpStatus.INTERNAL_SERVER_ERROR;
  return HttpStatus.UNPROCESSABLE_ENTITY;
}

function authStatus(code: AuthErrorCode): HttpStatus {
  switch (code) {
    case AuthErrorCode.INVALID_EMAIL:
    case AuthErrorCode.INVALID_NAME:
    case AuthErrorCode.WEAK_PASSWORD:
    case AuthErrorCode.INVALID_CURRENT_PASSWORD:
    case AuthErrorCode.INVALID_CURSOR:
    case AuthErrorCode.INVALID_API_KEY_REQUEST:
    case AuthErrorCode.API_KEY_HEADERS:
      return HttpStatus.BAD_REQUEST;
    case AuthErrorCode.INVALID_CREDENTIALS:
    case AuthErrorCode.UNAUTHENTICATED:
    case AuthErrorCode.TOKEN_EXPIRED:
    case AuthErrorCode.SESSION_REVOKED:
    case AuthErrorCode.INVALID_REFRESH_TOKEN:
    case AuthErrorCode.REFRESH_TOKEN_REUSED:
    case AuthErrorCode.API_KEY_INVALID:
    case AuthErrorCode.TIMESTAMP_OUTSIDE_WINDOW:
    case AuthErrorCode.SIGNATURE_INVALID:
    case AuthErrorCode.SIGNATURE_REPLAYED:
    case AuthErrorCode.MFA_TOKEN_INVALID:
      return HttpStatus.UNAUTHORIZED;
    case AuthErrorCode.ACCOUNT_SUSPENDED:
    case AuthErrorCode.FORBIDDEN:
    case AuthErrorCode.CANNOT_CHANGE_OWN_STATUS:
    case AuthErrorCode.CANNOT_CHANGE_OWN_ROLE:
    case AuthErrorCode.IP_NOT_ALLOWED:
    case AuthErrorCode.API_KEY_PERMISSION:
    case AuthErrorCode.TWO_FACTOR_REQUIRED:
    case AuthErrorCode.TWO_FACTOR_CODE_INVALID:
    case AuthErrorCode.TWO_FACTOR_CODE_REPLAYED:
      // TWO_FACTOR_*: the caller is authenticated; the second factor is what failed (no reason to refresh a token).
      return HttpStatus.FORBIDDEN;
    case AuthErrorCode.USER_NOT_FOUND:
    case AuthErrorCode.API_KEY_NOT_FOUND:
    case AuthErrorCode.LISTEN_KEY_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case AuthErrorCode.EMAIL_TAKEN:
    case AuthErrorCode.ADMIN_PROMOTION_REFUSED:
    case AuthErrorCode.TWO_FACTOR_ALREADY_ENABLED:
    case AuthErrorCode.TWO_FACTOR_NOT_PENDING:
    case AuthErrorCode.TWO_FACTOR_NOT_ENABLED:
      return HttpStatus.CONFLICT;
    case AuthErrorCode.TOO_MANY_LOGIN_ATTEMPTS:
    case AuthErrorCode.TOO_MANY_PASSWORD_ATTEMPTS:
    case AuthErrorCode.TOO_MANY_TWO_FACTOR_ATTEMPTS:
      return HttpStatus.TOO_MANY_REQUESTS;
    case AuthErrorCode.API_KEY_LIMIT:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return unmapped(code);
  }
}

function walletStatus(code: WalletErrorCode): HttpStatus {
  switch (code) {
    case WalletErrorCode.INVALID_AMOUNT:
    case WalletErrorCode.INVALID_ADDRESS:
    case WalletErrorCode.INVALID_CURSOR:
    case WalletErrorCode.SAME_ACCOUNT_TRANSFER:
      return HttpStatus.BAD_REQUEST;
    case WalletErrorCode.UNKNOWN_ASSET:
    case WalletErrorCode.WITHDRAWAL_NOT_FOUND:
    case WalletErrorCode.ACCOUNT_NOT_FOUND:
    case WalletErrorCode.USER_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case WalletErrorCode.WITHDRAWAL_NOT_PENDING:
      return HttpStatus.CONFLICT;
    case WalletErrorCode.INSUFFICIENT_BALANCE:
    case WalletErrorCode.INSUFFICIENT_MARGIN:
    case WalletErrorCode.DEPOSIT_LIMIT_EXCEEDED:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case WalletErrorCode.UNBALANCED_TRANSACTION:
      return HttpStatus.INTERNAL_SERVER_ERROR;
    default:
      return unmapped(code);
  }
}

function marketStatus(code: MarketErrorCode): HttpStatus {
  switch (code) {
    case MarketErrorCode.INVALID_MARKET_SPEC:
    case MarketErrorCode.INVALID_TIME_RANGE:
    case MarketErrorCode.HISTORY_RANGE_TOO_LARGE:
    case MarketErrorCode.INVALID_CANDLE_IMPORT:
      return HttpStatus.BAD_REQUEST;
    case MarketErrorCode.MARKET_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case MarketErrorCode.MARKET_EXISTS:
    case MarketErrorCode.PRICE_SOURCE_NOT_SIMULATED:
      return HttpStatus.CONFLICT;
    case MarketErrorCode.MARK_PRICE_UNAVAILABLE:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return unmapped(code);
  }
}

function unmapped(code: never): never {
  throw new Error(`No HTTP status for error code ${String(code)}`);
}

function ordersStatus(code: OrdersErrorCode): HttpStatus {
  switch (code) {
    case OrdersErrorCode.INVALID_PRICE:
    case OrdersErrorCode.INVALID_QUANTITY:
    case OrdersErrorCode.PRICE_REQUIRED:
    case OrdersErrorCode.PRICE_NOT_ALLOWED:
    case OrdersErrorCode.INVALID_TIME_IN_FORCE:
    case OrdersErrorCode.QUANTITY_BELOW_MINIMUM:
    case OrdersErrorCode.NOTIONAL_BELOW_MINIMUM:
    case OrdersErrorCode.INVALID_AMEND:
    case OrdersErrorCode.INVALID_CURSOR:
    case OrdersErrorCode.INVALID_LEVERAGE:
    case OrdersErrorCode.REDUCE_ONLY_NOT_ALLOWED:
    case OrdersErrorCode.MARKET_NOT_PERPETUAL:
    case OrdersErrorCode.INVALID_AMOUNT:
    case OrdersErrorCode.TRIGGER_PRICE_REQUIRED:
    case OrdersErrorCode.CALLBACK_RATE_REQUIRED:
    case OrdersErrorCode.INVALID_CALLBACK_RATE:
    case OrdersErrorCode.TRIGGER_NOT_ALLOWED:
    case OrdersErrorCode.INVALID_GOOD_TILL_DATE:
    case OrdersErrorCode.INVALID_CLOSE_POSITION:
    case OrdersErrorCode.INVALID_ORDER_LIST:
      return HttpStatus.BAD_REQUEST;
    case OrdersErrorCode.ORDER_NOT_FOUND:
    case OrdersErrorCode.ORDER_LIST_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case OrdersErrorCode.ACCOUNT_SUSPENDED:
      return HttpStatus.FORBIDDEN;
    case OrdersErrorCode.MARKET_HALTED:
    case OrdersErrorCode.MARKET_CLOSE_ONLY:
    case OrdersErrorCode.NO_MARK_PRICE:
    case OrdersErrorCode.ORDER_NOT_OPEN:
    case OrdersErrorCode.CLIENT_ORDER_ID_CONFLICT:
    case OrdersErrorCode.NO_LAST_PRICE:
    case OrdersErrorCode.LIST_CLIENT_ID_CONFLICT:
      return HttpStatus.CONFLICT;
    case OrdersErrorCode.MARKET_NOT_SPOT:
    case OrdersErrorCode.PRICE_OUT_OF_BAND:
    case OrdersErrorCode.POST_ONLY_WOULD_TAKE:
    case OrdersErrorCode.TOO_MANY_OPEN_ORDERS:
    case OrdersErrorCode.INSUFFICIENT_MARGIN:
    case OrdersErrorCode.POSITION_LIMIT_EXCEEDED:
    case OrdersErrorCode.REDUCE_ONLY_WOULD_INCREASE:
    case OrdersErrorCode.MARGIN_MODE_LOCKED:
    case OrdersErrorCode.NO_POSITION:
    case OrdersErrorCode.NOT_ISOLATED:
    case OrdersErrorCode.BEYOND_BANKRUPTCY_PRICE:
    case OrdersErrorCode.ORDER_WOULD_TRIGGER_IMMEDIATELY:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case OrdersErrorCode.TOO_MANY_PENDING_ORDERS:
      return HttpStatus.TOO_MANY_REQUESTS;
    case OrdersErrorCode.MARKET_BUSY:
    case OrdersErrorCode.OUTCOME_UNKNOWN:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return unmapped(code);
  }
}

function portfolioStatus(code: PortfolioErrorCode): HttpStatus {
  switch (code) {
    case PortfolioErrorCode.INVALID_TIME_RANGE:
    case PortfolioErrorCode.TOO_MANY_POINTS:
      return HttpStatus.BAD_REQUEST;
    default:
      return unmapped(code);
  }
}

function positionsStatus(code: PositionsErrorCode): HttpStatus {
  switch (code) {
    case PositionsErrorCode.INVALID_CURSOR:
    case PositionsErrorCode.MARKET_NOT_PERPETUAL:
      return HttpStatus.BAD_REQUEST;
    case PositionsErrorCode.NO_POSITION:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return unmapped(code);
  }
}

function riskStatus(code: RiskErrorCode): HttpStatus {
  switch (code) {
    case RiskErrorCode.INVALID_CURSOR:
    case RiskErrorCode.INVALID_KILL_SWITCH:
      return HttpStatus.BAD_REQUEST;
    case RiskErrorCode.KILL_SWITCH_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case RiskErrorCode.KILL_SWITCH_ACTIVE:
    case RiskErrorCode.ORDER_NOTIONAL_TOO_LARGE:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    case RiskErrorCode.FUNDING_ALREADY_SETTLED:
      return HttpStatus.CONFLICT;
    case RiskErrorCode.FUNDING_NOT_READY:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return unmapped(code);
  }
}

function watchlistsStatus(code: WatchlistsErrorCode): HttpStatus {
  switch (code) {
    case WatchlistsErrorCode.INVALID_WATCHLIST_NAME:
    case WatchlistsErrorCode.INVALID_POSITION:
    case WatchlistsErrorCode.DUPLICATE_SYMBOL:
      return HttpStatus.BAD_REQUEST;
    case WatchlistsErrorCode.WATCHLIST_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case WatchlistsErrorCode.WATCHLIST_NAME_TAKEN:
      return HttpStatus.CONFLICT;
    case WatchlistsErrorCode.UNKNOWN_SYMBOL:
    case WatchlistsErrorCode.WATCHLIST_LIMIT:
    case WatchlistsErrorCode.WATCHLIST_SYMBOLS_LIMIT:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return unmapped(code);
  }
}

function priceAlertsStatus(code: PriceAlertsErrorCode): HttpStatus {
  switch (code) {
    case PriceAlertsErrorCode.INVALID_ALERT:
    case PriceAlertsErrorCode.INVALID_ALERT_EXPIRY:
    case PriceAlertsErrorCode.INVALID_CURSOR:
      return HttpStatus.BAD_REQUEST;
    case PriceAlertsErrorCode.ALERT_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case PriceAlertsErrorCode.ALERT_NOT_ACTIVE:
      return HttpStatus.CONFLICT;
    case PriceAlertsErrorCode.ALERT_LIMIT_REACHED:
    case PriceAlertsErrorCode.ALERT_PRICE_UNAVAILABLE:
      return HttpStatus.UNPROCESSABLE_ENTITY;
    default:
      return unmapped(code);
  }
}

function backtestsStatus(code: BacktestsErrorCode): HttpStatus {
  switch (code) {
    case BacktestsErrorCode.INVALID_BACKTEST:
    case BacktestsErrorCode.INVALID_CURSOR:
      return HttpStatus.BAD_REQUEST;
    case BacktestsErrorCode.BACKTEST_NOT_FOUND:
      return HttpStatus.NOT_FOUND;
    case BacktestsErrorCode.BACKTEST_FINISHED:
      return HttpStatus.CONFLICT;
    case BacktestsErrorCode.BACKTEST_QUEUE_FULL:
      return HttpStatus.TOO_MANY_REQUESTS;
    case BacktestsErrorCode.BACKTESTS_BUSY:
      return HttpStatus.SERVICE_UNAVAILABLE;
    default:
      return unmapped(code);
  }
}
