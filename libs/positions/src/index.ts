// The public face of the positions context (issue 14): for now its pure domain, the position
// arithmetic and the margin tiers; the module, persistence and API come next.
export * from './domain';
