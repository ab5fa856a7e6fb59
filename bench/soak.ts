// Soak: nothing a developer saves can take the host down or lose work (issue 7).
//
//   bun run soak                      1,000 cycles over 10 plugins, a fresh seed
//   bun run soak --cycles 60          the short run tests/reliability/soak.test.ts makes in CI
//   bun run soak --seed 1234          replays one run
//
// Drives a HotReloadSystem in-process over a real temp folder, real fs.watch and real imports.
// Each cycle saves one random fault into one random plugin, checks that the host survived and
// that the last good code still serves, then (usually) saves a fix and checks that the fixed
// code serves. Exits 1, printing the seed, when any invariant fails.
import { watch } from "node:fs";
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  readlink,
  realpath,
  rename,
  rm,
  unlink,
  writeFile,
} from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { HostEvent } from "../src/host-events.ts";
import { createLogger } from "../src/logger.ts";
import { PluginUnavailableError } from "../src/plugin/plugin-unavailable-error.ts";
import { HotReloadSystem } from "../src/reload/hot-reload-system.ts";
import { mulberry32 } from "../tests/schedule/prng.ts";

const { values: flags } = parseArgs({
  args: Bun.argv.slice(2),
  options: {
    cycles: { type: "string", default: "1000" },
    plugins: { type: "string", default: "10" },
    seed: { type: "string" },
    timeout: { type: "string", default: "200" },
    debounce: { type: "string", default: "20" },
    "max-rss-growth-mb": { type: "string", default: "96" },
    verbose: { type: "boolean", default: false },
  },
});

const CYCLES = Number(flags.cycles);
const PLUGINS = Number(flags.plugins);
const SEED = flags.seed === undefined ? Math.floor(Math.random() * 2 ** 32) : Number(flags.seed);
const TIMEOUT = Number(flags.timeout);
const DEBOUNCE = Number(flags.debounce);
const MAX_RSS_GROWTH_MB = Number(flags["max-rss-growth-mb"]);
/** Bound on every wait; they end as soon as what they wait for happens. */
const DEADLINE_MS = 15_000;
/** How often a fault is fixed in its own cycle; otherwise it stays broken until the next one. */
const FIX_NOW = 0.8;

for (const [name, value] of Object.entries({ CYCLES, PLUGINS, SEED, TIMEOUT, DEBOUNCE })) {
  if (!Number.isInteger(value) || value < 0) {
    console.error(`soak: ${name.toLowerCase()} must be a whole number, got ${value}`);
    process.exit(2);
  }
}

const random = mulberry32(SEED);
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const FAULTS = [
  "syntax-error",
  "throw-at-import",
  "throw-in-setup",
  "throw-in-start",
  "throw-in-stop",
  "hang-past-timeout",
  "invalid-manifest",
  "invalid-config",
  "deleted-mid-reload",
  "permission-denied",
  "folder-renamed",
] as const;
type Fault = (typeof FAULTS)[number];

// ---- plugin sources -------------------------------------------------------------------------

interface Variant {
  readonly importThrows?: boolean;
  readonly syntaxError?: boolean;
  readonly setup?: "throw" | "hang";
  readonly start?: "throw" | "hang";
  readonly stop?: "throw" | "hang";
}

/** An entry whose API answers `marker()`; its config must hold a string `greeting`. */
function entrySource(marker: string, variant: Variant = {}): string {
  const hook = (kind: "throw" | "hang" | undefined, name: string) =>
    kind === "throw"
      ? `throw new Error("soak: ${name} failed");`
      : kind === "hang"
        ? "await new Promise(() => {});"
        : "";
  return `// soak ${marker}
const configSchema = {
  "~standard": {
    version: 1,
    vendor: "soak",
    validate: (value) =>
      typeof value?.greeting === "string"
        ? { value }
        : { issues: [{ message: "expected a string", path: ["greeting"] }] },
  },
};
${variant.importThrows ? `throw new Error("soak: throw at import");` : ""}
export default {
  configSchema,
  async setup(ctx) {
    ${hook(variant.setup, "setup")}
    return { marker: () => ${JSON.stringify(marker)}, greeting: ctx.config.greeting };
  },
  async start(ctx) {
    ${hook(variant.start, "start")}
  },
  async stop(ctx) {
    ${hook(variant.stop, "stop")}
    return { stops: (ctx.state?.stops ?? 0) + 1 };
  },
}${variant.syntaxError ? " +;\n" : ";\n"}`;
}

