import { LogConfig, LogFormat, LogLevel, NodeEnv } from './app-config';
import { EnvReader } from './env-reader';

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const LOG_FORMATS: readonly LogFormat[] = ['auto', 'pretty', 'json'];

export function readLog(e: EnvReader, nodeEnv: NodeEnv): LogConfig {
  return {
    level: e.oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'warn' : 'info'),
    format: e.oneOf('LOG_FORMAT', LOG_FORMATS, 'auto'),
  };
}
