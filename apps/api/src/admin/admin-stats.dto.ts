import { ApiProperty } from '@nestjs/swagger';

class UserStatsDto {
  @ApiProperty({ example: 1250, description: 'Every account, whatever its status or role' }) total!: number;
  @ApiProperty({
    example: 312,
    description:
      'Accounts active in the 24 h before `at`: a session opened (log-in) or refreshed (token refresh) in that window, i.e. a refresh token issued ' +
      'to them. An access token lives 15 minutes, so anyone who used the API for longer refreshed. Orders placed by the platform\'s own accounts (the ' +
      'liquidity bots) do not count: they have no sessions.',
  })
  active24h!: number;
}

class MarketStatsDto {
  @ApiProperty({ example: 'BTC-USDT' }) symbol!: string;
  @ApiProperty({ enum: ['SPOT', 'PERPETUAL'], example: 'SPOT' }) kind!: string;
  @ApiProperty({ example: 4213, description: 'Trades in the 24 h window' }) trades!: number;
  @ApiProperty({ example: '12.3456', description: 'Σ trade quantity (base asset; perpetuals: contracts of the base), 24 h, exact decimal at the market\'s quantity scale' })
  baseVolume!: string;
  @ApiProperty({ example: '617283.450000', description: 'Σ trade price x quantity, 24 h, in the quote asset, exact' }) quoteVolume!: string;
  @ApiProperty({ example: '740.740140', description: 'Trading fees charged (maker + taker), 24 h, in the quote asset, exact (liquidation fees go to the insurance fund and are not in it)' })
  fees!: string;
  @ApiProperty({ example: 'USDT', description: 'The asset of quoteVolume and fees' }) quoteAsset!: string;
  @ApiProperty({ example: 37, description: 'Orders open in the book now (NEW, PARTIALLY_FILLED), the liquidity bots\' included' }) openOrders!: number;
  @ApiProperty({ example: 4, description: 'Conditional orders waiting for their trigger now (UNTRIGGERED)' }) untriggeredOrders!: number;
}

class OpenOrdersStatsDto {
  @ApiProperty({ example: 52, description: 'Open orders in every market (NEW, PARTIALLY_FILLED)' }) total!: number;
  @ApiProperty({ example: 6, description: 'Untriggered conditional orders in every market' }) untriggered!: number;
}

class OutboxStatsDto {
  @ApiProperty({ example: 3, description: 'Events committed and not yet relayed (counted up to 100 000)' }) rows!: number;
  @ApiProperty({ example: 12, description: 'Age of the oldest of them in ms; 0 when none' }) ageMs!: number;
}

class PerpetualStatsDto {
  @ApiProperty({ example: 'BTC-PERP' }) symbol!: string;
  @ApiProperty({ example: 'USDT' }) settlementAsset!: string;
  @ApiProperty({ example: '3.5000', description: 'Open interest: Σ of the long positions\' sizes (equal to the shorts\'), exact decimal at the quantity scale' })
  openInterest!: string;
  @ApiProperty({ example: '10250.000000', description: 'The insurance fund\'s balance of the settlement asset (shared by every perpetual settled in it)' })
  insuranceFund!: string;
}

export class AdminStatsDto {
  @ApiProperty({ example: '2026-12-07T10:00:00.000Z', description: 'When the figures were read' }) at!: string;
  @ApiProperty({ example: '2026-12-06T10:00:00.000Z', description: 'Start of the 24 h window: `at` less 24 hours' }) since!: string;
  @ApiProperty({ type: UserStatsDto }) users!: UserStatsDto;
  @ApiProperty({ type: [MarketStatsDto], description: 'Every listed market, by symbol' }) markets!: MarketStatsDto[];
  @ApiProperty({ type: OpenOrdersStatsDto }) openOrders!: OpenOrdersStatsDto;
  @ApiProperty({ type: OutboxStatsDto, description: 'How far the outbox relay is behind (the same on every instance)' }) outbox!: OutboxStatsDto;
  @ApiProperty({ type: [PerpetualStatsDto], description: 'Every perpetual market, by symbol' }) perpetuals!: PerpetualStatsDto[];
}
