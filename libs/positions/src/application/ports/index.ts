export * from './position.repository';
