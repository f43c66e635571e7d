import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import { AuditLog } from '@lib/platform';
import type { AuditEntry, AuditVerification } from '@lib/platform';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';

export class AuditQueryDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this admin\'s actions' }) @IsOptional() @IsUUID() actorId?: string;
  @ApiPropertyOptional({ example: 'USER_SUSPENDED', description: 'Only this action' }) @IsOptional() @IsString() @Matches(/^[A-Z_]{1,64}$/) action?: string;
  @ApiPropertyOptional({ example: 'market:BTC-USDT', description: 'Only this target (`user:<id>`, `market:<symbol>`)' }) @IsOptional() @IsString() @MaxLength(200) target?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @Matches(/^[1-9][0-9]{0,18}$/, { message: 'cursor is the previous page\'s nextCursor' }) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

class AuditEntryDto {
  @ApiProperty({ example: '42', description: 'Its place in the chain (1, 2, ...)' }) seq!: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) actorId!: string | null;
  @ApiProperty({ example: 'USER_SUSPENDED' }) action!: string;
  @ApiProperty({ example: 'user:7d3c...' }) target!: string;
  @ApiProperty({ nullable: true, type: Object, description: 'The target before the action' }) before!: unknown;
  @ApiProperty({ nullable: true, type: Object, description: 'The target after the action' }) after!: unknown;
  @ApiProperty({ nullable: true, type: String }) reason!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'The X-Request-Id of the request that did it' }) requestId!: string | null;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) at!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of the entry before' }) prevHash!: string;
  @ApiProperty({ description: 'SHA-256 (hex) of prevHash and this entry\'s fields (canonical JSON)' }) hash!: string;
}

class AuditPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

class AuditBadEntryDto {
  @ApiProperty({ example: '17' }) seq!: string;
  @ApiProperty({ enum: ['HASH_MISMATCH', 'BROKEN_LINK', 'GAP'] }) reason!: string;
}

class AuditVerificationDto {
  @ApiProperty({ description: 'Every entry matches its hash and links to the one before' }) ok!: boolean;
  @ApiProperty({ example: 42, description: 'Entries checked before the first bad one (all of them when ok)' }) entries!: number;
  @ApiPropertyOptional({ type: AuditBadEntryDto, description: 'The first entry that does not match (absent when ok)' }) firstBad?: AuditBadEntryDto;
}

@ApiTags('admin')
@ApiBearerAuth('bearer')
@Roles(Role.ADMIN)
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['FORBIDDEN', 'ACCOUNT_SUSPENDED'] })
@Controller({ path: 'admin/audit', version: '1' })
export class AdminAuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get()
  @ApiOperation({
    summary: 'The admin audit log, newest first: every admin action (user suspension and reactivation, market changes, price moves) with actor, before/after, reason, request id, and the hash chain',
  })
  @ApiOkResponse({ type: AuditPageDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  async list(@Query() query: AuditQueryDto): Promise<{ items: AuditEntry[]; nextCursor: string | null }> {
    const limit = query.limit ?? 50;
    const items = await this.audit.page({ actorId: query.actorId, action: query.action, target: query.target, before: query.cursor, limit });
    return { items, nextCursor: items.length === limit ? items.at(-1)!.seq : null };
  }

  @Get('verify')
  @ApiOperation({ summary: 'Recompute the audit log\'s hash chain from its first entry: ok, or the first entry that was changed, inserted or removed' })
  @ApiOkResponse({ type: AuditVerificationDto })
  verify(): Promise<AuditVerification> {
    return this.audit.verify();
  }
}
