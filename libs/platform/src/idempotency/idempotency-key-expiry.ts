import { Injectable, OnModuleInit } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { RetentionScheduler } from '../retention/retention-scheduler';
import { IdempotencyStore } from './idempotency-store';

/**
 * Idempotency keys expire IDEMPOTENCY_KEY_TTL_HOURS (24 h) after they were
 * claimed: a retry within that time replays the first answer, a request with
 * the same key after it runs again. Without this the table only grew (every
 * order, deposit and transfer sent with a key left a row with its response).
 */
@Injectable()
export class IdempotencyKeyExpiry implements OnModuleInit {
  constructor(
    private readonly scheduler: RetentionScheduler,
    private readonly store: IdempotencyStore,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.scheduler.register({
      name: 'idempotency-keys',
      run: (now) => this.store.deleteCreatedBefore(new Date(now.getTime() - this.config.retention.idempotencyKeyHours * 3_600_000)),
    });
  }
}
