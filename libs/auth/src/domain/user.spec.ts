import { AuthErrorCode } from './auth.error';
import { AccountStatus, Role } from './role';
import { NAME_MAX_LENGTH, User } from './user';
import { DEFAULT_SETTINGS } from './user-settings';
import { authErrorCodeOf } from './testing/auth-error-code-of';

const NOW = new Date('2030-01-01T00:00:00.000Z');
const LATER = new Date('2030-01-02T12:00:00.000Z');

function register(name = 'Alice Martin', role?: Role): User {
  return User.register({ id: 'user-1', email: 'alice@example.com', name, passwordHash: 'hash-1', role, now: NOW });
}

describe('User', () => {
  describe('register', () => {
    it('creates an active user with default role and settings', () => {
      const user = register();

      expect(user.role).toBe(Role.USER);
      expect(user.status).toBe(AccountStatus.ACTIVE);
      expect(user.statusReason).toBeNull();
      expect(user.isSuspended).toBe(false);
      expect(user.settings).toEqual(DEFAULT_SETTINGS);
      expect(user.createdAt).toEqual(NOW);
      expect(user.updatedAt).toEqual(NOW);
    });

    it('keeps an explicit role', () => {
      expect(register('Root', Role.ADMIN).role).toBe(Role.ADMIN);
    });

    it('trims the name and collapses inner whitespace', () => {
      expect(register('  Alice \t  Martin\n ').name).toBe('Alice Martin');
    });

    it.each([
      ['empty', ''],
      ['only whitespace', ' \t\n '],
      ['too long', 'a'.repeat(NAME_MAX_LENGTH + 1)],
    ])('rejects an %s name with INVALID_NAME', (_label, name) => {
      expect(authErrorCodeOf(() => register(name))).toBe(AuthErrorCode.INVALID_NAME);
    });

    it(`accepts a name of exactly ${NAME_MAX_LENGTH} characters`, () => {
      expect(register('a'.repeat(NAME_MAX_LENGTH)).name).toHaveLength(NAME_MAX_LENGTH);
    });

    it('measures the length after whitespace is collapsed', () => {
      expect(register(`a${' '.repeat(NAME_MAX_LENGTH * 2)}b`).name).toBe('a b');
    });
  });

  describe('status', () => {
    it('assertActive passes for an active user', () => {
      expect(() => register().assertActive()).not.toThrow();
    });

    it('assertActive throws ACCOUNT_SUSPENDED once the user is suspended', () => {
      const user = register();
      user.setStatus(AccountStatus.SUSPENDED, 'chargeback', LATER);

      expect(user.isSuspended).toBe(true);
      expect(user.statusReason).toBe('chargeback');
      expect(user.updatedAt).toEqual(LATER);
      expect(authErrorCodeOf(() => user.assertActive())).toBe(AuthErrorCode.ACCOUNT_SUSPENDED);
    });

    it('setStatus ACTIVE clears the reason, even when one is given', () => {
      const user = register();
      user.setStatus(AccountStatus.SUSPENDED, 'chargeback', NOW);

      user.setStatus(AccountStatus.ACTIVE, 'ignored', LATER);

      expect(user.status).toBe(AccountStatus.ACTIVE);
      expect(user.statusReason).toBeNull();
      expect(() => user.assertActive()).not.toThrow();
    });
  });

  describe('updateProfile', () => {
    it('cleans the new name and merges settings', () => {
      const user = register();

      user.updateProfile({ name: '  Alice   M. ', settings: { theme: 'dark', notifications: { push: true } } }, LATER);

      expect(user.name).toBe('Alice M.');
      expect(user.settings).toEqual({ ...DEFAULT_SETTINGS, theme: 'dark', notifications: { ...DEFAULT_SETTINGS.notifications, push: true } });
      expect(user.updatedAt).toEqual(LATER);
      expect(user.createdAt).toEqual(NOW);
    });

    it('changes nothing when the new name is invalid', () => {
      const user = register();

      expect(authErrorCodeOf(() => user.updateProfile({ name: '   ', settings: { theme: 'dark' } }, LATER))).toBe(
        AuthErrorCode.INVALID_NAME,
      );
      expect(user.name).toBe('Alice Martin');
      expect(user.settings).toEqual(DEFAULT_SETTINGS);
      expect(user.updatedAt).toEqual(NOW);
    });
  });

  it('restore keeps its own copy of the props', () => {
    const props = { ...register().toProps() };
    const user = User.restore(props);

    props.name = 'Mallory';

    expect(user.name).toBe('Alice Martin');
  });
});
