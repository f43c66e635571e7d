import { ClientConfig } from 'pg';
import { DataSource } from 'typeorm';

/** A node-postgres config for a connection of its own to the DataSource's database (outside the pool). */
export function pgClientConfigOf(dataSource: DataSource): ClientConfig {
  const options = dataSource.options as {
    url?: string;
    host?: string;
    port?: number;
    username?: string;
    password?: unknown;
    database?: string;
    ssl?: ClientConfig['ssl'];
  };
  const config: ClientConfig = { connectionTimeoutMillis: 5000 };
  if (options.url) config.connectionString = options.url;
  if (options.host) config.host = options.host;
  if (options.port) config.port = options.port;
  if (options.username) config.user = options.username;
  if (typeof options.password === 'string') config.password = options.password;
  if (options.database) config.database = options.database;
  if (options.ssl !== undefined) config.ssl = options.ssl;
  return config;
}
