// Replays the Dockerfile without a Docker engine: each stage becomes a folder, WORKDIR/COPY/ENV/RUN
// are carried out there with the same commands, then the final stage's ENTRYPOINT is started (on
// loopback, with the local Bedrock) and checked over HTTP: /ping, an invocation, /ready, SIGTERM.
// What it cannot do is printed at the end: the base image's OS and its apt packages, USER, the image
// platforms (arm64/amd64), HEALTHCHECK under a container runtime.
//   node scripts/replay-dockerfile.mjs [--keep]
import { execSync, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const context = join(import.meta.dirname, "..");
const keep = process.argv.includes("--keep");
const root = mkdtempSync(join(tmpdir(), "glassbox-docker-replay-"));
const notExercised = [];
const note = (line) => {
  if (!notExercised.includes(line)) notExercised.push(line);
};
const exercised = [];

/** Dockerfile instructions, continuation lines joined, comments dropped. */
function instructions(text) {
  const lines = text.replace(/\\\n\s*/g, " ").split("\n");
  return lines
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [word, ...rest] = line.split(/\s+/);
      return { op: word.toUpperCase(), args: rest.join(" "), line };
    });
}

/** The globs .dockerignore keeps (a leading `**` then `!` entries): what COPY may see. */
function dockerignoreAllows(path) {
  const rules = readFileSync(join(context, ".dockerignore"), "utf8")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  let allowed = true;
  for (const rule of rules) {
    const negate = rule.startsWith("!");
    const pattern = (negate ? rule.slice(1) : rule).replace(/\/$/, "");
    const escaped = pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&");
    const glob = escaped
      .split("**")
      .map((part) => part.replace(/\*/g, "[^/]*"))
      .join(".*");
    const regex = new RegExp(`^${glob}(/.*)?$`);
    if (regex.test(path)) allowed = negate;
  }
  return allowed;
}

