import { randomBytes } from 'node:crypto';

/**
 * One random id per process, on every log line and in the readiness answer:
 * it tells apart two instances on one host, and a process from the one that
 * replaced it under the same pid (a container restarts as pid 1 every time).
 */
export const INSTANCE_ID = randomBytes(6).toString('hex');
