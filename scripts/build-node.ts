/**
 * Bundles the CLI for Node >= 20: `bun run build:node` writes `dist/node/cli.js`, run as
 * `node dist/node/cli.js dev <dir>`, and beside it `worker-bootstrap.js`, which worker
 * plugins start from. The npm packages and package.json are bundled in; beside the files only
 * `schema/` (two folders up, for `hotplug init`) is read.
 */
import { join } from "node:path";

const ROOT = join(import.meta.dir, "..");
const BOOTSTRAP = join(ROOT, "src", "runner", "worker", "worker-bootstrap.ts");

export interface NodeBuild {
  readonly file: string;
  readonly ms: number;
}

/** Bundles `entrypoint` (default src/cli.ts) into `outdir` (default dist/node) for node. */
export async function buildNode(
  outdir = join(ROOT, "dist", "node"),
  entrypoint = join(ROOT, "src", "cli.ts"),
): Promise<NodeBuild> {
  const started = performance.now();
  const result = await Bun.build({
    entrypoints: [entrypoint, BOOTSTRAP],
    outdir,
    target: "node",
    format: "esm",
    naming: "[name].js",
    throw: false,
  });
  if (!result.success) throw new AggregateError(result.logs, "Cannot build for node: see logs");
  const file =
    result.outputs.find((output) => !output.path.endsWith("worker-bootstrap.js"))?.path ??
    join(outdir, "cli.js");
  // The bundle keeps src/cli.ts's `#!/usr/bin/env bun` (and a `// @bun` mark): this is for node.
  const code = await Bun.file(file).text();
  await Bun.write(file, `#!/usr/bin/env node\n${code.replace(/^#!.*\n(?:\/\/ @bun\n)?/, "")}`);
  return { file, ms: Math.round(performance.now() - started) };
}

export const describeBuild = ({ file, ms }: NodeBuild): string => `built ${file} in ${ms} ms`;

if (import.meta.main) console.log(describeBuild(await buildNode()));
