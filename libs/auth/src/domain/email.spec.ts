import { AuthError, AuthErrorCode } from './auth.error';
import { normalizeEmail } from './email';
import { authErrorCodeOf } from './testing/auth-error-code-of';

describe('normalizeEmail', () => {
  it('trims and lower-cases, so differently typed addresses are one account', () => {
    expect(normalizeEmail('  Alice.Martin@Example.COM \n')).toBe('alice.martin@example.com');
    expect(normalizeEmail('alice.martin@example.com')).toBe(normalizeEmail('ALICE.MARTIN@EXAMPLE.COM'));
  });

  it('keeps plus-addressing and subdomains', () => {
    expect(normalizeEmail('Bob+Trading@Mail.Example.co.uk')).toBe('bob+trading@mail.example.co.uk');
  });

  it.each([
    ['empty', ''],
    ['only spaces', '   '],
    ['no @', 'alice.example.com'],
    ['no local part', '@example.com'],
    ['no domain dot', 'alice@localhost'],
    ['one-letter top-level domain', 'alice@example.c'],
    ['two @', 'alice@bob@example.com'],
    ['inner space', 'alice martin@example.com'],
    ['local part over 64 characters', `${'a'.repeat(65)}@example.com`],
    ['over 254 characters', `alice@${'d'.repeat(250)}.com`],
  ])('rejects %s with INVALID_EMAIL', (_label, raw) => {
    expect(authErrorCodeOf(() => normalizeEmail(raw))).toBe(AuthErrorCode.INVALID_EMAIL);
  });

  it('accepts a local part of exactly 64 characters', () => {
    const local = 'a'.repeat(64);
    expect(normalizeEmail(`${local}@example.com`)).toBe(`${local}@example.com`);
  });

  it('throws an AuthError whose message does not echo the input', () => {
    try {
      normalizeEmail('not an email');
      throw new Error('expected normalizeEmail to throw');
    } catch (error) {
      expect(error).toBeInstanceOf(AuthError);
      expect((error as AuthError).context).toBe('auth');
      expect((error as AuthError).message).not.toContain('not an email');
    }
  });
});
