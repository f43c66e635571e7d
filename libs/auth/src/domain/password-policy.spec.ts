import { AuthError, AuthErrorCode } from './auth.error';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, assertPasswordPolicy } from './password-policy';

const EMAIL = 'alice.martin@example.com';

/** The AuthError that `fn` throws, or undefined when it does not throw. */
function authErrorOf(fn: () => unknown): AuthError | undefined {
  try {
    fn();
  } catch (error) {
    if (error instanceof AuthError) return error;
    throw error;
  }
  return undefined;
}

function weakness(password: string, email = EMAIL): string | undefined {
  const error = authErrorOf(() => assertPasswordPolicy(password, email));
  if (error) expect(error.code).toBe(AuthErrorCode.WEAK_PASSWORD);
  return error?.message;
}

/** `length` code points, alternating two astral characters (each two UTF-16 units). */
function astral(length: number): string {
  return Array.from({ length }, (_, i) => (i % 2 === 0 ? '🦊' : '🐙')).join('');
}

describe('assertPasswordPolicy', () => {
  it('accepts a good passphrase', () => {
    expect(weakness('correct horse battery staple')).toBeUndefined();
  });

  it(`requires at least ${PASSWORD_MIN_LENGTH} characters`, () => {
    expect(PASSWORD_MIN_LENGTH).toBe(10);
    expect(weakness('tangerin9')).toContain('at least 10');
    expect(weakness('tangerine9')).toBeUndefined();
  });

  it(`allows at most ${PASSWORD_MAX_LENGTH} characters`, () => {
    expect(PASSWORD_MAX_LENGTH).toBe(128);
    const base = 'correct horse battery staple ';
    const exact = base.repeat(5).slice(0, 128);
    expect(weakness(exact)).toBeUndefined();
    expect(weakness(`${exact}x`)).toContain('at most 128');
  });

  it('counts code points, not UTF-16 units', () => {
    // 9 code points are 18 UTF-16 units: still too short.
    expect(weakness(astral(9))).toContain('at least');
    expect(weakness(astral(10))).toBeUndefined();
    // 128 code points are 256 UTF-16 units: still allowed.
    expect(weakness(astral(128))).toBeUndefined();
    expect(weakness(astral(129))).toContain('at most');
  });

  it.each(['password123', 'PassWord123', 'qwertyuiop', '1234567890', 'Administrator'])(
    'rejects the common password %s, whatever its case',
    (password) => {
      expect(weakness(password)).toBe('Password is too common');
    },
  );

  it.each(['zzzzzzzzzzzz', 'ZzZzZzZzZzZz', '7777777777'])('rejects the single repeated character %s', (password) => {
    expect(weakness(password)).toBe('Password must not repeat a single character');
  });

  it('rejects a password containing the local part of the email, whatever its case', () => {
    expect(weakness('my-alice.martin-pass')).toBe('Password must not contain the email');
    expect(weakness('ALICE.MARTIN-2024!')).toBe('Password must not contain the email');
  });

  it('rejects the email itself even when its local part is short', () => {
    expect(weakness('ab@example.com', 'ab@example.com')).toBe('Password must not contain the email');
  });

  it('does not block a password merely containing a local part shorter than 4 characters', () => {
    expect(weakness('bobcat jumps over the fence', 'bob@example.com')).toBeUndefined();
  });
});
