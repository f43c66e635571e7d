import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { IsWireAmount } from '../wallet/wire-amount.decorator';

const ASSET = /^[A-Z0-9]{2,12}$/;

export class ArmKillSwitchDto {
  @ApiProperty({ example: '250', description: 'The largest loss of a UTC day (realized today plus unrealized now) before the switch triggers; a positive decimal string in the asset' })
  @IsWireAmount(81)
  maxDailyLoss!: string;
  @ApiPropertyOptional({ example: 'USDT', default: 'USDT', description: 'The settlement asset it watches (the perpetuals settled in it)' })
  @IsOptional()
  @IsString()
  @Matches(ASSET, { message: 'asset must be an asset code like USDT' })
  asset?: string;
}

export class KillSwitchAssetQueryDto {
  @ApiPropertyOptional({ example: 'USDT', default: 'USDT' }) @IsOptional() @IsString() @Matches(ASSET, { message: 'asset must be an asset code like USDT' }) asset?: string;
}

export class KillSwitchDto {
  @ApiProperty({ example: 'USDT' }) asset!: string;
  @ApiProperty({ example: '250.000000' }) maxDailyLoss!: string;
  @ApiProperty({ example: '-42.130000', description: 'Realized today (trades and funding on MARGIN since 00:00 UTC) plus the open positions\' unrealized PnL now; signed' }) dayResult!: string;
  @ApiProperty({ example: false, description: 'Blocking new exposure now: it triggered today' }) triggered!: boolean;
  @ApiProperty({ example: null, nullable: true, type: String }) triggeredAt!: string | null;
  @ApiProperty({ example: null, nullable: true, type: String, description: 'When a triggered switch stops blocking (the next 00:00 UTC)' }) blockedUntil!: string | null;
}
