export * from './cost-basis.repository.port';
export * from './equity-snapshot.repository.port';
export * from './holder.repository.port';
