import { CreateOutbox1763726500000 } from './outbox/migrations/1763726500000-create-outbox';
import { IndexOutboxByUser1763729000000 } from './outbox/migrations/1763729000000-index-outbox-by-user';
import { OutboxRelayCursor1763729500000 } from './outbox/migrations/1763729500000-outbox-relay-cursor';
import { OutboxRecordedAt1763729600000 } from './outbox/migrations/1763729600000-outbox-recorded-at';
import { ProcessedEventsByTime1763729700000 } from './outbox/migrations/1763729700000-processed-events-by-time';
import { IndexOutboxSystemEvents1763730417000 } from './outbox/migrations/1763730417000-index-outbox-system-events';
import { OutboxEntity, OutboxRelayCursorEntity, ProcessedEventEntity } from './outbox/outbox.entity';
import { IdempotencyKeyEntity } from './idempotency/idempotency-key.entity';
import { AuditLogEntity } from './audit/audit-log.entity';
import { AlertEntity } from './alerts/alert.entity';
import { CreateAlerts1763731310000 } from './alerts/migrations/1763731310000-create-alerts';
import { CreateAuditLog1763731300000 } from './audit/migrations/1763731300000-create-audit-log';
import { CreateIdempotencyKeys1763726600000 } from './idempotency/migrations/1763726600000-create-idempotency-keys';

// Tables owned by the platform lib itself (outbox, idempotency keys, ...).
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PLATFORM_ENTITIES: Function[] = [OutboxEntity, OutboxRelayCursorEntity, ProcessedEventEntity, IdempotencyKeyEntity, AuditLogEntity, AlertEntity];
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const PLATFORM_MIGRATIONS: Function[] = [CreateOutbox1763726500000, CreateIdempotencyKeys1763726600000, IndexOutboxByUser1763729000000, OutboxRelayCursor1763729500000, OutboxRecordedAt1763729600000, ProcessedEventsByTime1763729700000, IndexOutboxSystemEvents1763730417000, CreateAuditLog1763731300000, CreateAlerts1763731310000];
