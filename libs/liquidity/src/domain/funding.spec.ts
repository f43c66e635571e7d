import { MAKER_FUNDING, fundingReference, topUpAmount } from './funding';

describe('topUpAmount', () => {
  it('funds an empty account to 10x its need', () => {
    expect(topUpAmount(0n, 5_002_428_932n, MAKER_FUNDING)).toBe(50_024_289_320n);
  });

  it('does nothing while the account holds at least 3x its need', () => {
    expect(topUpAmount(300n, 100n, MAKER_FUNDING)).toBe(0n);
    expect(topUpAmount(5_000n, 100n, MAKER_FUNDING)).toBe(0n);
  });

  it('tops a drained account back up to 10x', () => {
    expect(topUpAmount(299n, 100n, MAKER_FUNDING)).toBe(701n);
  });

  it('needs nothing for nothing', () => {
    expect(topUpAmount(0n, 0n, MAKER_FUNDING)).toBe(0n);
  });
});

describe('fundingReference', () => {
  it('is stable per role, asset, UTC day and top-up number', () => {
    expect(fundingReference('market-maker', 'USDT', new Date('2025-03-04T23:59:59.999Z'), 0)).toBe('liquidity:market-maker:fund:USDT:2025-03-04:0');
    expect(fundingReference('market-maker', 'USDT', new Date('2025-03-04T23:59:59.999Z'), 2, true)).toBe('liquidity:market-maker:fund-margin:USDT:2025-03-04:2');
  });
});
