/**
 * @module
 * HTTP plumbing shared by Glassbox's servers (Studio's dev server, `glassbox serve`, `glassbox mcp
 * serve --http`): the origin and Host guard of servers on the developer's machine, and what counts as
 * loopback.
 */
export { hostForUrl, isLoopbackHost, LOOPBACK_NAMES } from "./loopback.ts";
export {
  checkRequest,
  type GuardedRequest,
  type GuardVerdict,
  guardedRequest,
  localOriginPolicy,
  loopbackHosts,
  type NodeHeaders,
  type OriginPolicy,
  originOf,
  originPattern,
} from "./origin-guard.ts";
