// Tables owned by the platform lib itself (outbox, idempotency keys, ...).
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PLATFORM_ENTITIES: Function[] = [];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PLATFORM_MIGRATIONS: Function[] = [];
