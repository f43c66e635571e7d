import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ListKind } from '@lib/orders';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches, ValidateNested } from 'class-validator';
import { PlaceOrderDto } from './order-requests.dto';
import { OrderDto } from './order-responses.dto';

export class PlaceOrderListDto {
  @ApiProperty({
    enum: ListKind,
    example: ListKind.OCO,
    description:
      'OCO: `legs`, two orders on one market and side (LIMIT legs are POST_ONLY; no MARKET leg): when one fills (even partly) or triggers, the other is cancelled. ' +
      'BRACKET: `entry` (LIMIT or MARKET), `takeProfit` (TAKE_PROFIT_*) and `stopLoss` (STOP_* or TRAILING_STOP_MARKET) on the other side without quantity: the legs are placed once the entry fills, sized to what filled (growing with it), and are an OCO pair. ' +
      'OTO: `working` (not MARKET) and `pending`, placed once the working order has filled. No order of a list takes a clientOrderId.',
  })
  @IsIn(Object.values(ListKind))
  kind!: ListKind;
  @ApiPropertyOptional({ example: 'my-oco-1', description: 'Unique per user (409 LIST_CLIENT_ID_CONFLICT when it names another list)' })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Za-z0-9_.:-]{1,64}$/, { message: 'clientListId must be 1 to 64 of A-Z a-z 0-9 _ . : -' })
  clientListId?: string;
  @ApiPropertyOptional({ type: [PlaceOrderDto], description: 'OCO: its two legs' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(2)
  @ValidateNested({ each: true })
  @Type(() => PlaceOrderDto)
  legs?: PlaceOrderDto[];
  @ApiPropertyOptional({ type: PlaceOrderDto, description: 'BRACKET: the entry' }) @IsOptional() @ValidateNested() @Type(() => PlaceOrderDto) entry?: PlaceOrderDto;
  @ApiPropertyOptional({ type: PlaceOrderDto, description: 'BRACKET: the take-profit leg (TAKE_PROFIT_MARKET or TAKE_PROFIT_LIMIT, no quantity)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlaceOrderDto)
  takeProfit?: PlaceOrderDto;
  @ApiPropertyOptional({ type: PlaceOrderDto, description: 'BRACKET: the stop-loss leg (STOP_MARKET, STOP_LIMIT or TRAILING_STOP_MARKET, no quantity)' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlaceOrderDto)
  stopLoss?: PlaceOrderDto;
  @ApiPropertyOptional({ type: PlaceOrderDto, description: 'OTO: the working order' }) @IsOptional() @ValidateNested() @Type(() => PlaceOrderDto) working?: PlaceOrderDto;
  @ApiPropertyOptional({ type: PlaceOrderDto, description: 'OTO: the order placed once the working order has filled' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PlaceOrderDto)
  pending?: PlaceOrderDto;
}

export class OrderListDto {
  @ApiProperty({ format: 'uuid' }) listId!: string;
  @ApiProperty({ nullable: true, type: String, example: 'my-oco-1' }) clientListId!: string | null;
  @ApiProperty({ enum: ListKind }) kind!: string;
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: ['EXECUTING', 'ALL_DONE'], description: 'ALL_DONE once every order of it ended and it has nothing left to place' }) status!: string;
  @ApiProperty({ type: [String], example: ['TAKE_PROFIT', 'STOP_LOSS'], description: 'Orders still to be placed: a bracket\'s legs before its entry fills, an OTO\'s PENDING before its working order fills' })
  pendingRoles!: string[];
  @ApiProperty({ type: [OrderDto], description: 'Its orders (listId and listRole on each); on POST, with the fills of their first pass' }) orders!: OrderDto[];
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z' }) updatedAt!: string;
}
