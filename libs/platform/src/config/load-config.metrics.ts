import { MetricsConfig } from './app-config';
import { EnvReader } from './env-reader';

/**
 * GET /api/metrics (Prometheus text format): `METRICS=off` turns it off
 * (404), `on` serves it; with METRICS_TOKEN set it answers only a request
 * carrying `Authorization: Bearer <token>` (401 otherwise).
 */
export function readMetrics(e: EnvReader): MetricsConfig {
  const token = e.string('METRICS_TOKEN');
  if (token !== undefined && token.length < 16) e.fail('METRICS_TOKEN', 'must be at least 16 characters');
  return { enabled: e.oneOf('METRICS', ['on', 'off'] as const, 'on') === 'on', token: token ?? null };
}
