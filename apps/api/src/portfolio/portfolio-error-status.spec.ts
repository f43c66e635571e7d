import { PortfolioError, PortfolioErrorCode } from '@lib/portfolio';
import { statusOfDomainError } from '../http/domain-error-status';
import { toProblem } from '../http/problem-details.mapper';

describe('portfolio errors over HTTP', () => {
  it.each([
    [PortfolioErrorCode.INVALID_TIME_RANGE, 400],
    [PortfolioErrorCode.TOO_MANY_POINTS, 400],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfDomainError(new PortfolioError(code, 'message'))).toBe(status);
  });

  it('is a problem with the code and the details', () => {
    const mapped = toProblem(new PortfolioError(PortfolioErrorCode.TOO_MANY_POINTS, 'too many', { maxPoints: 1000 }), '/api/v1/portfolio/performance', 'r1');
    expect(mapped.problem).toMatchObject({ status: 400, code: 'TOO_MANY_POINTS', maxPoints: 1000, type: 'urn:exchange:problem:TOO_MANY_POINTS' });
  });
});
