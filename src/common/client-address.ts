import proxyAddr from '@fastify/proxy-addr';
import type { IncomingMessage } from 'node:http';

/** Whether the hop at `index` (0: the socket's peer) with this address is a proxy we run. */
export type TrustProxy = (address: string, index: number) => boolean;

/**
 * TRUST_PROXY as a trust function: a number trusts that many hops nearest the server (only
 * safe when nothing else can reach the pod), a list trusts those addresses and ranges. Fastify
 * and the request log both use it, so they agree on who the client is.
 */
export function trustProxy(setting: number | string[]): TrustProxy {
  if (typeof setting === 'number') return (_address, index) => index < setting;
  return proxyAddr.compile(setting);
}

/** The client's address: the socket's peer, or the nearest untrusted X-Forwarded-For entry. */
export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  return proxyAddr(req, trust);
}
