/** Environment variables that carry the origin guard's policy into Studio's server process. */
export const GUARD_ENV = {
  hosts: "GLASSBOX_STUDIO_HOSTS",
  origins: "GLASSBOX_STUDIO_ORIGINS",
  /** The project's own `http.app` (`<absolute path>:<export>`), mounted behind the guard. */
  userApp: "GLASSBOX_STUDIO_USER_APP",
} as const;
