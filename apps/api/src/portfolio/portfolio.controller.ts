import { Controller, Get, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Principal } from '@lib/auth';
import { DEFAULT_RISK_WINDOW_DAYS, GetPortfolioPerformanceQuery, GetPortfolioQuery, GetPortfolioRiskQuery, GetPortfolioSummaryQuery } from '@lib/portfolio';
import type { PerformanceView, PortfolioSummaryView, PortfolioView, RiskView } from '@lib/portfolio';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiProblems } from '../http/api-problems.decorator';
import { parseTime } from '../http/parse-time';
import { PerformanceQueryDto } from './portfolio-requests.dto';
import { PerformanceDto, PortfolioDto, PortfolioSummaryDto } from './portfolio-responses.dto';
import { PortfolioRiskDto, RiskQueryDto } from './portfolio-risk.dto';

/** Always the caller's own portfolio: there is no user id in any route. */
@ApiTags('portfolio')
@ApiBearerAuth('bearer')
@ApiProblems({ 401: ['UNAUTHENTICATED', 'TOKEN_EXPIRED', 'SESSION_REVOKED'], 403: ['ACCOUNT_SUSPENDED'] })
@Controller({ path: 'portfolio', version: '1' })
export class PortfolioController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @ApiOperation({
    summary: 'Holdings of the SPOT and MARGIN accounts valued at mark, with cost basis and PnL',
    description:
      'Valued in USDT (USD taken 1:1) at the mark of each asset\'s <ASSET>-USDT (else <ASSET>-USD) spot market, rounded down to 6 decimals; the mark used is in `price`. Cost basis is the average cost of the fills, fees included.',
  })
  @ApiOkResponse({ type: PortfolioDto })
  portfolio(@CurrentUser() user: Principal): Promise<PortfolioView> {
    return this.queries.execute(new GetPortfolioQuery(user.userId));
  }

  @Get('summary')
  @ApiOperation({ summary: 'Equity, cost, unrealized and realized PnL, and counts (assets held, open orders, fills)' })
  @ApiOkResponse({ type: PortfolioSummaryDto })
  summary(@CurrentUser() user: Principal): Promise<PortfolioSummaryView> {
    return this.queries.execute(new GetPortfolioSummaryQuery(user.userId));
  }

  @Get('performance')
  @ApiOperation({
    summary: 'Equity over time',
    description: 'The last stored snapshot of each interval in [from, to] (snapshots every PORTFOLIO_SNAPSHOT_INTERVAL_MS), then the current equity when `to` is now or later. At most 1000 intervals.',
  })
  @ApiOkResponse({ type: PerformanceDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED', 'INVALID_TIME_RANGE', 'TOO_MANY_POINTS'] })
  performance(@CurrentUser() user: Principal, @Query() query: PerformanceQueryDto): Promise<PerformanceView> {
    return this.queries.execute(new GetPortfolioPerformanceQuery(user.userId, query.interval ?? '1h', parseTime('from', query.from), parseTime('to', query.to)));
  }

  @Get('risk')
  @ApiOperation({
    summary: 'Risk of the current portfolio by historical simulation: VaR, expected shortfall, volatility, Sharpe, Sortino, drawdown, beta to BTC, exposure',
    description:
      'Today\'s exposures (spot holdings at the mark, perpetual positions signed) replayed over the daily closes of the last `window` complete UTC days (docs/analytics.md, "Portfolio risk"): a day\'s P&L is Σ quantity × Δclose, exact; returns are P&L / current equity. ' +
      'Money in USDT with 6 decimals (historical figures exact, losses rounded up; parametric ones float64 rounded half to even), statistics with 8 decimals. ' +
      'Fewer than 20 daily returns, or no positive equity: `insufficientHistory` with the reason and no figures. `syntheticHistory` names the markets whose history is the seeded synthetic walk.',
  })
  @ApiOkResponse({ type: PortfolioRiskDto })
  @ApiProblems({ 400: ['VALIDATION_FAILED'] })
  risk(@CurrentUser() user: Principal, @Query() query: RiskQueryDto): Promise<RiskView> {
    return this.queries.execute(new GetPortfolioRiskQuery(user.userId, query.window ?? DEFAULT_RISK_WINDOW_DAYS));
  }
}
