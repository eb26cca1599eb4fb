import { resolve } from "node:path";
import { detectAwsCredentials, profileExists } from "../model/credentials.ts";
import { UsageError } from "./errors.ts";

/** What the `--record` / `--replay` flags asked for. */
export interface CassetteFlags {
  record?: string | undefined;
  replay?: string | undefined;
  upstream?: string | undefined;
  region?: string | undefined;
  profile?: string | undefined;
  timing?: string | undefined;
  port?: number | undefined;
  host?: string | undefined;
}

/** A recording proxy or replay server the CLI started, as an endpoint for the SDK. */
export interface CassetteEndpoint {
  url: string;
  /** How the endpoint is named in eval manifests and cache keys (its port changes every run). */
  label: string;
  /** Lines describing what listens and where it goes. */
  banner: string[];
  /** One line after the run: exchanges recorded, or requests replayed and missed. */
  summary(): string;
  close(): Promise<void>;
}

/**
 * Starts what `--record <dir> --upstream <bedrock|url>` or `--replay <dir>` asks for, after checking the
 * flags belong together; undefined when neither was given. Loaded only when asked for.
 */
export async function startCassetteEndpoint(
  flags: CassetteFlags,
  env: Record<string, string | undefined>,
): Promise<CassetteEndpoint | undefined> {
  if (flags.record !== undefined && flags.replay !== undefined)
    throw new UsageError("pass either --record <dir> or --replay <dir>, not both");
  if (flags.upstream !== undefined && flags.record === undefined)
    throw new UsageError("--upstream goes with --record <dir>");
  if (flags.timing !== undefined && flags.replay === undefined)
    throw new UsageError("--replay-timing goes with --replay <dir>");
  if (flags.timing !== undefined && flags.timing !== "recorded" && flags.timing !== "none")
    throw new UsageError(`--replay-timing expects recorded or none, got "${flags.timing}"`);
  const listen = {
    ...(flags.port !== undefined ? { port: flags.port } : {}),
    ...(flags.host ? { host: flags.host } : {}),
  };
  if (flags.replay !== undefined) {
    const dir = resolve(flags.replay);
    const { startReplayServer } = await import("../local/cassette/replay-server.ts");
    const server = await startReplayServer({
      dir,
      ...listen,
      ...(flags.timing === "recorded" ? { timing: "recorded" as const } : {}),
    });
    const { manifest, exchanges } = server.cassette;
    return {
      url: server.url,
      label: `cassette ${dir}`,
      banner: [
        `replay server listening on ${server.url} with ${exchanges.length} recordings from ${dir}`,
        `  recorded ${manifest.createdAt} from ${manifest.upstream} (${manifest.region}), Glassbox ${manifest.glassboxVersion}; unrecorded requests get a ValidationException`,
      ],
      summary: () => {
        const misses = server.misses();
        return `replayed ${server.served()} requests from ${dir}${misses.length ? `; ${misses.length} had no recording, the first: ${misses[0]}` : ""}`;
      },
      close: () => server.close(),
    };
  }
  if (flags.record === undefined) return undefined;
  if (!flags.upstream) throw new UsageError("--record needs --upstream bedrock or --upstream <url>");
  if (flags.upstream === "bedrock") {
    if (flags.profile !== undefined && !profileExists(flags.profile, env))
      throw new UsageError(
        `--profile ${flags.profile}: no such profile in the AWS config or credentials file`,
      );
    if (flags.profile === undefined && !detectAwsCredentials(env).found)
      throw new UsageError(
        "--upstream bedrock needs AWS credentials (environment, profile, SSO or role); none were found",
      );
  }
  const dir = resolve(flags.record);
  const { startRecordingProxy } = await import("../local/cassette/recording-proxy.ts");
  const proxy = await startRecordingProxy({
    dir,
    upstream: flags.upstream,
    env,
    ...listen,
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.profile ? { profile: flags.profile } : {}),
  });
  const target = flags.upstream === "bedrock" ? `Amazon Bedrock in ${proxy.region}` : flags.upstream;
  return {
    url: proxy.url,
    label:
      flags.upstream === "bedrock"
        ? `recording Amazon Bedrock (${proxy.region})`
        : `recording ${flags.upstream}`,
    banner: [
      `recording proxy listening on ${proxy.url} forwarding to ${target}, writing ${dir}`,
      "  secrets and requestMetadata values are scrubbed; files are private (0600)",
    ],
    summary: () => `recorded ${proxy.count()} exchanges in ${dir}`,
    close: () => proxy.close(),
  };
}
