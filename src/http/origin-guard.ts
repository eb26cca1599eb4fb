/**
 * Who may talk to a Glassbox HTTP server (Studio's dev server, `glassbox serve`): requests whose `Host`
 * is one of the server's own names (a DNS-rebinding page has another name in `Host`), and, from
 * browsers, only pages on an allowed origin or the server's own. A web page the developer happens to
 * have open cannot drive the server, or read its answers, with their credentials.
 */

/** The hosts and origins a server accepts. */
export interface OriginPolicy {
  /**
   * `Host` header values accepted, lower case: `name:port` (`127.0.0.1:2025`) or a bare name
   * (`localhost`, any port); `"any"` for a server behind a load balancer that answers to any name.
   */
  hosts: string[] | "any";
  /** `Origin` header values accepted, exactly (`https://smith.langchain.com`). */
  origins: string[];
}

/** What the guard reads from one request. */
export interface GuardedRequest {
  host?: string;
  origin?: string;
  /** `Sec-Fetch-Site`, which browsers send on every request, with or without `Origin`. */
  secFetchSite?: string;
}

/** A listed origin comes back as `origin`, to answer with CORS headers; the server's own needs none. */
export type GuardVerdict =
  | { allowed: true; origin?: string }
  | { allowed: false; status: 403; refused: "host" | "origin"; reason: string };

const LOOPBACK_NAMES = ["127.0.0.1", "localhost", "[::1]"];

/** The loopback names, for a server that answers to them on any port. */
export function loopbackHosts(): string[] {
  return [...LOOPBACK_NAMES, "::1"];
}

/**
 * The policy of a server listening on `port` at `host` (default loopback): its loopback names as hosts,
 * their `http://` origins, and `allowOrigins` (Studio's page) besides. A non-loopback `host` the server
 * was told to bind to is accepted as well.
 *
 * @example
 * const policy = localOriginPolicy({ port: 2025, allowOrigins: ["https://smith.langchain.com"] });
 * checkRequest({ host: "127.0.0.1:2025", origin: "http://evil.example" }, policy); // refused
 */
export function localOriginPolicy(options: {
  port: number;
  host?: string;
  allowOrigins?: readonly string[];
}): OriginPolicy & { hosts: string[] } {
  const bound = options.host ? formatHost(options.host) : undefined;
  const names = [...new Set([...LOOPBACK_NAMES, ...(bound ? [bound] : [])])];
  const hosts = names.map((name) => `${name}:${options.port}`.toLowerCase());
  return {
    hosts,
    origins: [
      ...new Set([...hosts.map((host) => `http://${host}`), ...(options.allowOrigins ?? []).map(originOf)]),
    ],
  };
}

/** The origin (`scheme://host[:port]`) of a URL, e.g. the Studio page's. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

/** Whether a request may be served, and why not. */
export function checkRequest(request: GuardedRequest, policy: OriginPolicy): GuardVerdict {
  const host = request.host?.toLowerCase() ?? "";
  const name = host.replace(/:\d+$/, "");
  if (policy.hosts !== "any" && !(host && (policy.hosts.includes(host) || policy.hosts.includes(name))))
    return refuse(
      "host",
      `Host ${JSON.stringify(request.host ?? "")} is not this server's address (expected ${policy.hosts.join(" or ")})`,
    );
  if (request.origin !== undefined) {
    if (policy.origins.includes(request.origin)) return { allowed: true, origin: request.origin };
    if (sameOrigin(request.origin, host)) return { allowed: true };
    return refuse(
      "origin",
      `Origin ${request.origin} may not call this server (allowed: ${policy.origins.join(", ") || "none"})`,
    );
  }
  // A browser request without Origin (an image, a link, a form GET) from another site.
  const site = request.secFetchSite?.toLowerCase();
  if (site === "cross-site" || site === "same-site")
    return refuse("origin", `a ${site} browser request without an allowed Origin may not call this server`);
  return { allowed: true };
}

/** The {@link GuardedRequest} of a request, from a header getter (Fetch `Headers#get`, Node's headers). */
export function guardedRequest(header: (name: string) => string | null | undefined): GuardedRequest {
  const read = (name: string) => header(name) ?? undefined;
  const host = read("host");
  const origin = read("origin");
  const secFetchSite = read("sec-fetch-site");
  return {
    ...(host !== undefined ? { host } : {}),
    ...(origin !== undefined ? { origin } : {}),
    ...(secFetchSite !== undefined ? { secFetchSite } : {}),
  };
}

/** A regular expression matching exactly the policy's origins (for CORS middleware that takes one). */
export function originPattern(policy: OriginPolicy): string {
  const literal = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  return `^(?:${policy.origins.map(literal).join("|")})$`;
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    return host !== "" && new URL(origin).host.toLowerCase() === host;
  } catch {
    return false;
  }
}

function refuse(refused: "host" | "origin", reason: string): GuardVerdict {
  return { allowed: false, status: 403, refused, reason };
}

function formatHost(host: string): string {
  return host.includes(":") && !host.startsWith("[") ? `[${host}]` : host;
}
