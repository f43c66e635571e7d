export { DomainError, isDomainError } from './domain-error';
export { Clock, SystemClock, FixedClock } from './clock';
export { newId, isUuid } from './ids';
