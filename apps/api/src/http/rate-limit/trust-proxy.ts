import proxyaddr from '@fastify/proxy-addr';
import { IncomingMessage } from 'node:http';
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

/**
 * The client address of a request Fastify did not parse (a Socket.IO handshake), by the same rule
 * as HTTP: the TCP peer, or the nearest X-Forwarded-For entry not added by a trusted proxy.
 */
export function clientAddress(peer: string, forwardedFor: string | string[] | undefined, trust: TrustProxy): string {
  if (trust === false) return peer;
  const fastifyTrust = fastifyTrustProxy(trust);
  const check = Array.isArray(fastifyTrust) ? proxyaddr.compile(fastifyTrust) : (fastifyTrust as (address: string, hop: number) => boolean);
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor;
  const request = { socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: header ? { 'x-forwarded-for': header } : {} };
  return proxyaddr(request as unknown as IncomingMessage, check);
}
