import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { AuthModule } from '@lib/auth';
import { LiquidityModule } from '@lib/liquidity';
import { MarketModule } from '@lib/market';
import { OrdersModule } from '@lib/orders';
import { PortfolioModule } from '@lib/portfolio';
import { PositionsModule } from '@lib/positions';
import { PriceAlertsModule } from '@lib/price-alerts';
import { SignalsModule } from '@lib/signals';
import { BacktestsModule } from '@lib/backtests';
import { RiskModule } from '@lib/risk';
import { WalletModule } from '@lib/wallet';
import { WatchlistsModule } from '@lib/watchlists';
import { AppConfig, OutboxUserEvents, PlatformModule } from '@lib/platform';
import { Logger } from 'pino';
import { AdminUsersController } from './admin/admin-users.controller';
import { AdminAuditController } from './admin/admin-audit.controller';
import { AdminStats } from './admin/admin-stats';
import { AdminStatsController } from './admin/admin-stats.controller';
import { AdminUserActionsController } from './admin/admin-user-actions.controller';
import { AuthController } from './auth/auth.controller';
import { ApiKeysController } from './auth/api-keys.controller';
import { TwoFactorController } from './auth/two-factor.controller';
import { ApiKeyAuthenticator } from './auth/api-key-authenticator';
import { UserStreamController } from './auth/user-stream.controller';
import { JwtAuthGuard } from './auth/jwt-auth.guard';
import { RolesGuard } from './auth/roles.guard';
import { AccountSuspension } from './admin/account-suspension';
import { AdminBootstrap } from './bootstrap/admin-bootstrap';
import { DATABASE_SCHEMA } from './bootstrap/database-schema';
import { HealthController } from './health/health.controller';
import { MetricsController } from './metrics/metrics.controller';
import { MarketTradingController } from './orders/market-trading.controller';
import { OrdersController } from './orders/orders.controller';
import { OrderListsController } from './orders/order-lists.controller';
import { OrderManagementController } from './orders/order-management.controller';
import { PortfolioController } from './portfolio/portfolio.controller';
import { PositionsController } from './positions/positions.controller';
import { InsuranceFundController } from './risk/insurance-fund.controller';
import { KillSwitchController } from './risk/kill-switch.controller';
import { AdminReconciliationController } from './risk/admin-reconciliation.controller';
import { AdminMarketsController } from './market/admin-markets.controller';
import { MarketsController } from './market/markets.controller';
import { FundingController } from './market/funding.controller';
import { PublicSocketQuota } from './realtime/connection-quota';
import { MarketGateway } from './realtime/market.gateway';
import { MarketStream } from './realtime/market.stream';
import { PricesBroadcaster, PricesGateway } from './realtime/prices.gateway';
import { UserGateway } from './realtime/user.gateway';
import { AdminAlertsController } from './monitoring/admin-alerts.controller';
import { AdminGateway } from './monitoring/admin.gateway';
import { AdminMonitor } from './monitoring/admin-monitor';
import { ExchangeFlow } from './monitoring/exchange-flow';
import { GlobalFacts } from './monitoring/global-facts';
import { InstanceProbe } from './monitoring/instance-probe';
import { ReconcileAlert } from './monitoring/reconcile-alert';
import { AdminWalletController } from './wallet/admin-wallet.controller';
import { WalletController } from './wallet/wallet.controller';
import { WatchlistsController } from './watchlists/watchlists.controller';
import { ProblemDetailsFilter } from './http/problem-details.filter';
import { createValidationPipe } from './http/validation.pipe';
import { RateLimitGuard } from './http/rate-limit/rate-limit.guard';
import { PriceAlertsController } from './alerts/price-alerts.controller';
import { SignalsController } from './signals/signals.controller';
import { BacktestsController } from './backtests/backtests.controller';
import { RateLimitModule } from './http/rate-limit/rate-limit.module';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly databaseUrl: string;
  readonly logger: Logger;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        PlatformModule.forRoot({ ...options, schema: DATABASE_SCHEMA }),
        AuthModule,
        WalletModule,
        MarketModule,
        OrdersModule,
        LiquidityModule,
        PortfolioModule,
        PositionsModule,
        RiskModule,
        WatchlistsModule,
        PriceAlertsModule,
        SignalsModule,
        BacktestsModule,
        RateLimitModule,
      ],
      controllers: [AuthController, ApiKeysController, TwoFactorController, UserStreamController, AdminUsersController, AdminUserActionsController, AdminAuditController, AdminStatsController, WalletController, AdminWalletController, MarketTradingController, MarketsController, FundingController, AdminMarketsController, OrdersController, OrderManagementController, OrderListsController, PositionsController, InsuranceFundController, KillSwitchController, AdminReconciliationController, PortfolioController, WatchlistsController, PriceAlertsController, SignalsController, BacktestsController, HealthController, MetricsController, AdminAlertsController],
      providers: [
        AdminBootstrap,
        ApiKeyAuthenticator,
        AccountSuspension,
        AdminStats,
        PublicSocketQuota,
        PricesGateway,
        PricesBroadcaster,
        MarketGateway,
        MarketStream,
        OutboxUserEvents,
        UserGateway,
        InstanceProbe,
        ExchangeFlow,
        GlobalFacts,
        AdminMonitor,
        AdminGateway,
        ReconcileAlert,
        // Order matters: authenticate first, then check the role.
        { provide: APP_GUARD, useClass: JwtAuthGuard },
        { provide: APP_GUARD, useClass: RolesGuard },
        // After authentication: an authenticated request counts against its user, others against their IP.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_FILTER, useClass: ProblemDetailsFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
      ],
    };
  }
}
