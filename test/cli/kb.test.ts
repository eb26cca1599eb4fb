import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { RetrieveCommand } from "@aws-sdk/client-bedrock-agent-runtime";
import { describe, expect, it } from "vitest";
import { createAgentRuntimeClient, knowledgeBaseIdOf } from "../../src/kb/index.ts";
import { runCli } from "../helpers/cli.ts";
import { tempDir } from "../helpers/fixtures.ts";

const run = (args: string[], env: Record<string, string | undefined>) => runCli(args, { env });

const CORPUS = join(import.meta.dirname, "../../graphs/corpus");

describe("glassbox kb", () => {
  it("ingest → query → stats, with a plain progress line off a terminal", async () => {
    const env = { GLASSBOX_KB_DIR: tempDir() };
    const ingest = await run(["kb", "ingest", CORPUS, "--kb", "handbook", "--chunking", "FIXED_SIZE"], env);
    expect(ingest.code).toBe(0);
    expect(ingest.stdout).toMatch(
      new RegExp(
        `^handbook \\(knowledge base id ${knowledgeBaseIdOf("handbook")}\\): 13 added · 0 updated · 0 unchanged · 0 deleted · \\d+ new chunks`,
      ),
    );
    expect(ingest.stderr).toContain("ingest: 13/13 files");
    const again = await run(["kb", "ingest", CORPUS, "--kb", "handbook"], env);
    expect(again.stdout).toContain("0 added · 0 updated · 13 unchanged");

    const query = await run(["kb", "query", "hotel price per night", "--kb", "handbook", "-k", "2"], env);
    expect(query.code).toBe(0);
    expect(query.stdout).toMatch(/^1\. \d\.\d{3} {2}s3:\/\/glassbox-local-kb\/handbook\/travel-expenses\.md/);
    const filtered = await run(
      [
        "kb",
        "query",
        "passwords",
        "--kb",
        "handbook",
        "--json",
        "--search",
        "semantic",
        "--filter",
        '{"equals":{"key":"department","value":"finance"}}',
      ],
      env,
    );
    const response = JSON.parse(filtered.stdout) as {
      retrievalResults: Array<{ metadata: Record<string, unknown> }>;
    };
    expect(response.retrievalResults.length).toBeGreaterThan(0);
    expect(response.retrievalResults.every((r) => r.metadata.department === "finance")).toBe(true);

    const stats = await run(["kb", "stats", "--kb", "handbook", "--json"], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      knowledgeBaseId: knowledgeBaseIdOf("handbook"),
      id: "handbook",
      documents: 13,
      embedder: "hashing-1024",
    });
  });

  it("list prints each knowledge base with its 10-character id; the default name is docs", async () => {
    const env = { GLASSBOX_KB_DIR: tempDir() };
    const docs = tempDir();
    writeFileSync(join(docs, "a.md"), "Alpha policy text.");
    expect((await run(["kb", "list"], env)).stdout).toMatch(/^no knowledge bases/);
    const ingest = await run(["kb", "ingest", docs], env);
    expect(ingest.stdout).toMatch(/^docs \(knowledge base id [0-9A-Z]{10}\)/);
    await run(["kb", "ingest", docs, "--kb", "policies"], env);
    const listed = JSON.parse((await run(["kb", "list", "--json"], env)).stdout) as Array<{
      knowledgeBaseId: string;
      name: string;
    }>;
    expect(listed.map(({ knowledgeBaseId, name }) => ({ knowledgeBaseId, name }))).toEqual([
      { knowledgeBaseId: knowledgeBaseIdOf("docs"), name: "docs" },
      { knowledgeBaseId: knowledgeBaseIdOf("policies"), name: "policies" },
    ]);
    expect(listed[0]?.knowledgeBaseId).toMatch(/^[0-9A-Z]{10}$/);
    expect(listed[0]?.knowledgeBaseId).not.toBe(listed[1]?.knowledgeBaseId);
  });

  it("ingested documents get S3 locations by default; --source-uri-prefix changes them", async () => {
    const env = { GLASSBOX_KB_DIR: tempDir() };
    const docs = tempDir();
    writeFileSync(join(docs, "alpha.md"), "Alpha policy text about parking permits.");
    const locationOf = async (kb: string) => {
      const out = await run(["kb", "query", "parking permits", "--kb", kb, "--json"], env);
      return (JSON.parse(out.stdout) as { retrievalResults: Array<{ location: unknown }> })
        .retrievalResults[0]?.location;
    };
    await run(["kb", "ingest", docs, "--kb", "plain"], env);
    expect(await locationOf("plain")).toEqual({
      type: "S3",
      s3Location: { uri: "s3://glassbox-local-kb/plain/alpha.md" },
    });
    await run(["kb", "ingest", docs, "--kb", "bucket", "--source-uri-prefix", "s3://acme-policies/hr/"], env);
    expect(await locationOf("bucket")).toEqual({
      type: "S3",
      s3Location: { uri: "s3://acme-policies/hr/alpha.md" },
    });
    await run(["kb", "ingest", docs, "--kb", "files", "--source-uri-prefix", "file:///srv/docs/"], env);
    expect(await locationOf("files")).toEqual({
      type: "CUSTOM",
      customDocumentLocation: { id: "file:///srv/docs/alpha.md" },
    });
  });

  it("bad input is one line naming the flag, exit code 2, nothing ingested lost", async () => {
    const env = { GLASSBOX_KB_DIR: tempDir() };
    const docs = tempDir();
    writeFileSync(join(docs, "a.md"), "Alpha policy text.");
    expect((await run(["kb", "ingest", docs, "--kb", "x"], env)).code).toBe(0);
    const cases: Array<[string[], RegExp]> = [
      [["kb", "query", "alpha", "--kb", "x", "--filter", "{bad"], /--filter expects JSON/],
      [
        ["kb", "query", "alpha", "--kb", "x", "--filter", '{"andAll":[]}'],
        /--filter: andAll: expected a list of at least 2 filters/,
      ],
      [["kb", "query", "alpha", "--kb", "x", "-k", "500"], /-k expects a whole number ≥ 1 and ≤ 100/],
      [["kb", "query", "alpha", "--kb", "x", "--search", "BM25"], /--search expects HYBRID or SEMANTIC/],
      [
        ["kb", "ingest", docs, "--kb", "x", "--chunking", '{"chunkingStrategy":"FIXED_SIZE"}'],
        /--chunking: fixedSizeChunkingConfiguration/,
      ],
      [["kb", "ingest", join(docs, "missing"), "--kb", "x"], /is not a folder/],
      [["kb", "ingest", docs, "--kb", "../evil"], /--kb: knowledge base name/],
      [["kb", "frobnicate"], /unknown kb command "frobnicate"/],
    ];
    for (const [args, message] of cases) {
      const result = await run(args, env);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    }
    const stats = await run(["kb", "stats", "--kb", "x", "--json"], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ documents: 1 });
  });

  it("run --agent rag answers the sample question with citations, ingesting the corpus on first use", async () => {
    const env = { GLASSBOX_KB_DIR: tempDir(), HOME: tempDir(), AWS_EC2_METADATA_DISABLED: "true" };
    const result = await run(
      [
        "run",
        "--agent",
        "rag",
        "--local",
        "--no-stream",
        "How many weeks of parental leave do new parents get?",
      ],
      env,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("20 weeks of fully paid parental leave");
    expect(result.stdout).toMatch(/sources\s+› ".*" ← S1 s3:\/\/larkspur-policies\/parental-leave\.md/);
    const stats = await run(["kb", "stats", "--kb", "larkspur", "--json"], env);
    expect(JSON.parse(stats.stdout)).toMatchObject({ documents: 13 });
  });
});

