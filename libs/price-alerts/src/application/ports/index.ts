export * from './price-alert.repository.port';
