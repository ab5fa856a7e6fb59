import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { presentError } from "../../src/errors/present-error.ts";

let base: string;
let root: string;
let entry: string;
let helper: string;

beforeAll(async () => {
  base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-present-")));
  root = join(base, "plugins");
  await mkdir(join(root, "a", "lib"), { recursive: true });
  entry = join(root, "a", "index.ts");
  helper = join(root, "a", "lib", "helper.ts");
  await writeFile(
    entry,
    'import "./lib/helper.ts";\nexport default {\n  setup() { run(); },\n};\n',
  );
  await writeFile(helper, "export function run() {\n\tthrow new Error('x');\n}\n");
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** An error as a Worker's strings rebuild it on the host: name, message and stack only. */
const rebuilt = (message: string, ...frames: string[]) => {
  const error = new Error(message);
  error.stack = [`Error: ${message}`, ...frames.map((frame) => `    at ${frame}`)].join("\n");
  return error;
};

describe("stack frames", () => {
  test("keeps the plugin's own frames, innermost first, with a code frame of the topmost", () => {
    const error = rebuilt(
      "x",
      `run (${helper}?v=3:2:2)`,
      `Object.setup (file://${entry}?v=3:3:13)`,
      "runHook (/opt/hotplug/src/plugin/run-hook.ts:36:52)",
      "processTicksAndRejections (node:internal/process/task_queues:95:5)",
      "listOnTimeout (ext:deno_node/internal/timers.mjs:4:810)",
    );
    expect(presentError(error, { root, cwd: dirname(root) })).toEqual({
      message: "x",
      location: { file: helper, line: 2, column: 2, lineText: "\tthrow new Error('x');" },
      frame: "2 | \tthrow new Error('x');\n  | \t^",
      stack: [
        { fn: "run", file: helper, line: 2, column: 2 },
        { fn: "Object.setup", file: entry, line: 3, column: 13 },
      ],
      errors: [],
      more: 0,
    });
  });

  test("maps Deno's import links back to the real files", () => {
    const link = join(tmpdir(), "hotplug-deno-4242-Ab12Cd", "7");
    const error = rebuilt("x", `run (file://${link}${helper}?v=7:2:2)`);
    expect(presentError(error, { root, cwd: dirname(root) }).location?.file).toBe(helper);
  });

  test("uses the runtime's own mapping when given one", () => {
    const error = rebuilt("x", "run (/virtual/helper:2:2)");
    const sourcePath = (location: string) => (location === "/virtual/helper" ? helper : location);
    expect(presentError(error, { root, cwd: dirname(root), sourcePath }).stack).toEqual([
      { fn: "run", file: helper, line: 2, column: 2 },
    ]);
  });

  test("frames in a plugin's node_modules are not its own code", () => {
    const pkg = join(root, "a", "node_modules", "pkg", "index.js");
    const error = rebuilt("x", `f (${pkg}:1:1)`, `setup (${entry}:3:13)`);
    expect(presentError(error, { root, cwd: dirname(root) }).location?.file).toBe(entry);
  });

  test("a symlinked plugins folder: frames by the real path count as the plugin's", async () => {
    const linked = join(base, "current");
    await symlink(root, linked);
    const error = rebuilt("x", `run (${helper}:2:2)`);
    expect(presentError(error, { root: linked, cwd: dirname(root) }).location?.file).toBe(
      join(linked, "a", "lib", "helper.ts"),
    );
  });

  test("a recursion shows ten frames, not thousands", () => {
    const frames = Array.from({ length: 500 }, () => `run (${helper}:2:2)`);
    expect(
      presentError(rebuilt("deep", ...frames), { root, cwd: dirname(root) }).stack,
    ).toHaveLength(10);
  });

  test("no frame in the plugins: no location, no code frame", () => {
    const report = presentError(rebuilt("x", "main (/opt/hotplug/src/cli.ts:1:1)"), {
      root,
      cwd: dirname(root),
    });
    expect(report).toEqual({ message: "x", stack: [], errors: [], more: 0 });
  });

  test("a line that is gone: the location without a code frame", () => {
    const report = presentError(rebuilt("x", `run (${helper}:99:1)`), { root, cwd: dirname(root) });
    expect(report.location).toEqual({ file: helper, line: 99, column: 1 });
    expect(report.frame).toBeUndefined();
  });

  test("a file that is gone: the location without a code frame", () => {
    const gone = join(root, "a", "gone.ts");
    const report = presentError(rebuilt("x", `run (${gone}:1:1)`), { root, cwd: dirname(root) });
    expect(report.location).toEqual({ file: gone, line: 1, column: 1 });
    expect(report.frame).toBeUndefined();
  });

  test("anything thrown, not only errors", () => {
    expect(presentError("just text", { root, cwd: dirname(root) })).toEqual({
      message: "just text",
      stack: [],
      errors: [],
      more: 0,
    });
    expect(presentError(undefined, { root, cwd: dirname(root) }).message).toBe("undefined");
  });
});

describe("build errors", () => {
  const position = (line: number, column: number, lineText: string) => ({
    file: entry,
    line,
    column,
    lineText,
  });

  test("Bun's AggregateError, read by shape: each message with its position and frame", () => {
    const error = {
      name: "AggregateError",
      message: `2 errors building "${entry}"`,
      errors: [
        { message: "Unexpected ;", position: position(3, 9, "  setup(;") },
        { message: 'Expected "}"', position: position(4, 1, "};") },
      ],
    };
    const report = presentError(error, { root, cwd: dirname(root) });
    expect(report).toMatchObject({
      message: "Unexpected ;",
      location: { file: entry, line: 3, column: 9 },
      frame: "3 |   setup(;\n  |         ^",
      stack: [],
      more: 0,
    });
    expect(report.errors.map((e) => [e.message, e.location.line, e.frame])).toEqual([
      ["Unexpected ;", 3, "3 |   setup(;\n  |         ^"],
      ['Expected "}"', 4, "4 | };\n  | ^"],
    ]);
  });

  test("a position without line text reads the line from the file", () => {
    const error = { message: "Unexpected", position: { file: entry, line: 2 } };
    expect(presentError(error, { root, cwd: dirname(root) }).frame).toBe(
      "2 | export default {\n  | ^",
    );
  });

  test("Deno: a syntax error's position and line are in its message", () => {
    const message = `SyntaxError: Expression expected\n  |\n3 |   setup( run(); },\n  |          ~\n    at file://${entry}?v=2:3:10`;
    const error = new TypeError(message);
    expect(presentError(error, { root, cwd: dirname(root) })).toMatchObject({
      message: "SyntaxError: Expression expected",
      location: { file: entry, line: 3, column: 10, lineText: "  setup( run(); }," },
      frame: "3 |   setup( run(); },\n  |          ^",
    });
  });

  test("Deno: a V8 syntax error names the place at the end of its message", () => {
    const error = new SyntaxError(
      `Identifier 'a' has already been declared at file://${entry}?v=1:2:7`,
    );
    expect(presentError(error, { root, cwd: dirname(root) })).toMatchObject({
      message: "Identifier 'a' has already been declared",
      location: { file: entry, line: 2, column: 7 },
    });
  });

  test("Deno: a missing module, coloured, names the import; paths lose their queries", () => {
    const error = new TypeError(
      `Module not found "file://${join(root, "a", "gone.ts")}".\n    at \u001b[0m\u001b[36mfile://${entry}?v=4\u001b[0m:\u001b[0m\u001b[33m1\u001b[0m:\u001b[0m\u001b[33m8\u001b[0m`,
    );
    expect(presentError(error, { root, cwd: dirname(root) })).toMatchObject({
      message: 'Module not found "plugins/a/gone.ts".',
      location: { file: entry, line: 1, column: 8, lineText: 'import "./lib/helper.ts";' },
    });
  });
});

test("Node: a link error's stack starts with the place", () => {
  const error = new SyntaxError(
    "The requested module './lib/helper.ts' does not provide an export named 'nope'",
  );
  error.stack = `file://${entry}?v=5:1\nimport { nope } from "./lib/helper.ts";\n         ^^^^\nSyntaxError: ${error.message}\n    at ModuleJob._instantiate (node:internal/modules/esm/module_job:213:21)`;
  expect(presentError(error, { root, cwd: dirname(root) })).toMatchObject({
    message: error.message,
    location: {
      file: entry,
      line: 1,
      column: 10,
      lineText: 'import { nope } from "./lib/helper.ts";',
    },
    frame: '1 | import { nope } from "./lib/helper.ts";\n  |          ^',
  });
});
