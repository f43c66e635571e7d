import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { ALERT_CONDITIONS, AlertCondition, AlertSource } from '@lib/price-alerts';

const SYMBOL = /^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$/;
/** Decimal strings, never JSON numbers (house rule): the tick and scale checks are the domain's (INVALID_ALERT). */
const PRICE = /^(0|[1-9]\d{0,29})(\.\d{1,18})?$/;
const PERCENT = /^-?(0|[1-9]\d{0,5})(\.\d{1,18})?$/;

export class CreatePriceAlertDto {
  @ApiProperty({ example: 'BTC-USDT', description: 'A market of the catalog (404 MARKET_NOT_FOUND otherwise)' })
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must look like BTC-USDT' })
  symbol!: string;

  @ApiProperty({
    enum: ALERT_CONDITIONS,
    example: AlertCondition.ABOVE,
    description:
      'ABOVE: the price is >= price. BELOW: <= price. CROSSES: the price moves across price from the side it is on now ' +
      '(below: < price; at or above: >= price). CHANGE_24H_ABOVE / CHANGE_24H_BELOW: the market\'s 24 h change (of the mark) is >= / <= percent.',
  })
  @IsIn(ALERT_CONDITIONS)
  condition!: AlertCondition;

  @ApiPropertyOptional({ example: '70000.00', description: 'ABOVE, BELOW, CROSSES: the target price, a decimal string on the market\'s tick grid' })
  @IsOptional()
  @IsString()
  @Matches(PRICE, { message: 'price must be a decimal string like "70000.00"' })
  price?: string;

  @ApiPropertyOptional({ example: '-5.5', description: 'CHANGE_24H_*: the target 24 h change in percent (signed, at most 2 decimals)' })
  @IsOptional()
  @IsString()
  @Matches(PERCENT, { message: 'percent must be a decimal string like "-5.5"' })
  percent?: string;

  @ApiPropertyOptional({ enum: [AlertSource.MARK, AlertSource.LAST], default: AlertSource.MARK, description: 'The price watched: the mark price or the last trade (ignored by CHANGE_24H_*, which uses the mark)' })
  @IsOptional()
  @IsIn([AlertSource.MARK, AlertSource.LAST])
  source?: AlertSource;

  @ApiPropertyOptional({ default: false, description: 'Fires at every crossing, re-arming only once the price went back to the other side; otherwise fires once and ends FIRED' })
  @IsOptional()
  @IsBoolean()
  recurring?: boolean;

  @ApiPropertyOptional({ example: '2026-12-31T00:00:00Z', description: 'Ends EXPIRED at this time (ISO 8601, in the future)' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class AlertHistoryQueryDto {
  @ApiPropertyOptional({ description: 'nextCursor of the previous page', example: '1842' }) @IsOptional() @IsString() @MaxLength(20) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(100) limit?: number;
}

export class PriceAlertDto {
  @ApiProperty({ example: '0193a1f2-7c1e-7b7a-9c55-5c1f0c2b9e11' }) id!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: ALERT_CONDITIONS, example: 'ABOVE' }) condition!: string;
  @ApiProperty({ enum: [AlertSource.MARK, AlertSource.LAST], example: 'MARK' }) source!: string;
  @ApiProperty({ example: '70000.00', nullable: true, type: String, description: 'The target price (null for CHANGE_24H_*)' }) price!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'The target 24 h change in percent (CHANGE_24H_* only)' }) percent!: string | null;
  @ApiProperty({ example: false }) recurring!: boolean;
  @ApiProperty({ enum: ['ACTIVE', 'FIRED', 'EXPIRED', 'CANCELLED'], example: 'ACTIVE' }) status!: string;
  @ApiProperty({ example: null, nullable: true, type: String }) expiresAt!: string | null;
  @ApiProperty({ example: '2026-12-07T09:00:00.000Z' }) createdAt!: string;
}

export class AlertHistoryEntryDto {
  @ApiProperty({ example: '1842', description: 'Entry id (the cursor)' }) id!: string;
  @ApiProperty({ enum: ['FIRED', 'EXPIRED', 'CANCELLED'], example: 'FIRED', description: 'FIRED: one firing (a recurring alert has one per crossing)' }) kind!: string;
  @ApiProperty({ example: '70012.50', nullable: true, type: String, description: 'FIRED: the price (or 24 h change, percent) that fired it' }) value!: string | null;
  @ApiProperty({ example: true, description: 'FIRED: pushed on /user as `alert` (false when settings.notifications.priceAlerts was off)' }) pushed!: boolean;
  @ApiProperty({ example: '2026-12-07T09:10:00.000Z' }) at!: string;
  @ApiProperty({ type: PriceAlertDto, description: 'The alert as it is now' }) alert!: PriceAlertDto;
}

export class AlertHistoryPageDto {
  @ApiProperty({ type: [AlertHistoryEntryDto] }) items!: AlertHistoryEntryDto[];
  @ApiProperty({ example: null, nullable: true, type: String, description: 'Pass as cursor for the next (older) page; null at the end' }) nextCursor!: string | null;
}