describe("glassbox local serves the knowledge bases of the folder", () => {
  async function startLocal(env: Record<string, string>, args: string[]) {
    const { localCommand } = await import("../../src/cli/commands/local.ts");
    let stdout = "";
    let stop: (value?: unknown) => void = () => {};
    const stopped = new Promise((resolve) => {
      stop = resolve;
    });
    const running = localCommand(
      ["--port", "0", ...args],
      {
        stdout: (text) => {
          stdout += text;
        },
        stderr: () => {},
        env,
      },
      stopped,
    );
    while (!stdout.includes("Ctrl-C")) await new Promise((resolve) => setTimeout(resolve, 10));
    const url = /listening on (\S+)/.exec(stdout)?.[1] ?? "";
    return {
      stdout,
      client: createAgentRuntimeClient({ endpoint: url }),
      stop: async () => {
        stop();
        return running;
      },
    };
  }

  it("under their ids; a name only with --kb-alias", async () => {
    const env = { GLASSBOX_KB_DIR: tempDir() };
    const docs = tempDir();
    writeFileSync(join(docs, "parking.md"), "Parking permits are issued by facilities.");
    await run(["kb", "ingest", docs, "--kb", "policies"], env);
    const id = knowledgeBaseIdOf("policies");
    const query = (knowledgeBaseId: string) =>
      local.client.send(new RetrieveCommand({ knowledgeBaseId, retrievalQuery: { text: "parking" } }));

    let local = await startLocal(env, []);
    expect(local.stdout).toContain(`knowledge base ${id} (policies; Retrieve, RetrieveAndGenerate)`);
    expect((await query(id)).retrievalResults?.[0]?.location).toEqual({
      type: "S3",
      s3Location: { uri: "s3://glassbox-local-kb/policies/parking.md" },
    });
    await expect(query("policies")).rejects.toMatchObject({ name: "ValidationException" });
    expect(await local.stop()).toBe(0);

    local = await startLocal(env, ["--kb-alias", `policies=${id}`]);
    expect(local.stdout).toContain(`knowledge base alias policies → ${id}`);
    expect((await query("policies")).retrievalResults?.[0]?.content?.text).toContain("Parking permits");
    expect(await local.stop()).toBe(0);
  });

  it("refuses an alias whose id Bedrock could not issue", async () => {
    const result = await run(["local", "--port", "0", "--kb-alias", "policies=policies"], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "--kb-alias policies=policies: the id must be a 10-character knowledge base id",
    );
  });
});
