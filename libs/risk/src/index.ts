// The risk context (issue 15, started): the pure arithmetic of the mark price and of funding.
// The module (premium sampling, funding settlement, margin monitoring, liquidation) comes next.
export * from './domain';
