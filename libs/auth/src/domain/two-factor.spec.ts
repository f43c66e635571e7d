import { RECOVERY_CODE_COUNT, hashRecoveryCode, isFreshStep, isTotpCode, newRecoveryCodes, normalizeRecoveryCode, timeStepOf } from './two-factor';

describe('two-factor domain', () => {
  it('accepts six digits only', () => {
    expect(isTotpCode('012345')).toBe(true);
    for (const bad of ['12345', '1234567', '12345a', ' 123456', '']) expect(isTotpCode(bad)).toBe(false);
  });

  it('numbers 30-second steps from the epoch (RFC 6238 T0 = 0)', () => {
    expect(timeStepOf(0)).toBe(0);
    expect(timeStepOf(29_999)).toBe(0);
    expect(timeStepOf(30_000)).toBe(1);
    // RFC 6238 appendix B: T = 59 s is step 1, T = 1111111109 s is step 0x023523EC.
    expect(timeStepOf(59_000)).toBe(1);
    expect(timeStepOf(1_111_111_109_000)).toBe(0x023523ec);
  });

  it('accepts a step once: only steps after the last accepted one', () => {
    expect(isFreshStep(100, null)).toBe(true);
    expect(isFreshStep(101, 100)).toBe(true);
    expect(isFreshStep(100, 100)).toBe(false);
    expect(isFreshStep(99, 100)).toBe(false);
  });

  it('draws ten distinct recovery codes in a readable form', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    for (const code of codes) expect(code).toMatch(/^[a-hjkmnp-z2-9]{5}-[a-hjkmnp-z2-9]{5}$/);
  });

  it('hashes a recovery code whatever its case, spaces and dashes', () => {
    expect(normalizeRecoveryCode(' K7M2P-X9QAZ ')).toBe('k7m2px9qaz');
    expect(hashRecoveryCode('K7M2P X9QAZ')).toBe(hashRecoveryCode('k7m2p-x9qaz'));
    expect(hashRecoveryCode('k7m2p-x9qaz')).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRecoveryCode('k7m2p-x9qaz')).not.toBe(hashRecoveryCode('k7m2p-x9qab'));
  });
});
