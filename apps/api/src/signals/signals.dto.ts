import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';

const INTERVALS = ['1m', '5m', '15m', '1h', '4h', '1d'];
const OPS = ['ABOVE', 'BELOW', 'CROSSES_ABOVE', 'CROSSES_BELOW'];
const OPERAND = 'CLOSE, a number, SMA(n), EMA(n), RSI(n), MACD(f,s,sig), MACD_SIGNAL(f,s,sig), MACD_HIST(f,s,sig), BB_UPPER(n,k), BB_MIDDLE(n,k), BB_LOWER(n,k)';

export class ConditionDto {
  @ApiProperty({ example: 'SMA(20)', description: OPERAND, maxLength: 40 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  left!: string;

  @ApiProperty({ enum: OPS, example: 'CROSSES_ABOVE', description: 'ABOVE/BELOW: strict levels; CROSSES_*: only at the candle where it crosses' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsIn(OPS)
  op!: string;

  @ApiProperty({ example: 'SMA(50)', description: OPERAND, maxLength: 40 })
  @IsString()
  @IsNotEmpty()
  @MaxLength(40)
  right!: string;
}

export class CreateSignalDto {
  @ApiProperty({ example: 'golden cross', maxLength: 64 })
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name!: string;

  @ApiProperty({ example: 'BTC-USDT' })
  @IsString()
  @Matches(/^[A-Za-z0-9-]{1,30}$/)
  symbol!: string;

  @ApiProperty({ enum: INTERVALS, example: '1h', description: 'The candles the rule is evaluated on, when each closes' })
  @IsIn(INTERVALS)
  interval!: string;

  @ApiProperty({ type: [ConditionDto], description: '1 to 4 conditions, all of which must hold (AND)' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions!: ConditionDto[];

  @ApiProperty({ enum: ['UP', 'DOWN'], example: 'UP', description: 'The move the signal expects: what its hit rate measures' })
  @IsIn(['UP', 'DOWN'])
  direction!: 'UP' | 'DOWN';

  @ApiPropertyOptional({ example: 10, minimum: 1, maximum: 500, default: 10, description: 'Candles after a firing at which its move is measured' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  horizon?: number;

  @ApiPropertyOptional({ example: true, default: true })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class UpdateSignalDto {
  @ApiPropertyOptional({ example: 'golden cross 4h', maxLength: 64 })
  @IsOptional()
  @IsString()
  @Matches(/\S/, { message: 'name must not be blank' })
  @MaxLength(64)
  name?: string;

  @ApiPropertyOptional({ type: [ConditionDto] })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @ValidateNested({ each: true })
  @Type(() => ConditionDto)
  conditions?: ConditionDto[];

  @ApiPropertyOptional({ enum: ['UP', 'DOWN'] })
  @IsOptional()
  @IsIn(['UP', 'DOWN'])
  direction?: 'UP' | 'DOWN';

  @ApiPropertyOptional({ example: 20, minimum: 1, maximum: 500 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  horizon?: number;

  @ApiPropertyOptional({ example: false, description: 'A paused rule is not evaluated' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class SignalEventsQueryDto {
  @ApiPropertyOptional({ example: 50, minimum: 1, maximum: 100, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit?: number;

  @ApiPropertyOptional({ example: '2026-12-07T10:00:00.000Z', description: 'The previous page\'s nextCursor' })
  @IsOptional()
  @IsISO8601({ strict: true })
  cursor?: string;
}

export class SignalDto {
  @ApiProperty({ example: '0b8f3c1e-5a0e-4f5e-9f2a-6d7c1b2a3e4f' }) id!: string;
  @ApiProperty({ example: 'golden cross' }) name!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: INTERVALS, example: '1h' }) interval!: string;
  @ApiProperty({ type: [ConditionDto], example: [{ left: 'SMA(20)', op: 'CROSSES_ABOVE', right: 'SMA(50)' }] }) conditions!: ConditionDto[];
  @ApiProperty({ enum: ['UP', 'DOWN'], example: 'UP' }) direction!: string;
  @ApiProperty({ example: 10 }) horizon!: number;
  @ApiProperty({ example: true }) active!: boolean;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) updatedAt!: string;
}

export class SignalFiringDto {
  @ApiProperty({ example: '5d2b1c0e-1a2b-4c3d-8e9f-0a1b2c3d4e5f' }) id!: string;
  @ApiProperty({ example: '0b8f3c1e-5a0e-4f5e-9f2a-6d7c1b2a3e4f' }) signalId!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ example: '1h' }) interval!: string;
  @ApiProperty({ example: '2026-12-07T09:00:00.000Z', description: 'The closed candle it fired on' }) openTime!: string;
  @ApiProperty({ example: '64012.50', description: 'That candle\'s close (mark price)' }) close!: string;
  @ApiProperty({ example: '2026-12-07T10:00:00.120Z' }) firedAt!: string;
}

export class SignalFiringPageDto {
  @ApiProperty({ type: [SignalFiringDto] }) items!: SignalFiringDto[];
  @ApiProperty({ example: '2026-12-07T09:00:00.000Z', nullable: true, type: String }) nextCursor!: string | null;
}

export class SignalStatsDto {
  @ApiProperty({ example: '0b8f3c1e-5a0e-4f5e-9f2a-6d7c1b2a3e4f' }) signalId!: string;
  @ApiProperty({ example: 'golden cross' }) name!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ example: '1h' }) interval!: string;
  @ApiProperty({ enum: ['UP', 'DOWN'], example: 'UP' }) direction!: string;
  @ApiProperty({ example: 10 }) horizon!: number;
  @ApiProperty({ example: 12, description: 'Firings counted (the newest 1,000)' }) firings!: number;
  @ApiProperty({ example: 11, description: 'Firings whose horizon has passed' }) evaluated!: number;
  @ApiProperty({ example: 7, description: 'Evaluated firings followed by a move in the rule\'s direction' }) hits!: number;
  @ApiProperty({ example: '0.6364', nullable: true, type: String, description: 'hits / evaluated, 4 decimals' }) hitRate!: string | null;
  @ApiProperty({ example: '0.8125', nullable: true, type: String, description: 'Mean signed move after `horizon` candles, in percent, 4 decimals' })
  averageMovePercent!: string | null;
}
