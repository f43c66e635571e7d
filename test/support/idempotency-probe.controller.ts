import { randomUUID } from 'node:crypto';
import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiBearerAuth, ApiCreatedResponse, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { TransactionHost, TransactionalAdapterTypeOrm } from '@lib/platform';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { CurrentUser } from '../../apps/api/src/auth/auth.decorators';
import { ApiProblems } from '../../apps/api/src/http/api-problems.decorator';
import { Idempotent } from '../../apps/api/src/http/idempotent.decorator';

/** The table the probe writes to: created by the test, outside the migrations. */
export const PROBE_TABLE_DDL = `CREATE TABLE IF NOT EXISTS public.idem_probe (
  id bigserial PRIMARY KEY,
  user_id uuid NOT NULL,
  label text NOT NULL
)`;

export class ProbeDto {
  @IsString()
  @MaxLength(200)
  label!: string;

  @IsOptional()
  @IsString()
  note?: string;

  /** Holds the transaction open this long after writing (widens a race). */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(2000)
  sleepMs?: number;
}

export interface ProbeResult {
  readonly id: string;
  readonly label: string;
  /** Rows with this label once this execution wrote its own. */
  readonly count: number;
  readonly at: string;
}

/**
 * Test-only: a money-like route (it writes, in the ambient transaction) to
 * drive @Idempotent() end to end before the app has real ones.
 */
@ApiTags('test')
@ApiBearerAuth('bearer')
@Controller({ path: 'test', version: '1' })
export class IdempotencyProbeController {
  /** Labels whose next N executions throw after writing (the write must roll back). */
  static readonly failures = new Map<string, number>();

  constructor(private readonly txHost: TransactionHost<TransactionalAdapterTypeOrm>) {}

  @Post('probe')
  @Idempotent()
  @ApiCreatedResponse({ description: 'Executed' })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  probe(@Body() body: ProbeDto, @CurrentUser() user: Principal): Promise<ProbeResult> {
    return this.execute(body, user);
  }

  @Post('probe/accepted')
  @HttpCode(202)
  @Idempotent({ required: true })
  @ApiAcceptedResponse({ description: 'Accepted' })
  accepted(@Body() body: ProbeDto, @CurrentUser() user: Principal): Promise<ProbeResult> {
    return this.execute(body, user);
  }

  private async execute(body: ProbeDto, user: Principal): Promise<ProbeResult> {
    const em = this.txHost.tx;
    await em.query(`INSERT INTO public.idem_probe (user_id, label) VALUES ($1, $2)`, [user.userId, body.label]);
    if (body.sleepMs) await em.query(`SELECT pg_sleep($1)`, [body.sleepMs / 1000]);
    const failuresLeft = IdempotencyProbeController.failures.get(body.label) ?? 0;
    if (failuresLeft > 0) {
      IdempotencyProbeController.failures.set(body.label, failuresLeft - 1);
      throw new Error('probe failure');
    }
    const [row]: { count: number }[] = await em.query(`SELECT count(*)::int AS count FROM public.idem_probe WHERE label = $1`, [
      body.label,
    ]);
    return { id: randomUUID(), label: body.label, count: row!.count, at: new Date().toISOString() };
  }
}
