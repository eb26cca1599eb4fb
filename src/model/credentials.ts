import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

/** Where AWS credentials would come from, if anywhere. */
export interface CredentialHint {
  found: boolean;
  /** e.g. `environment`, `profile "dev"`, `web identity`, `container`, `EC2 instance`. */
  source?: string;
}

type Env = Record<string, string | undefined>;

/** The region the environment names, as the AWS SDKs read it: `AWS_REGION`, else `AWS_DEFAULT_REGION`. */
export function regionFromEnv(env: Env = process.env): string | undefined {
  return env.AWS_REGION || env.AWS_DEFAULT_REGION || undefined;
}

/**
 * Tells whether the default AWS credential chain has anything to find, by looking only at the
 * environment and local files. It never sends a request: on a machine that is not an EC2 instance the
 * instance-metadata endpoint is not probed, so offline machines stay offline.
 */
export function detectAwsCredentials(env: Env = process.env, readFile = safeRead): CredentialHint {
  if (env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY) return { found: true, source: "environment" };
  if (env.AWS_BEARER_TOKEN_BEDROCK) return { found: true, source: "Bedrock API key" };
  if (env.AWS_WEB_IDENTITY_TOKEN_FILE && env.AWS_ROLE_ARN) return { found: true, source: "web identity" };
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    return { found: true, source: "container" };
  }
  const profile = env.AWS_PROFILE ?? env.AWS_DEFAULT_PROFILE ?? "default";
  const { credentialsFile, configFile } = awsFiles(env);
  if (profileHasCredentials(readFile(credentialsFile), profile, false)) {
    return { found: true, source: `profile "${profile}"` };
  }
  if (profileHasCredentials(readFile(configFile), profile, true))
    return { found: true, source: `profile "${profile}"` };
  if (env.AWS_EC2_METADATA_DISABLED !== "true" && looksLikeEc2(readFile))
    return { found: true, source: "EC2 instance" };
  return { found: false };
}

/**
 * Whether a named profile is defined in the shared credentials or config file (`[name]` or
 * `[profile name]`), so an explicit `--profile` that does not exist can be an error instead of a
 * silent fall-back.
 */
export function profileExists(profile: string, env: Env = process.env, readFile = safeRead): boolean {
  const { credentialsFile, configFile } = awsFiles(env);
  const header = (text: string | undefined, isConfigFile: boolean) =>
    (text ?? "").split(/\r?\n/).some((raw) => {
      const name = /^\[(.+)\]$/.exec(raw.trim())?.[1]?.trim();
      if (!name) return false;
      if (isConfigFile)
        return profile === "default"
          ? name === "default" || name === "profile default"
          : name === `profile ${profile}`;
      return name === profile;
    });
  return header(readFile(credentialsFile), false) || header(readFile(configFile), true);
}

function awsFiles(env: Env): { credentialsFile: string; configFile: string } {
  const home = env.HOME ?? homedir();
  return {
    credentialsFile: env.AWS_SHARED_CREDENTIALS_FILE ?? join(home, ".aws", "credentials"),
    configFile: env.AWS_CONFIG_FILE ?? join(home, ".aws", "config"),
  };
}

const CREDENTIAL_KEYS = [
  "aws_access_key_id",
  "role_arn",
  "credential_process",
  "sso_session",
  "sso_start_url",
  "login_session",
];

function profileHasCredentials(text: string | undefined, profile: string, isConfigFile: boolean): boolean {
  if (!text) return false;
  const headers =
    isConfigFile && profile !== "default" ? [`profile ${profile}`] : [profile, `profile ${profile}`];
  let inProfile = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      inProfile = headers.includes((header[1] ?? "").trim());
      continue;
    }
    if (inProfile && CREDENTIAL_KEYS.some((key) => line.startsWith(key))) return true;
  }
  return false;
}

/** EC2 instances say so in their DMI data; reading it is local and instant. */
function looksLikeEc2(readFile: (path: string) => string | undefined): boolean {
  const vendor = readFile("/sys/devices/virtual/dmi/id/sys_vendor")?.trim();
  const assetTag = readFile("/sys/devices/virtual/dmi/id/board_asset_tag")?.trim();
  return vendor === "Amazon EC2" || (assetTag?.startsWith("i-") ?? false);
}

function safeRead(path: string): string | undefined {
  try {
    return existsSync(path) ? readFileSync(path, "utf8") : undefined;
  } catch {
    return undefined;
  }
}
