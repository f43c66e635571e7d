// The public face of the positions context (issue 14): the position arithmetic and margin, the
// repository port the order write path writes through, and (next) the module and its queries.
export * from './domain';
export * from './application/ports';
