import { WalletError, WalletErrorCode } from '@lib/wallet';
import { statusOfDomainError } from './domain-error-status';
import { toProblem } from './problem-details.mapper';

describe('wallet errors over HTTP', () => {
  it.each([
    [WalletErrorCode.INSUFFICIENT_BALANCE, 422],
    [WalletErrorCode.INSUFFICIENT_MARGIN, 422],
  ])('maps %s to %i', (code, status) => {
    expect(statusOfDomainError(new WalletError(code, 'message'))).toBe(status);
  });

  it('INSUFFICIENT_MARGIN is a problem with what is transferable and what was requested', () => {
    const error = new WalletError(WalletErrorCode.INSUFFICIENT_MARGIN, 'Only 250.000000 USDT of the margin account is transferable', {
      asset: 'USDT',
      transferable: '250.000000',
      requested: '250.000001',
    });
    expect(toProblem(error, '/api/v1/wallet/transfers', 'r1').problem).toMatchObject({
      status: 422,
      code: 'INSUFFICIENT_MARGIN',
      type: 'urn:exchange:problem:INSUFFICIENT_MARGIN',
      asset: 'USDT',
      transferable: '250.000000',
      requested: '250.000001',
    });
  });
});
