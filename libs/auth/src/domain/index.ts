export { AuthError, AuthErrorCode } from './auth.error';
export { Role, AccountStatus } from './role';
export { normalizeEmail } from './email';
export { assertPasswordPolicy, PASSWORD_MIN_LENGTH, PASSWORD_MAX_LENGTH } from './password-policy';
export * from './user-settings';
export { User, type UserProps, NAME_MAX_LENGTH } from './user';
export { type Session, SessionRevocation, isSessionUsable } from './session';
