import { AppConfig } from '@lib/platform';
import { LoginAttemptKeys } from '../../application/ports';

export interface WindowKey {
  readonly key: string;
  readonly limit: number;
}

/** The two counters a login attempt touches, with their limits. */
export function windowKeys(config: AppConfig, keys: LoginAttemptKeys): { account: WindowKey; ip: WindowKey } {
  return {
    account: { key: `login-fail:account:${keys.account}`, limit: config.auth.maxFailuresPerAccount },
    ip: { key: `login-fail:ip:${keys.ip}`, limit: config.auth.maxFailuresPerIp },
  };
}