const manifest = (name: string, config: unknown = { greeting: "hi" }) =>
  `${JSON.stringify({ name, version: "1.0.0", entry: "index.ts", config }, null, 2)}\n`;

const BAD_MANIFESTS = [
  (name: string) => JSON.stringify({ name, version: "1.x", entry: "index.ts" }),
  (name: string) => JSON.stringify({ name, version: "1.0.0", entry: "index.ts", colour: "red" }),
  (name: string) => `{ "name": "${name}", "version": "1.0.0", }`,
  (_: string) => JSON.stringify({ name: "Not_A_Name", version: "1.0.0" }),
  (name: string) => JSON.stringify({ name, version: "1.0.0", entry: "../outside.ts" }),
];

// ---- the run --------------------------------------------------------------------------------

interface Model {
  readonly name: string;
  folder: string;
  /** The marker the running generation answers with, or null when none should run. */
  serving: string | null;
  /** Whether what is on disk now is good code with a good manifest. */
  diskGood: boolean;
  /** The marker of the good code last written. */
  diskMarker: string;
  unreadable: boolean;
}

const violations: string[] = [];
const faultCounts = new Map<string, number>();
const skipped = new Map<Fault, string>();
let invariantsChecked = 0;

const fdCount = async () => (await readdir("/proc/self/fd")).length;
const fdList = async () =>
  Promise.all(
    (await readdir("/proc/self/fd")).map(async (fd) => {
      const target = await readlink(`/proc/self/fd/${fd}`).catch(() => "?");
      return `${fd} -> ${target}`;
    }),
  );
const rssMb = () => {
  Bun.gc(true);
  return process.memoryUsage().rss / 2 ** 20;
};

/** Whether chmod 000 denies reads here: not for root (CI), so that fault is skipped there. */
async function chmodDenies(dir: string): Promise<boolean> {
  const probe = join(dir, "probe");
  await writeFile(probe, "x");
  await chmod(probe, 0);
  try {
    await Bun.file(probe).text();
    return false;
  } catch {
    return true;
  } finally {
    await chmod(probe, 0o644);
    await rm(probe, { force: true });
  }
}

async function main(): Promise<number> {
  const base = await realpath(await mkdtemp(join(tmpdir(), "hotplug-soak-")));
  const root = join(base, "plugins");
  await mkdir(root);
  const started = performance.now();
  try {
    // Bun keeps one inotify fd after the first fs.watch: take the baseline after a warm-up watch.
    const warm = watch(base, () => {});
    warm.close();
    if (!(await chmodDenies(base))) {
      skipped.set(
        "permission-denied",
        `running as uid ${process.getuid?.()}: chmod 000 does not deny reads to root`,
      );
    }
    const fdBaseline = await fdCount();
    const fdsBefore = await fdList();
    const kinds = FAULTS.filter((kind) => !skipped.has(kind));
    return await soak(root, kinds, fdBaseline, fdsBefore, started);
  } finally {
    await rm(base, { recursive: true, force: true });
  }
}

