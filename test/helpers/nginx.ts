import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "./ports.ts";

const INSTALL = join(import.meta.dirname, "../../scripts/nginx.sh");

/** nginx from Debian (installed by scripts/nginx.sh when missing, as .ci/run does). */
export function nginxBinary(): string {
  return execFileSync(INSTALL, ["install"], { encoding: "utf8" }).trim();
}

/**
 * The load balancer config the tests and the benchmark use, for workers on loopback ports: round robin,
 * keep-alive connections to the workers, no response buffering (SSE), the client's or nginx's request
 * id passed on, and a request retried on the next worker when its worker refuses the connection, dies
 * before answering, or answers 503 (full, shutting down). Retrying a POST is safe here because Glassbox
 * treats a repeated request id as the same turn.
 */
export function nginxConfig(dir: string, port: number, upstreams: readonly number[]): string {
  return `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 4096; }
http {
  access_log ${dir}/access.log;
  client_body_temp_path ${dir}/tmp/body;
  proxy_temp_path ${dir}/tmp/proxy;
  fastcgi_temp_path ${dir}/tmp/fastcgi;
  uwsgi_temp_path ${dir}/tmp/uwsgi;
  scgi_temp_path ${dir}/tmp/scgi;
  map $http_x_request_id $glassbox_request_id { default $http_x_request_id; "" $request_id; }
  upstream glassbox {
${upstreams.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=5s;`).join("\n")}
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 100m;
    location / {
      proxy_pass http://glassbox;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Request-Id $glassbox_request_id;
      proxy_buffering off;
      proxy_read_timeout 3600s;
      proxy_next_upstream error http_503 non_idempotent;
      proxy_next_upstream_tries 3;
      add_header X-Upstream $upstream_addr always;
    }
  }
}
`;
}

/** A running nginx in its own temp dir on a loopback port, stopped by `stop()`. */
export interface Nginx {
  url: string;
  port: number;
  process: ChildProcess;
  errorLog(): string;
  stop(): Promise<void>;
}

/** Starts nginx in front of the given worker ports; resolves once it accepts connections. */
export async function startNginx(upstreams: readonly number[]): Promise<Nginx> {
  const bin = nginxBinary();
  const dir = mkdtempSync(join(tmpdir(), "glassbox-nginx-"));
  chmodSync(dir, 0o755);
  // As root, nginx's workers run as nobody: the temp folders must be theirs to write.
  for (const sub of ["body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
    mkdirSync(join(dir, "tmp", sub), { recursive: true });
    chmodSync(join(dir, "tmp", sub), 0o777);
  }
  chmodSync(join(dir, "tmp"), 0o755);
  const port = await freePort();
  writeFileSync(join(dir, "nginx.conf"), nginxConfig(dir, port, upstreams));
  const child = spawn(bin, ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", join(dir, "error.log")], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited: ${stderr}`);
    try {
      await fetch(`${url}/ping`);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`nginx did not start: ${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    url,
    port,
    process: child,
    errorLog: () => readFileSync(join(dir, "error.log"), "utf8"),
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
