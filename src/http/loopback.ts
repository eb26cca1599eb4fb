/** The names a server on loopback is reached by (IPv6 in brackets, as in a URL or a `Host` header). */
export const LOOPBACK_NAMES: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

/**
 * Whether a host name or address is this machine's loopback: `localhost`, `127.0.0.0/8` or `::1`
 * (bare or in brackets). Servers that bind it need no credentials; anything else is reachable from
 * the network.
 */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[(.*)\]$/, "$1");
  return name === "localhost" || name === "::1" || /^127(\.\d{1,3}){3}$/.test(name);
}

/** A host as it is written in a URL or a `Host` header: an IPv6 address goes in brackets. */
export function hostForUrl(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
