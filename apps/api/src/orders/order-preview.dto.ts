import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class AssetAmountDto {
  @ApiProperty({ example: 'USD' }) asset!: string;
  @ApiProperty({ example: '23.46', description: 'At the asset\'s decimals' }) amount!: string;
}

export class AvailableDto extends AssetAmountDto {
  @ApiProperty({ enum: ['SPOT', 'MARGIN'], description: 'SPOT: the balance of the hold asset; MARGIN: the available margin (docs/positions.md)' }) account!: string;
}

export class WouldTakeDto {
  @ApiProperty({ example: '0.40', description: 'What the book would fill at once (within the limit, or a MARKET order\'s band; not past your own first resting order)' })
  quantity!: string;
  @ApiProperty({ nullable: true, type: String, example: '229.50', description: 'Quote per base unit at the quote asset\'s decimals, rounded down; null when nothing' })
  averagePrice!: string | null;
}

export class PositionPreviewDto {
  @ApiProperty({ enum: ['LONG', 'SHORT', 'FLAT'], example: 'LONG' }) side!: string;
  @ApiProperty({ example: '1.00', description: 'Absolute size' }) size!: string;
  @ApiProperty({ nullable: true, type: String, example: '230.00', description: 'Quote per base unit at the quote asset\'s decimals, rounded down; null when flat' })
  entryPrice!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: '226',
    description: 'The mark price at which the position would be liquidated (cross: with your MARGIN cash less this hold; isolated: its margin); null when flat or never',
  })
  liquidationPrice!: string | null;
  @ApiProperty({ example: '23.00', description: 'Initial margin of the position at the mark: notional / leverage, rounded up' }) initialMargin!: string;
}

export class OrderPreviewDto {
  @ApiProperty({ example: 'AAPL-PERP' }) symbol!: string;
  @ApiProperty({ enum: ['BUY', 'SELL'] }) side!: string;
  @ApiProperty({ enum: ['MARKET', 'LIMIT'] }) type!: string;
  @ApiProperty({ enum: ['GTC', 'IOC', 'FOK', 'POST_ONLY'] }) timeInForce!: string;
  @ApiProperty({ example: '1.00' }) quantity!: string;
  @ApiProperty({ example: '230', description: 'The limit price; a MARKET order\'s protection price (the band\'s edge)' }) limitPrice!: string;
  @ApiProperty({
    type: AssetAmountDto,
    description: 'What placing it would hold now. Spot: price x quantity plus the fee at the higher rate (a MARKET buy: what the book can fill now plus the taker fee; a sell: the base quantity). Perpetuals: initial margin plus the fee at the higher rate of the part that opens; 0 for what reduces the position.',
  })
  hold!: AssetAmountDto;
  @ApiProperty({ type: AssetAmountDto, description: 'The taker fee on its notional filled in full: at its limit price (a MARKET order: the book\'s prices now, the rest at the protection price)' })
  fee!: AssetAmountDto;
  @ApiProperty({ type: WouldTakeDto }) wouldTake!: WouldTakeDto;
  @ApiProperty({ type: AvailableDto }) available!: AvailableDto;
  @ApiPropertyOptional({ example: true, description: 'Spot only: whether the SPOT balance covers the hold (else placing is 422 INSUFFICIENT_BALANCE)' }) sufficient?: boolean;
  @ApiPropertyOptional({ example: true, description: 'Perpetuals only: whether the available margin covers the hold (else placing is 422 INSUFFICIENT_MARGIN)' }) marginOk?: boolean;
  @ApiPropertyOptional({
    example: '42.61',
    description: 'Perpetuals only: the largest quantity of this side at this price (on the step grid) you could place now: what reduces the position plus what your available margin can open',
  })
  maxQuantity?: string;
  @ApiPropertyOptional({ type: PositionPreviewDto, description: 'Perpetuals only: the position after the order filled in full' }) position?: PositionPreviewDto;
}