async function soak(
  root: string,
  kinds: readonly Fault[],
  fdBaseline: number,
  fdsBefore: string[],
  started: number,
): Promise<number> {
  const models: Model[] = [];
  for (let i = 0; i < PLUGINS; i++) {
    const name = `p${i}`;
    await mkdir(join(root, name));
    await writeFile(join(root, name, "plugin.json"), manifest(name));
    await writeFile(join(root, name, "index.ts"), entrySource(`${name}-c0`));
    models.push({
      name,
      folder: name,
      serving: `${name}-c0`,
      diskGood: true,
      diskMarker: `${name}-c0`,
      unreadable: false,
    });
  }

  const events: HostEvent[] = [];
  const wake: (() => void)[] = [];
  const system = new HotReloadSystem({
    dir: root,
    debounceInterval: DEBOUNCE,
    maxWait: Math.max(DEBOUNCE * 10, 200),
    maxConcurrentReloads: 4,
    timeout: TIMEOUT,
    logger: createLogger("silent"),
  });
  system.on((event) => {
    events.push(event);
    for (const done of wake.splice(0)) done();
  });
  // As serve-host.ts does: a plugin's stray error must not take the host down.
  const unattributed: unknown[] = [];
  const onUncaught = (error: unknown) => {
    if (!system.handleUncaught(error)) unattributed.push(error);
  };
  process.on("uncaughtException", onUncaught);
  process.on("unhandledRejection", onUncaught);

  const fail = (cycle: number, what: string) => {
    violations.push(`cycle ${cycle}: ${what}`);
    if (flags.verbose || violations.length <= 20)
      console.error(`VIOLATION cycle ${cycle}: ${what}`);
  };

  /** Waits until `ok()` holds, waking on every host event (and every 50 ms for timers). */
  const until = async (ok: () => boolean, ms = DEADLINE_MS): Promise<boolean> => {
    const deadline = Date.now() + ms;
    while (!ok()) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      await new Promise<void>((done) => {
        const timer = setTimeout(done, Math.min(50, left));
        wake.push(() => {
          clearTimeout(timer);
          done();
        });
      });
    }
    return true;
  };
  const withDeadline = async <T>(what: string, promise: Promise<T>): Promise<T | undefined> => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<undefined>((done) => {
      timer = setTimeout(() => done(undefined), DEADLINE_MS);
    });
    const result = await Promise.race([promise.then((value) => ({ value })), late]);
    clearTimeout(timer);
    if (!result) throw new Error(`${what} did not finish within ${DEADLINE_MS} ms`);
    return result.value;
  };

  const markerOf = (name: string): string | null => {
    const api = system.api(name) as { marker?: () => string } | undefined;
    try {
      return api?.marker?.() ?? null;
    } catch (error) {
      if (error instanceof PluginUnavailableError) return null; // no generation serves
      throw error;
    }
  };
  /** After a fault whose outcome races the reload: either the old or the new code serves. */
  const settleServing = async (cycle: number, m: Model, marker: string) => {
    await withDeadline("idle", system.idle());
    const now = markerOf(m.name);
    if (now !== m.serving && now !== marker)
      fail(cycle, `${m.name}: serves ${now}, neither ${m.serving} nor ${marker}`);
    m.serving = now;
  };
  const seen = (from: number, match: (event: HostEvent) => boolean) =>
    events.slice(from).some(match);
  const failedFor = (name: string, phases: readonly string[]) => (event: HostEvent) =>
    event.type === "plugin:failed" && event.plugin === name && phases.includes(event.phase);

  const writeEntry = (m: Model, source: string) =>
    writeFile(join(root, m.folder, "index.ts"), source);
  const writeManifest = (m: Model, text: string) =>
    writeFile(join(root, m.folder, "plugin.json"), text);

  /** The invariants after every step: alive, serving, metrics agree with the events. */
  const check = async (cycle: number, step: string) => {
    await withDeadline(`idle after ${step}`, system.idle());
    invariantsChecked++;
    if (unattributed.length > 0) {
      fail(cycle, `${step}: uncaught error outside any plugin: ${String(unattributed[0])}`);
      unattributed.length = 0;
    }
    for (const m of models) {
      invariantsChecked++;
      // A reload that the last fs event triggers may still be on its way: wait for it.
      const ok = await until(() => markerOf(m.name) === m.serving, m.serving ? DEADLINE_MS : 0);
      if (!ok) {
        const status = system.status().find((s) => s.name === m.name);
        fail(
          cycle,
          `${step}: ${m.name} should serve ${m.serving ?? "nothing"} but serves ${markerOf(m.name)} (${JSON.stringify(status)})`,
        );
        m.serving = markerOf(m.name); // report each divergence once
      }
    }
    await withDeadline(`idle after ${step}`, system.idle());
    const metrics = system.getMetrics();
    const reloaded = events.filter((e) => e.type === "plugin:reloaded").length;
    const failed = events.filter((e) => e.type === "plugin:failed").length;
    invariantsChecked += 2;
    if (metrics.reloadCount !== reloaded)
      fail(cycle, `${step}: reloadCount ${metrics.reloadCount} != ${reloaded} reloaded events`);
    if (metrics.errorCount !== failed)
      fail(cycle, `${step}: errorCount ${metrics.errorCount} != ${failed} failed events`);
    const runtime = events.find((e) => e.type === "plugin:failed" && e.phase === "runtime");
    if (runtime) fail(cycle, `${step}: unexpected runtime failure ${JSON.stringify(runtime)}`);
  };

  /** Saves good code with `marker` (and a good manifest); it must serve afterwards. */
  const fix = async (m: Model, marker: string, cycle: number) => {
    if (m.unreadable) {
      await chmod(join(root, m.folder, "index.ts"), 0o644).catch(() => undefined);
      m.unreadable = false;
    }
    await writeManifest(m, manifest(m.name));
    await writeEntry(m, entrySource(marker));
    Object.assign(m, { diskGood: true, diskMarker: marker, serving: marker });
    await check(cycle, `fix of ${m.name}`);
  };

  /** Waits for the failure a fault must cause; reports it when it never comes. */
  const expectFailure = async (cycle: number, m: Model, from: number, phases: string[]) => {
    if (!(await until(() => seen(from, failedFor(m.name, phases))))) {
      fail(cycle, `${m.name}: no plugin:failed (${phases.join("|")}) event`);
    }
  };

  const inject = async (fault: Fault, m: Model, cycle: number) => {
    const from = events.length;
    const marker = `${m.name}-c${cycle}-fault`;
    switch (fault) {
      case "syntax-error":
        await writeEntry(m, entrySource(marker, { syntaxError: true }));
        m.diskGood = false;
        return expectFailure(cycle, m, from, ["import"]);
      case "throw-at-import":
        await writeEntry(m, entrySource(marker, { importThrows: true }));
        m.diskGood = false;
        return expectFailure(cycle, m, from, ["import"]);
      case "throw-in-setup":
        await writeEntry(m, entrySource(marker, { setup: "throw" }));
        m.diskGood = false;
        return expectFailure(cycle, m, from, ["setup"]);
      case "throw-in-start":
        await writeEntry(m, entrySource(marker, { start: "throw" }));
        m.diskGood = false;
        return expectFailure(cycle, m, from, ["start"]);
      case "hang-past-timeout": {
        const hook = pick(["setup", "start"] as const);
        await writeEntry(m, entrySource(marker, { [hook]: "hang" }));
        m.diskGood = false;
        await expectFailure(cycle, m, from, [hook]);
        const timedOut = events
          .slice(from)
          .some((e) => failedFor(m.name, [hook])(e) && e.type === "plugin:failed" && e.timedOut);
        if (!timedOut) fail(cycle, `${m.name}: a hanging ${hook} was not reported timedOut`);
        return;
      }
      case "throw-in-stop": {
        // Good code whose stop() throws or hangs: it serves; the next reload meets the fault.
        await writeEntry(m, entrySource(marker, { stop: pick(["throw", "hang"] as const) }));
        Object.assign(m, { serving: marker, diskMarker: marker });
        return;
      }
      case "invalid-manifest":
        await writeManifest(m, pick(BAD_MANIFESTS)(m.name));
        m.diskGood = false;
        return expectFailure(cycle, m, from, ["manifest"]);
      case "invalid-config":
        await writeManifest(m, manifest(m.name, { greeting: 42 }));
        m.diskGood = false;
        return expectFailure(cycle, m, from, ["validate"]);
      case "deleted-mid-reload": {
        // New good code, then the entry is deleted while its reload is debounced or running.
        await writeEntry(m, entrySource(marker));
        const delay = Math.floor(random() * (DEBOUNCE * 2 + 20));
        await new Promise((done) => setTimeout(done, delay)); // the fault's timing, not a wait
        await unlink(join(root, m.folder, "index.ts"));
        m.diskGood = false;
        await expectFailure(cycle, m, from, ["manifest", "import"]);
        await settleServing(cycle, m, marker);
        return;
      }
      case "permission-denied": {
        await writeEntry(m, entrySource(marker));
        await chmod(join(root, m.folder, "index.ts"), 0);
        Object.assign(m, { diskGood: false, unreadable: true });
        await until(() =>
          seen(
            from,
            (e) =>
              (e.type === "plugin:failed" || e.type === "plugin:reloaded") && e.plugin === m.name,
          ),
        );
        await settleServing(cycle, m, marker);
        return;
      }
      case "folder-renamed": {
        const folder = `${m.name}-moved-${cycle}`;
        await rename(join(root, m.folder), join(root, folder));
        m.folder = folder;
        // Same code from a new folder: unloaded, then started again with the same marker.
        if (
          !(await until(() =>
            seen(from, (e) => e.type === "plugin:started" && e.plugin === m.name),
          ))
        )
          fail(cycle, `${m.name}: not started again from its renamed folder`);
        return;
      }
    }
  };

  await withDeadline("startWatching", system.startWatching());
  await check(0, "start");
  const rssStart = rssMb();
  const rssEarly = { at: Math.min(50, CYCLES), mb: rssStart };

  for (let cycle = 1; cycle <= CYCLES; cycle++) {
    for (const m of models) if (!m.diskGood) await fix(m, `${m.name}-c${cycle}-late-fix`, cycle);
    const fault = pick(kinds);
    const m = pick(models);
    faultCounts.set(fault, (faultCounts.get(fault) ?? 0) + 1);
    if (flags.verbose) console.error(`cycle ${cycle}: ${fault} -> ${m.name}`);
    await inject(fault, m, cycle);
    await check(cycle, `${fault} in ${m.name}`);
    if (random() < FIX_NOW) await fix(m, `${m.name}-c${cycle}`, cycle);
    if (cycle === rssEarly.at) rssEarly.mb = rssMb();
    if (cycle % 100 === 0) {
      const rate = cycle / ((performance.now() - started) / 1000);
      console.error(`soak: ${cycle}/${CYCLES} cycles (${rate.toFixed(1)}/s)`);
    }
    if (violations.length > 50) break;
  }
  for (const m of models) if (!m.diskGood) await fix(m, `${m.name}-final`, CYCLES + 1);
  const rssEnd = rssMb();

  const stoppedFrom = events.length;
  await withDeadline("shutdown", system.shutdown());
  process.off("uncaughtException", onUncaught);
  process.off("unhandledRejection", onUncaught);
  invariantsChecked += 2;
  if (!seen(stoppedFrom, (e) => e.type === "host:stopped")) fail(CYCLES, "no host:stopped");
  const unloaded = new Set(
    events
      .slice(stoppedFrom)
      .filter((e) => e.type === "plugin:unloaded")
      .map((e) => (e.type === "plugin:unloaded" ? e.plugin : "")),
  );
  const notUnloaded = models.filter((m) => !unloaded.has(m.name)).map((m) => m.name);
  if (notUnloaded.length > 0) fail(CYCLES, `not unloaded at shutdown: ${notUnloaded.join(", ")}`);

  // Closing fds may take a turn of the event loop.
  invariantsChecked++;
  let fdEnd = await fdCount();
  const fdDeadline = Date.now() + 5000;
  while (fdEnd > fdBaseline && Date.now() < fdDeadline) {
    await new Promise((done) => setTimeout(done, 50));
    fdEnd = await fdCount();
  }
  if (fdEnd > fdBaseline) {
    const before = new Set(fdsBefore);
    const extra = (await fdList()).filter((fd) => !before.has(fd));
    fail(CYCLES, `open fds ${fdEnd} > baseline ${fdBaseline}: ${extra.join(", ")}`);
  }
  const growth = rssEnd - rssEarly.mb;
  invariantsChecked++;
  if (growth > MAX_RSS_GROWTH_MB)
    fail(
      CYCLES,
      `RSS grew ${growth.toFixed(1)} MB after cycle ${rssEarly.at}, over ${MAX_RSS_GROWTH_MB} MB`,
    );

  const seconds = (performance.now() - started) / 1000;
  const reloaded = events.filter((e) => e.type === "plugin:reloaded").length;
  const failed = events.filter((e) => e.type === "plugin:failed").length;
  const lines = [
    `soak: seed ${SEED}`,
    `cycles: ${CYCLES} over ${PLUGINS} plugins (timeout ${TIMEOUT} ms, debounce ${DEBOUNCE} ms)`,
    "faults by kind:",
    ...FAULTS.map((kind) =>
      skipped.has(kind)
        ? `  ${kind}: skipped (${skipped.get(kind)})`
        : `  ${kind}: ${faultCounts.get(kind) ?? 0}`,
    ),
    `events: ${reloaded} reloaded, ${failed} failed, ${events.length} in all`,
    `invariants checked: ${invariantsChecked}`,
    `duration: ${seconds.toFixed(1)} s`,
    `RSS: ${rssStart.toFixed(1)} MB at start, ${rssEarly.mb.toFixed(1)} MB after cycle ${rssEarly.at}, ${rssEnd.toFixed(1)} MB at end: growth ${growth.toFixed(1)} MB since cycle ${rssEarly.at} (limit ${MAX_RSS_GROWTH_MB} MB), ${(rssEnd - rssStart).toFixed(1)} MB in all`,
    `open fds: ${fdEnd} after shutdown, baseline ${fdBaseline}`,
    `violations: ${violations.length}`,
  ];
  console.log(lines.join("\n"));
  if (violations.length > 0) {
    console.error(
      `soak FAILED (seed ${SEED}; replay: bun run soak --cycles ${CYCLES} --seed ${SEED})`,
    );
    for (const violation of violations.slice(0, 20)) console.error(`  ${violation}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    console.error(`soak crashed (seed ${SEED}):`, error);
    process.exitCode = 1;
  },
);
