import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Role } from '@lib/auth';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { PlacedOrderDto } from '../orders/order-responses.dto';

const SYMBOL = /^[A-Za-z0-9]{2,12}-[A-Za-z0-9]{2,12}$/;
const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

/** Why an admin acts: recorded in the audit log with the action. */
class ReasonDto {
  @ApiProperty({ example: 'Compromised account: flattening before the review', minLength: 3, maxLength: 500, description: '3 to 500 characters once trimmed; recorded in the audit log' })
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class ForceActionDto extends ReasonDto {
  @ApiPropertyOptional({ example: 'BTC-PERP', description: 'Only this market (absent: every market)' })
  @IsOptional()
  @IsString()
  @Matches(SYMBOL, { message: 'symbol must look like BTC-USDT' })
  symbol?: string;
}

export class ChangeRoleDto extends ReasonDto {
  @ApiProperty({ enum: Role, example: Role.USER }) @IsIn(Object.values(Role)) role!: Role;
}

export class ForceCancelResultDto {
  @ApiProperty({ example: 3, description: 'Orders cancelled (reason ADMIN_CANCELED), untriggered conditional orders and order-list orders included' }) cancelled!: number;
  @ApiProperty({ type: [String], example: ['0b8e4a52-6f7d-4f0e-9a38-2f1de1c1f0a1'], description: 'Their ids' }) orderIds!: string[];
}

class ForceClosedPositionDto {
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ enum: ['LONG', 'SHORT'], example: 'LONG', description: 'The position\'s side before the close' }) side!: string;
  @ApiProperty({ example: '0.5000', description: 'Its size when its turn came (unsigned)' }) sizeBefore!: string;
  @ApiProperty({ example: '0.0000', description: 'Its size after: 0 when closed in full; what is left when the book could not take it all within the price band' }) sizeAfter!: string;
  @ApiProperty({ type: [String], description: 'The user\'s orders on that market, cancelled first (reason ADMIN_CANCELED)' }) cancelledOrderIds!: string[];
  @ApiProperty({ type: PlacedOrderDto, description: 'The MARKET reduce-only order that closed it, with its fills' }) order!: PlacedOrderDto;
}

class ForceCloseFailureDto {
  @ApiProperty({ example: 'ETH-PERP' }) symbol!: string;
  @ApiProperty({ example: 'MARKET_HALTED', description: 'The refusal\'s code (MARKET_HALTED, NO_MARK_PRICE, MARKET_BUSY, NO_POSITION, ...): nothing of that position changed' }) code!: string;
  @ApiProperty({ example: 'ETH-PERP is halted' }) message!: string;
}

export class ForceCloseResultDto {
  @ApiProperty({ type: [ForceClosedPositionDto] }) closed!: ForceClosedPositionDto[];
  @ApiProperty({ type: [ForceCloseFailureDto], description: 'Positions that could not be closed now (the others were)' }) failed!: ForceCloseFailureDto[];
}
