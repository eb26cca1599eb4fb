/**
 * @module
 * HTTP plumbing shared by Glassbox's servers: the origin and Host guard of servers on the developer's
 * machine (Studio's dev server, `glassbox serve`).
 */
export {
  checkRequest,
  type GuardedRequest,
  type GuardVerdict,
  guardedRequest,
  localOriginPolicy,
  loopbackHosts,
  type OriginPolicy,
  originOf,
  originPattern,
} from "./origin-guard.ts";
