// The public face of the positions context (issue 14): the position arithmetic and margin, the
// repository port the order write path writes through, its integration event.
export * from './domain';
export * from './application/ports';
export * from './application/events';