const text = readFileSync(join(context, "Dockerfile"), "utf8");
const args = {};
const stages = [];
let stage;
for (const { op, args: rest, line } of instructions(text)) {
  const expand = (value) =>
    value.replace(/\$\{?(\w+)\}?/g, (whole, name) => stage?.env[name] ?? args[name] ?? whole);
  switch (op) {
    case "ARG": {
      const [name, value = ""] = rest.split("=");
      args[name] = value;
      break;
    }
    case "FROM": {
      const [image, , name] = expand(rest).split(/\s+/);
      stage = {
        name: name ?? `stage${stages.length}`,
        dir: join(root, `stage${stages.length}`),
        workdir: "/",
        env: {},
        user: "root",
      };
      mkdirSync(stage.dir, { recursive: true });
      stages.push(stage);
      note(
        `FROM ${image}: the replay runs on this machine's Node ${process.version} and OS, not the image's`,
      );
      break;
    }
    case "WORKDIR":
      stage.workdir = expand(rest);
      mkdirSync(join(stage.dir, stage.workdir), { recursive: true });
      break;
    case "ENV": {
      for (const [, name, value] of expand(rest).matchAll(/(\w+)=("[^"]*"|\S+)/g))
        stage.env[name] = value.replace(/^"|"$/g, "");
      break;
    }
    case "COPY": {
      const parts = rest.split(/\s+/);
      const from = parts.find((part) => part.startsWith("--from="))?.slice(7);
      const paths = parts.filter((part) => !part.startsWith("--"));
      const dest = paths.pop();
      const target = join(stage.dir, dest.startsWith("/") ? dest : join(stage.workdir, dest));
      const source = from ? stages.find((candidate) => candidate.name === from)?.dir : context;
      if (!source) throw new Error(`COPY --from=${from}: no such stage`);
      for (const path of paths) {
        const relative = path.replace(/^\.\//, "");
        if (!from && !dockerignoreAllows(relative))
          throw new Error(`${line}: .dockerignore excludes ${relative}`);
        const src = join(source, from ? relative : relative);
        if (!existsSync(src)) throw new Error(`${line}: ${src} does not exist`);
        const into =
          dest.endsWith("/") || paths.length > 1 ? join(target, relative.split("/").pop()) : target;
        mkdirSync(dirname(into), { recursive: true });
        cpSync(src, into, {
          recursive: true,
          filter: (file) => from || dockerignoreAllows(file.slice(context.length + 1) || "."),
        });
      }
      exercised.push(line);
      break;
    }
    case "RUN": {
      const command = expand(rest);
      if (/^apt-get\b/.test(command)) {
        note(`${line}: system packages come from the base image (this machine has its own)`);
        break;
      }
      const cwd = join(stage.dir, stage.workdir);
      console.log(`replay: [${stage.name}] ${command}`);
      const started = Date.now();
      execSync(command, {
        cwd,
        stdio: "inherit",
        shell: "/bin/sh",
        // npm may use its cache (no network needed for packages already fetched); the commands are unchanged.
        env: { ...process.env, ...stage.env, npm_config_prefer_offline: "true" },
      });
      exercised.push(`${line}  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      break;
    }
    case "USER":
      stage.user = rest;
      note(`USER ${rest}: the replay runs as ${process.getuid?.() === 0 ? "root" : "this user"}`);
      break;
    case "ENTRYPOINT":
      stage.entrypoint = JSON.parse(rest);
      break;
    case "CMD":
      stage.cmd = JSON.parse(rest);
      break;
    case "EXPOSE":
    case "STOPSIGNAL":
    case "HEALTHCHECK":
      stage[op.toLowerCase()] = rest;
      break;
    default:
      throw new Error(`replay: unsupported instruction ${op}`);
  }
}

const final = stages.at(-1);
const appDir = join(final.dir, final.workdir);
for (const path of [
  "dist/src/cli/main.js",
  "dist/src/serve/serve.js",
  "dist/src/lambda/index.js",
  "dist/graphs/tool-agent.js",
  "node_modules/ws",
  "node_modules/better-sqlite3/build/Release/better_sqlite3.node",
])
  if (!existsSync(join(appDir, path))) throw new Error(`the image would lack ${path}`);
if (existsSync(join(appDir, "node_modules/vitest")))
  throw new Error("devDependencies reached the final stage");
if (existsSync(join(appDir, "src"))) throw new Error("sources reached the final stage");

const port = await new Promise((resolve) => {
  const server = createServer().listen(0, "127.0.0.1", () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});
const command = [...final.entrypoint, ...(final.cmd ?? []), "--local"];
const env = { ...process.env, ...final.env, PORT: String(port), GLASSBOX_HOST: "127.0.0.1" };
console.log(
  `replay: starting ${command.join(" ")} (PORT=${port}, GLASSBOX_HOST=127.0.0.1, GLASSBOX_AGENT=${final.env.GLASSBOX_AGENT})`,
);
const child = spawn(command[0] === "node" ? process.execPath : command[0], command.slice(1), {
  cwd: appDir,
  env,
  stdio: ["ignore", "inherit", "pipe"],
});
let log = "";
child.stderr.on("data", (chunk) => {
  log += chunk;
});
const url = `http://127.0.0.1:${port}`;
try {
  const deadline = Date.now() + 30_000;
  while (!log.includes('"msg":"listening"')) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the server did not start:\n${log}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const ping = await (await fetch(`${url}/ping`)).json();
  if (ping.status !== "Healthy") throw new Error(`/ping answered ${JSON.stringify(ping)}`);
  const response = await fetch(`${url}/invocations`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-amzn-bedrock-agentcore-runtime-session-id": `replay-session-${"0".repeat(30)}`,
    },
    body: JSON.stringify({ prompt: "What is 17% of 2,340 plus 12?" }),
  });
  const result = await response.json();
  if (response.status !== 200 || !String(result.answer).includes("409.8"))
    throw new Error(`the invocation answered ${response.status} ${JSON.stringify(result)}`);
  const ready = await fetch(`${url}/ready`);
  if (ready.status !== 200) throw new Error(`/ready answered ${ready.status}`);
  child.kill("SIGTERM");
  const code = await new Promise((resolve) => child.once("exit", (exitCode) => resolve(exitCode)));
  if (code !== 0) throw new Error(`the server exited with ${code} on SIGTERM`);
  exercised.push(
    `ENTRYPOINT ${JSON.stringify(final.entrypoint)}: /ping Healthy, an invocation answered 409.8, /ready 200, SIGTERM exit 0`,
  );
} finally {
  if (child.exitCode === null) child.kill("SIGKILL");
}
notExercised.push(
  `EXPOSE ${final.expose}, STOPSIGNAL ${final.stopsignal}, HEALTHCHECK: read by a container runtime, not run here`,
);
notExercised.push("the linux/arm64 and linux/amd64 image builds themselves (no Docker engine, no emulation)");
const size = execSync(`du -sm ${appDir}`, { encoding: "utf8" }).split("\t")[0];
console.log(
  `\nreplay: the final stage's /app is ${size} MB (${statSync(appDir).isDirectory() ? appDir : ""})`,
);
console.log("\nExercised:");
for (const line of exercised) console.log(`  ✓ ${line}`);
console.log("Not exercised:");
for (const line of notExercised) console.log(`  - ${line}`);
if (!keep) rmSync(root, { recursive: true, force: true });
