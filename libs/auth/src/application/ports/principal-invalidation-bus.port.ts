/** One session, every credential of one user (sessions and API keys), or one API key. */
export type PrincipalInvalidation = { readonly sessionId: string } | { readonly userId: string } | { readonly apiKeyId: string };

/**
 * Carries principal-cache invalidations to the other instances (best effort:
 * a lost message costs at most the cache TTL). Without Redis there is no bus.
 */
export abstract class PrincipalInvalidationBus {
  /** Tells the other instances; never throws. */
  abstract publish(invalidation: PrincipalInvalidation): void;
  /** Called for each invalidation another instance published. */
  abstract listen(listener: (invalidation: PrincipalInvalidation) => void): void;
}

export class NoPrincipalInvalidationBus extends PrincipalInvalidationBus {
  publish(): void {}
  listen(): void {}
}
