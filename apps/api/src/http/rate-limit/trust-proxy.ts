import { TrustProxy } from '@lib/platform';

type FastifyTrustProxy = boolean | string[] | ((address: string, hop: number) => boolean);

/**
 * TRUST_PROXY as Fastify's `trustProxy`. Fastify 5.12 refuses a bare hop count (it cannot check
 * the nearest peer), so hops become a function trusting that many nearest peers: right only when
 * the app can be reached through the proxies alone (README, configuration). A list of addresses
 * checks each peer.
 */
export function fastifyTrustProxy(trust: TrustProxy): FastifyTrustProxy {
  if (trust === false) return false;
  if ('hops' in trust) {
    const { hops } = trust;
    return (_address, hop) => hop < hops;
  }
  return [...trust.addresses];
}
