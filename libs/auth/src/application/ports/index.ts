export * from './password-hasher.port';
export * from './token-issuer.port';
export * from './user.repository.port';
export * from './session.repository.port';
export * from './login-attempt-limiter.port';
export * from './principal-invalidation-bus.port';
export * from './user-activity.port';
export { ApiKeyRepository, type StoredApiKey, type NewApiKey } from './api-key.repository.port';
export { ListenKeyRepository } from './listen-key.repository.port';
