// The public face of the auth context: its module, commands, queries, results and errors.
export { AuthModule } from './auth.module';
export { RegisterUserCommand } from './application/commands/register-user/register-user.command';
export { LogInCommand } from './application/commands/log-in/log-in.command';
export { RefreshSessionCommand } from './application/commands/refresh-session/refresh-session.command';
export { LogOutCommand } from './application/commands/log-out/log-out.command';
export { UpdateProfileCommand } from './application/commands/update-profile/update-profile.command';
export { ChangePasswordCommand } from './application/commands/change-password/change-password.command';
export { SetUserStatusCommand } from './application/commands/set-user-status/set-user-status.command';
export { ChangeUserRoleCommand } from './application/commands/change-user-role/change-user-role.command';
export { EnsureAdminCommand } from './application/commands/ensure-admin/ensure-admin.command';
export { GetUserQuery } from './application/queries/get-user/get-user.query';
export { GetAccountStatusesQuery } from './application/queries/get-account-statuses/get-account-statuses.query';
export { GetUserActivityQuery, type UserActivityView } from './application/queries/get-user-activity/get-user-activity.query';
export { ListUsersQuery } from './application/queries/list-users/list-users.query';
export { AuthenticateSessionQuery } from './application/queries/authenticate-session/authenticate-session.query';
export { USER_STATUS_CHANGED, type UserStatusChangedPayload } from './application/user-status-changed.event';
export { LoginFailed, UserRegistered } from './application/auth-activity.events';
export type { AuthTokens, ClientInfo, Page, Principal, UserView } from './application/views';
export {
  AccountStatus,
  AuthError,
  AuthErrorCode,
  CURRENCIES,
  LANGUAGES,
  NAME_MAX_LENGTH,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  Role,
  THEMES,
  type UserSettings,
} from './domain';
export { accessTokenVerification, type AccessTokenVerification } from './infrastructure/security/access-token-keys';
export { AUTH_ENTITIES, AUTH_MIGRATIONS } from './infrastructure/schema';
export { CreateApiKeyCommand, RevokeApiKeyCommand, ListApiKeysQuery, AuthenticateApiKeyQuery, type ApiKeyView, type CreatedApiKeyView, type ApiKeyCredentials } from './application/commands/api-keys/api-key.commands';
export { ApiKeyPermission, MAX_API_KEYS_PER_USER, type ApiKeyScheme, SignatureReplays, checkWindow, signaturePayload, sha256Hex, verifyHmac, verifyEd25519, verifyEd25519Async, parseEd25519PublicKey, ipMatcher, permits } from './domain';
export {
  SetUpTwoFactorCommand,
  ConfirmTwoFactorCommand,
  DisableTwoFactorCommand,
  VerifyTwoFactorCommand,
  CompleteMfaLoginCommand,
  GetTwoFactorStatusQuery,
  type TwoFactorSetupView,
  type TwoFactorStatusView,
  type MfaChallengeView,
  type LoginResult,
} from './application/commands/two-factor/two-factor.commands';
export { MFA_CHALLENGE_TTL_SECONDS, RECOVERY_CODE_COUNT } from './domain';
export {
  CreateListenKeyCommand,
  ExtendListenKeyCommand,
  CloseListenKeyCommand,
  AuthenticateListenKeyQuery,
  GetListenKeyStatusesQuery,
  type ListenKeyView,
  type ListenKeyOrigin,
  type ListenKeyGrant,
  type ListenKeyStatus,
} from './application/commands/listen-keys/listen-key.commands';
export { LISTEN_KEYS_CLOSED, type ListenKeysClosedPayload } from './application/listen-keys-closed.event';
export { MAX_LIVE_LISTEN_KEYS_PER_USER, type ListenKeyState } from './domain';
