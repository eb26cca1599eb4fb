/**
 * Who may talk to the Studio server: requests whose `Host` is the server's own loopback address (a
 * DNS-rebinding page would send its own name), and from browsers only pages of the Studio's own
 * origin. A page the developer happens to have open cannot drive runs or read threads.
 */
// When src/http/origin-guard.ts (the hardening branch's shared guard) is on main, this module becomes
// a thin wrapper over it; the policy is the same.

const LOOPBACK = ["127.0.0.1", "localhost", "[::1]"];

/** The hosts and origins the server at `port` accepts. */
export interface GuardPolicy {
  hosts: string[];
  origins: string[];
}

export function loopbackPolicy(port: number): GuardPolicy {
  const hosts = LOOPBACK.map((name) => `${name}:${port}`);
  return { hosts, origins: hosts.map((host) => `http://${host}`) };
}

/** Undefined when the request may be served, else why not (it gets 403). */
export function refusal(
  headers: { host?: string; origin?: string; "sec-fetch-site"?: string },
  policy: GuardPolicy,
  method = "GET",
): string | undefined {
  const host = headers.host?.toLowerCase();
  if (!host || !policy.hosts.includes(host))
    return `Host ${JSON.stringify(headers.host ?? "")} is not this server's address (expected ${policy.hosts.join(" or ")})`;
  const origin = headers.origin;
  if (origin !== undefined && origin !== "null" && !policy.origins.includes(origin))
    return `Origin ${origin} may not call this server`;
  if (origin === "null") return "an opaque origin may not call this server";
  const site = headers["sec-fetch-site"]?.toLowerCase();
  if (origin === undefined && (site === "cross-site" || site === "same-site"))
    return `a ${site} request may not call this server`;
  // Browsers send Origin on every cross-origin write; a write without it from a browser context is refused too.
  if (
    method !== "GET" &&
    method !== "HEAD" &&
    origin === undefined &&
    site !== undefined &&
    site !== "same-origin"
  )
    return "a write needs the Studio's own Origin";
  return undefined;
}
