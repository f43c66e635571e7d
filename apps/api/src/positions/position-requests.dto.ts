import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';

const SYMBOL = /^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$/;

export class PositionHistoryQueryDto {
  @ApiPropertyOptional({ example: 'BTC-PERP', description: 'Only this perpetual market' })
  @IsOptional()
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must look like BTC-PERP' })
  symbol?: string;
  @ApiPropertyOptional({ description: 'nextCursor of the previous page' }) @IsOptional() @IsString() @MaxLength(200) cursor?: string;
  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(200) limit?: number;
}

export class ChangeLeverageDto {
  @ApiProperty({ example: 20, minimum: 1, maximum: 1000, description: 'From 1 to the market\'s maxLeverage (400 INVALID_LEVERAGE beyond)' }) @IsInt() @Min(1) @Max(1000) leverage!: number;
}

export class ChangeMarginModeDto {
  @ApiProperty({ enum: ['CROSS', 'ISOLATED'], example: 'ISOLATED' }) @IsIn(['CROSS', 'ISOLATED']) mode!: 'CROSS' | 'ISOLATED';
}

export class MoveMarginDto {
  @ApiProperty({ example: '25.50', description: 'Decimal string of the settlement asset, > 0, at most its decimals' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(80)
  @Matches(/^\d+(\.\d+)?$/, { message: 'amount must be a positive decimal string' })
  amount!: string;
  @ApiProperty({ enum: ['ADD', 'REMOVE'], example: 'ADD' }) @IsIn(['ADD', 'REMOVE']) type!: 'ADD' | 'REMOVE';
}
