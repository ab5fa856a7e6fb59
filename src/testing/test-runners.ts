import { presentError } from "../errors/present-error.ts";
import { ReloadError } from "../errors/reload-error.ts";
import type { Isolation } from "../host-events.ts";
import type { Candidate, Generation, Runners, StartOptions } from "../plugin/generation-runner.ts";

/** What replaces a plugin's plugin.json fields in a test host. */
export interface ManifestOverride {
  /** Any value (a stand-in's config is the object it answers with), not only JSON. */
  readonly config?: Record<string, unknown>;
  readonly isolation?: Isolation;
}

export interface TestRunnersOptions {
  /** By plugin name. */
  readonly overrides: ReadonlyMap<string, ManifestOverride>;
  /**
   * The real plugins folder the tested plugin lives in. The test host's own folder only links
   * to it, so frames there would not count as the plugin's own: failures are located by this.
   */
  readonly home: string;
  readonly cwd: string;
  /** A generation of `plugin` started (and so serves) with `state` as its ctx.state. */
  readonly onStart: (plugin: string, generation: number, state: unknown) => void;
}

/**
 * The host's runners as a test host needs them (HotReloadOptions.wrapRunners): manifests read
 * with their overrides, every start seen with its state, failures located in the plugin's real
 * folder. Modules are still imported, validated and started by the host's own runners.
 */
export function testRunners(runners: Runners, options: TestRunnersOptions): Runners {
  return {
    byIsolation: runners.byIsolation,
    scan: (entry) => runners.scan(entry),
    async load(loaded, isolation, request) {
      const override = options.overrides.get(loaded.manifest.name);
      const manifest = override ? { ...loaded.manifest, ...override } : loaded.manifest;
      const candidate = await runners.load({ ...loaded, manifest }, isolation, {
        ...request,
        root: options.home,
      });
      return observed(candidate, options);
    },
    close: () => runners.close(),
  };
}

/**
 * The candidate, with its starts seen. Its generations point back to this wrapper, so a
 * rollback (which starts `generation.candidate` again) is seen too.
 */
function observed(candidate: Candidate, options: TestRunnersOptions): Candidate {
  const located = locate(options);
  const start = async (startOptions: StartOptions): Promise<Generation> => {
    const generation = await candidate.start(startOptions).catch(located);
    options.onStart(candidate.name, startOptions.number, startOptions.state);
    const stop = (timeoutMs: number) => generation.stop(timeoutMs).catch(located);
    const snapshot = (timeoutMs: number) => generation.snapshot(timeoutMs).catch(located);
    return { ...generation, candidate: wrapper, stop, snapshot };
  };
  const wrapper: Candidate = { ...candidate, start };
  return wrapper;
}

/** A hook's failure, with its report made against the plugin's real folder. */
const locate =
  ({ home, cwd }: TestRunnersOptions) =>
  (error: unknown): never => {
    if (error instanceof ReloadError && !error.report && error.cause !== undefined) {
      error.report = presentError(error.cause, { root: home, cwd });
    }
    throw error;
  };
