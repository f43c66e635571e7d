import { RealtimeConfig } from './app-config';
import { EnvReader } from './env-reader';

/** Socket.IO limits (WS_*): per socket, per client IP on the public namespaces, per user on /user, and the /user resume budget. */
export function readRealtime(e: EnvReader): RealtimeConfig {
  return {
    maxSubscriptionsPerSocket: e.int('WS_MAX_SUBSCRIPTIONS', 50, 1, 10_000),
    maxMessagesPerSecond: e.int('WS_MAX_MESSAGES_PER_SECOND', 20, 1, 10_000),
    maxSocketsPerIp: e.int('WS_MAX_SOCKETS_PER_IP', 50, 1, 1_000_000),
    maxSocketsPerUser: e.int('WS_MAX_SOCKETS_PER_USER', 5, 1, 10_000),
    resumeBurst: e.int('WS_RESUME_BURST', 10, 1, 10_000),
    resumePerSecond: e.int('WS_RESUME_PER_SECOND', 2, 1, 10_000),
    resumeConcurrency: e.int('WS_RESUME_CONCURRENCY', 2, 1, 64),
  };
}
