import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { glassboxPackage } from "../../package-root.ts";
import { parseFlags } from "../args.ts";
import { UsageError } from "../errors.ts";
import { HELP } from "../help.ts";
import { projectFiles, type TemplateVersions } from "../init/templates.ts";
import type { CliIO } from "../io.ts";

const FLAGS = {
  help: { type: "boolean", short: "h" },
  name: { type: "string" },
  glassbox: { type: "string" },
} as const;

/**
 * `glassbox init [dir]`: scaffolds a project that uses the installed Glassbox: an agent with one tool,
 * langgraph.json, an evaluation suite, a test with glassbox/testing, and a README with its commands.
 * Never overwrites a file: when one of them exists, nothing is written.
 */
export async function initCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseFlags("init", args, FLAGS);
  if (values.help) {
    io.stdout(HELP.init);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError("init takes one folder, e.g. glassbox init my-agent");
  const dir = resolve(positionals[0] ?? ".");
  const name = values.name ?? packageName(basename(dir));
  if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*$/.test(name))
    throw new UsageError(`--name "${name}" is not a valid npm package name (lower case, no spaces)`);
  const files = projectFiles(name, versions(values.glassbox));
  const clashes = Object.keys(files).filter((file) => existsSync(join(dir, file)));
  if (clashes.length)
    throw new UsageError(
      `${dir} already has ${clashes.join(", ")}: init writes into a new or empty folder only`,
    );
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  const rel = relative(process.cwd(), dir);
  const where = rel.startsWith("..") ? dir : rel || ".";
  io.stdout(`created ${name} in ${dir}: ${Object.keys(files).length} files\n`);
  io.stdout(
    `next:\n${where === "." ? "" : `  cd ${where}\n`}  npm install\n  npm start     # the agent, offline on a local Bedrock\n  npm test      # its tests\n`,
  );
  return 0;
}

/** A folder name as an npm package name. */
function packageName(folder: string): string {
  return (
    folder
      .toLowerCase()
      .replace(/[^a-z0-9-._~]+/g, "-")
      .replace(/^[-._]+|-+$/g, "") || "my-agent"
  );
}

/** Pins the new project to this Glassbox and to the tool versions it was built and tested with. */
function versions(glassboxSpec: string | undefined): TemplateVersions {
  const pkg = glassboxPackage();
  const pin = (name: string) => {
    const version = pkg.dependencies[name] ?? pkg.devDependencies[name];
    if (!version) throw new Error(`glassbox's package.json names no version of ${name}`);
    return version;
  };
  return {
    glassbox: glassboxSpec ?? pkg.version,
    zod: pin("zod"),
    tsx: pin("tsx"),
    typescript: pin("typescript"),
    vitest: pin("vitest"),
    typesNode: pin("@types/node"),
  };
}
