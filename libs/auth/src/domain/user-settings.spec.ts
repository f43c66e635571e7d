import fc from 'fast-check';
import {
  CURRENCIES,
  DEFAULT_SETTINGS,
  LANGUAGES,
  NotificationSettings,
  THEMES,
  UserSettings,
  UserSettingsPatch,
  mergeSettings,
} from './user-settings';

const SETTINGS_KEYS = ['currency', 'language', 'notifications', 'theme'];
const NOTIFICATION_KEYS = ['email', 'orderFills', 'priceAlerts', 'push'];

const current: UserSettings = {
  currency: 'EUR',
  theme: 'dark',
  language: 'de',
  notifications: { email: true, push: true, orderFills: false, priceAlerts: true },
};

function deepFreeze<T extends UserSettings>(settings: T): T {
  Object.freeze(settings.notifications);
  return Object.freeze(settings);
}

/** An optional key that may also be present with the value undefined. */
function maybe<T>(arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> {
  return fc.option(arbitrary, { nil: undefined });
}

const notificationsArb: fc.Arbitrary<NotificationSettings> = fc.record({
  email: fc.boolean(),
  push: fc.boolean(),
  orderFills: fc.boolean(),
  priceAlerts: fc.boolean(),
});

const settingsArb: fc.Arbitrary<UserSettings> = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  theme: fc.constantFrom(...THEMES),
  language: fc.constantFrom(...LANGUAGES),
  notifications: notificationsArb,
});

const patchArb: fc.Arbitrary<UserSettingsPatch> = fc.record(
  {
    currency: maybe(fc.constantFrom(...CURRENCIES)),
    theme: maybe(fc.constantFrom(...THEMES)),
    language: maybe(fc.constantFrom(...LANGUAGES)),
    notifications: maybe(
      fc.record(
        { email: maybe(fc.boolean()), push: maybe(fc.boolean()), orderFills: maybe(fc.boolean()), priceAlerts: maybe(fc.boolean()) },
        { requiredKeys: [] },
      ),
    ),
  },
  { requiredKeys: [] },
);

describe('mergeSettings', () => {
  it('changes only the keys the patch names', () => {
    expect(mergeSettings(current, { theme: 'light' })).toEqual({ ...current, theme: 'light' });
    expect(mergeSettings(current, { currency: 'BTC', language: 'ja' })).toEqual({ ...current, currency: 'BTC', language: 'ja' });
  });

  it('merges nested notifications key by key', () => {
    const merged = mergeSettings(current, { notifications: { push: false } });

    expect(merged.notifications).toEqual({ email: true, push: false, orderFills: false, priceAlerts: true });
    expect(merged.currency).toBe('EUR');
  });

  it('does not let undefined values erase stored ones', () => {
    const patch: UserSettingsPatch = {
      theme: undefined,
      currency: undefined,
      notifications: { email: undefined, orderFills: true },
    };

    const merged = mergeSettings(current, patch);

    expect(merged).toEqual({ ...current, notifications: { ...current.notifications, orderFills: true } });
    expect(merged.notifications).toHaveProperty('email', true);
  });

  it('does not modify the settings it merges into', () => {
    const frozen = deepFreeze({ ...current, notifications: { ...current.notifications } });

    const merged = mergeSettings(frozen, { theme: 'light', notifications: { email: false } });

    expect(merged.theme).toBe('light');
    expect(frozen).toEqual(current);
  });

  it('starts new users from a complete default', () => {
    expect(Object.keys(DEFAULT_SETTINGS).sort()).toEqual(SETTINGS_KEYS);
    expect(Object.keys(DEFAULT_SETTINGS.notifications).sort()).toEqual(NOTIFICATION_KEYS);
  });

  describe('properties', () => {
    it('merging an empty patch is the identity', () => {
      fc.assert(
        fc.property(settingsArb, (settings) => {
          expect(mergeSettings(settings, {})).toEqual(settings);
          expect(mergeSettings(settings, { notifications: {} })).toEqual(settings);
        }),
      );
    });

    it('the result always has every key, each with a defined value', () => {
      fc.assert(
        fc.property(settingsArb, patchArb, (settings, patch) => {
          const merged = mergeSettings(settings, patch);
          expect(Object.keys(merged).sort()).toEqual(SETTINGS_KEYS);
          expect(Object.keys(merged.notifications).sort()).toEqual(NOTIFICATION_KEYS);
          for (const value of [...Object.values(merged), ...Object.values(merged.notifications)]) {
            expect(value).toBeDefined();
          }
        }),
      );
    });

    it('each key takes the patch value when given, else keeps the current one', () => {
      fc.assert(
        fc.property(settingsArb, patchArb, (settings, patch) => {
          const merged = mergeSettings(settings, patch);
          expect(merged.currency).toBe(patch.currency ?? settings.currency);
          expect(merged.theme).toBe(patch.theme ?? settings.theme);
          expect(merged.language).toBe(patch.language ?? settings.language);
          for (const key of NOTIFICATION_KEYS as (keyof NotificationSettings)[]) {
            expect(merged.notifications[key]).toBe(patch.notifications?.[key] ?? settings.notifications[key]);
          }
        }),
      );
    });

    it('applying the same patch twice changes nothing more', () => {
      fc.assert(
        fc.property(settingsArb, patchArb, (settings, patch) => {
          const once = mergeSettings(settings, patch);
          expect(mergeSettings(once, patch)).toEqual(once);
        }),
      );
    });
  });
});
