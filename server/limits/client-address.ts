import type { IncomingMessage } from "node:http";
import proxyAddr from "proxy-addr";

/** TRUST_PROXY as proxy-addr takes it: a comma-separated list. */
function trustList(trust: string): string[] {
  return trust
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
}

export function isTrustList(trust: string): boolean {
  try {
    proxyAddr.compile(trustList(trust));
    return true;
  } catch {
    return false;
  }
}

/**
 * The client's address as limits see it: the TCP peer, unless the peer is one of the trusted
 * proxies (TRUST_PROXY), whose X-Forwarded-For is then believed up to the first untrusted hop.
 * Without TRUST_PROXY a client cannot choose its address by sending the header.
 */
export function clientAddressOf(trust: string | undefined): (req: IncomingMessage) => string {
  if (!trust) return (req) => req.socket.remoteAddress ?? "";
  const trusted = proxyAddr.compile(trustList(trust));
  return (req) => proxyAddr(req, trusted);
}
