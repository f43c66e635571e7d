import { Module } from '@nestjs/common';
import { AppConfig, RedisConnection } from '@lib/platform';
import { Clock } from '@lib/kernel';
import { ChangeUserRoleHandler } from './application/commands/change-user-role/change-user-role.handler';
import { ChangePasswordHandler } from './application/commands/change-password/change-password.handler';
import { EnsureAdminHandler } from './application/commands/ensure-admin/ensure-admin.handler';
import { LogInHandler } from './application/commands/log-in/log-in.handler';
import { LogOutHandler } from './application/commands/log-out/log-out.handler';
import { RefreshSessionHandler } from './application/commands/refresh-session/refresh-session.handler';
import { RegisterUserHandler } from './application/commands/register-user/register-user.handler';
import { SetUserStatusHandler } from './application/commands/set-user-status/set-user-status.handler';
import { UpdateProfileHandler } from './application/commands/update-profile/update-profile.handler';
import {
  AccessTokenIssuer,
  LoginAttemptLimiter,
  NoPrincipalInvalidationBus,
  PasswordHasher,
  PrincipalInvalidationBus,
  RefreshTokenFactory,
  SessionRepository,
  UserActivityReader,
  ApiKeyRepository,
  TotpAuthenticator,
  TwoFactorRepository,
  UserRepository,
} from './application/ports';
import { AuthenticateSessionHandler } from './application/queries/authenticate-session/authenticate-session.handler';
import { GetAccountStatusesHandler } from './application/queries/get-account-statuses/get-account-statuses.handler';
import { GetUserActivityHandler } from './application/queries/get-user-activity/get-user-activity.handler';
import { GetUserHandler } from './application/queries/get-user/get-user.handler';
import { ListUsersHandler } from './application/queries/list-users/list-users.handler';
import { PrincipalCache } from './application/principal-cache';
import { ApiKeyCache } from './application/api-key-cache';
import { SessionIssuer } from './application/session-issuer';
import { MemoryLoginAttemptLimiter } from './infrastructure/login-attempts/memory-login-attempt-limiter';
import { RedisLoginAttemptLimiter } from './infrastructure/login-attempts/redis-login-attempt-limiter';
import { RedisPrincipalInvalidationBus } from './infrastructure/principal-cache/redis-principal-invalidation-bus';
import { TypeOrmSessionRepository } from './infrastructure/repositories/typeorm-session.repository';
import { SqlUserActivityReader } from './infrastructure/repositories/sql-user-activity';
import { SqlApiKeyRepository } from './infrastructure/repositories/sql-api-key.repository';
import { AuthenticateApiKeyHandler, CreateApiKeyHandler, ListApiKeysHandler, RevokeApiKeyHandler } from './application/commands/api-keys/api-key.handlers';
import { CompleteMfaLoginHandler } from './application/commands/two-factor/complete-mfa-login.handler';
import {
  ConfirmTwoFactorHandler,
  DisableTwoFactorHandler,
  GetTwoFactorStatusHandler,
  SetUpTwoFactorHandler,
  VerifyTwoFactorHandler,
} from './application/commands/two-factor/two-factor.handlers';
import { TwoFactorCodes } from './application/two-factor-codes';
import { SqlTwoFactorRepository } from './infrastructure/repositories/sql-two-factor.repository';
import { OtpauthTotp } from './infrastructure/security/otpauth-totp';
import { listenKeyHandlers } from './application/commands/listen-keys/listen-key.handlers';
import { ListenKeyRepository } from './application/ports/listen-key.repository.port';
import { SqlListenKeyRepository } from './infrastructure/repositories/sql-listen-key.repository';
import { TypeOrmUserRepository } from './infrastructure/repositories/typeorm-user.repository';
import { Argon2PasswordHasher } from './infrastructure/security/argon2-password-hasher';
import { JwtAccessTokenIssuer } from './infrastructure/security/jwt-access-token-issuer';
import { RandomRefreshTokenFactory } from './infrastructure/security/random-refresh-token.factory';

const handlers = [
  RegisterUserHandler,
  LogInHandler,
  RefreshSessionHandler,
  LogOutHandler,
  UpdateProfileHandler,
  ChangePasswordHandler,
  SetUserStatusHandler,
  ChangeUserRoleHandler,
  EnsureAdminHandler,
  GetUserHandler,
  GetAccountStatusesHandler,
  ListUsersHandler,
  GetUserActivityHandler,
  AuthenticateSessionHandler,
  CreateApiKeyHandler,
  RevokeApiKeyHandler,
  ListApiKeysHandler,
  AuthenticateApiKeyHandler,
  SetUpTwoFactorHandler,
  ConfirmTwoFactorHandler,
  DisableTwoFactorHandler,
  VerifyTwoFactorHandler,
  GetTwoFactorStatusHandler,
  CompleteMfaLoginHandler,
  ...listenKeyHandlers,
];

/** Accounts, credentials, sessions and roles. Talk to it through the CQRS buses only. */
@Module({
  providers: [
    ...handlers,
    SessionIssuer,
    PrincipalCache,
    TwoFactorCodes,
    { provide: TwoFactorRepository, useClass: SqlTwoFactorRepository },
    { provide: TotpAuthenticator, useClass: OtpauthTotp },
    ApiKeyCache,
    {
      provide: PrincipalInvalidationBus,
      inject: [AppConfig, RedisConnection],
      // No bus when the cache is off: there is nothing to invalidate.
      useFactory: (config: AppConfig, redis: RedisConnection) =>
        redis.enabled && config.auth.sessionCacheMs > 0 ? new RedisPrincipalInvalidationBus(redis) : new NoPrincipalInvalidationBus(),
    },
    { provide: UserRepository, useClass: TypeOrmUserRepository },
    { provide: SessionRepository, useClass: TypeOrmSessionRepository },
    { provide: UserActivityReader, useClass: SqlUserActivityReader },
    { provide: ApiKeyRepository, useClass: SqlApiKeyRepository },
    { provide: ListenKeyRepository, useClass: SqlListenKeyRepository },
    { provide: PasswordHasher, useClass: Argon2PasswordHasher },
    { provide: AccessTokenIssuer, useClass: JwtAccessTokenIssuer },
    { provide: RefreshTokenFactory, useClass: RandomRefreshTokenFactory },
    {
      provide: LoginAttemptLimiter,
      inject: [AppConfig, RedisConnection, Clock],
      useFactory: (config: AppConfig, redis: RedisConnection, clock: Clock) =>
        redis.enabled ? new RedisLoginAttemptLimiter(config, redis) : new MemoryLoginAttemptLimiter(config, clock),
    },
  ],
})
export class AuthModule {}
