export const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY', 'CHF', 'CAD', 'AUD', 'USDT', 'BTC'] as const;
export const THEMES = ['light', 'dark', 'system'] as const;
export const LANGUAGES = ['en', 'en-US', 'en-GB', 'de', 'fr', 'es', 'it', 'pt', 'ja', 'ko', 'zh', 'ru', 'tr'] as const;

export type DisplayCurrency = (typeof CURRENCIES)[number];
export type Theme = (typeof THEMES)[number];
export type Language = (typeof LANGUAGES)[number];

export interface NotificationSettings {
  readonly email: boolean;
  readonly push: boolean;
  readonly orderFills: boolean;
  readonly priceAlerts: boolean;
}

export interface UserSettings {
  readonly currency: DisplayCurrency;
  readonly theme: Theme;
  readonly language: Language;
  readonly notifications: NotificationSettings;
}

export type UserSettingsPatch = Partial<Omit<UserSettings, 'notifications'>> & {
  readonly notifications?: Partial<NotificationSettings>;
};

export const DEFAULT_SETTINGS: UserSettings = {
  currency: 'USD',
  theme: 'system',
  language: 'en',
  notifications: { email: true, push: false, orderFills: true, priceAlerts: true },
};

/** A patch changes only the keys it names; nested notifications merge key by key. */
export function mergeSettings(current: UserSettings, patch: UserSettingsPatch): UserSettings {
  return {
    currency: patch.currency ?? current.currency,
    theme: patch.theme ?? current.theme,
    language: patch.language ?? current.language,
    notifications: { ...current.notifications, ...stripUndefined(patch.notifications ?? {}) },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
