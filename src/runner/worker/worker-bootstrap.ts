// The entry point of every plugin worker: it imports one plugin and runs its hooks when the
// host asks. Plugin code is only ever imported here, inside the worker.

import type { PluginContext } from "../../plugin/plugin.ts";
import { type ValidatedPlugin, validatePlugin } from "../../plugin/validate-plugin.ts";
import { connectToHost } from "../../runtime/worker-host-port.ts";
import { forwardingLog } from "./forwarding-log.ts";
import { Peer } from "./peer.ts";
import type { HostRequest, WorkerRequest } from "./protocol.ts";
import { remoteApi, shapeOf } from "./remote-api.ts";
import { fromWire, toWire } from "./wire-error.ts";

let name = "plugin";
let loaded: ValidatedPlugin | undefined;
let running: { ctx: PluginContext; controller: AbortController; api: unknown } | undefined;

/** An answer that cannot cross is named by what it is: the user wrote that stop(), not "a result". */
const REPLIES: Partial<Record<HostRequest["kind"], string>> = {
  stop: "the state stop() returned",
  snapshot: "the state snapshot() returned",
};

const host = await connectToHost((error) => peer.event({ kind: "crash", error: toWire(error) }));
const peer = new Peer<HostRequest, WorkerRequest>(
  host,
  handle,
  () => {},
  (reply) => fromWire(reply.error, name),
  (request) => REPLIES[request.kind] ?? "the result",
);

/** The plugin's log, forwarded to the host's logger, which tags and filters it. */
const log = forwardingLog((level, args) => {
  try {
    peer.event({ kind: "log", level, args });
  } catch {
    // Something in it cannot be cloned: send it as text.
    peer.event({ kind: "log", level, args: args.map((arg) => String(arg)) });
  }
});

// A plugin's console output goes to its log, like ctx.log: a worker's own stdout is the
// host's, where `--json` writes its event stream.
const CONSOLE_LEVELS = {
  log: "log",
  info: "info",
  debug: "debug",
  trace: "trace",
  warn: "warn",
  error: "error",
} as const;
for (const [method, level] of Object.entries(CONSOLE_LEVELS)) {
  (console as unknown as Record<string, (...args: unknown[]) => void>)[method] = (...args) =>
    (log as unknown as Record<string, (...args: unknown[]) => void>)[level]?.(...args);
}

function current() {
  if (!running) throw new Error(`${name} has no running generation in this worker`);
  return running;
}

async function handle(request: HostRequest): Promise<unknown> {
  switch (request.kind) {
    case "load": {
      name = request.name;
      const namespace = (await import(request.entry)) as Record<string, unknown>;
      const shown = { entry: request.shownEntry, manifest: request.manifestFile };
      loaded = await validatePlugin(name, shown, namespace, request.config);
      return undefined;
    }
    case "setup": {
      if (!loaded) throw new Error(`${name}: setup before the module was loaded`);
      const { plugin, config } = loaded;
      const controller = new AbortController();
      const deps: Record<string, unknown> = {};
      for (const [dep, shape] of Object.entries(request.deps)) {
        deps[dep] = remoteApi(shape, {
          call: (prop, args) =>
            peer.request(
              { kind: "dep-call", dep, prop, args },
              `the arguments of ${dep}.${prop}()`,
            ),
          get: (prop) => peer.request({ kind: "dep-get", dep, prop }, `a read of ${dep}.${prop}`),
        });
      }
      const ctx: PluginContext = {
        name,
        version: request.version,
        generation: request.number,
        config,
        state: request.state,
        deps,
        whenRunning: async (dep, options) => {
          if (!(dep in deps))
            throw new TypeError(
              `Cannot wait for ${dep}: it is not in ${name}'s dependsOn (${Object.keys(deps).join(", ") || "none"})`,
            );
          const wait = {
            kind: "dep-wait",
            dep,
            ...(options?.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
          } as const;
          await peer.request(wait, `a wait for ${dep}`);
          return deps[dep];
        },
        log,
        signal: controller.signal,
      };
      const api = await plugin.setup(ctx);
      running = { ctx, controller, api };
      return shapeOf(api);
    }
    case "start":
      return await loaded?.plugin.start?.(current().ctx);
    case "stop": {
      const { ctx, controller } = current();
      try {
        return await loaded?.plugin.stop?.(ctx);
      } finally {
        controller.abort(new Error(`${name} generation stopped`));
        running = undefined;
      }
    }
    case "snapshot":
      return await loaded?.plugin.snapshot?.(current().ctx);
    case "health":
      return (await loaded?.plugin.health?.(current().ctx)) ?? { ok: true };
    case "call": {
      const { api } = current();
      const fn = (api as Record<string, unknown>)[request.prop];
      if (typeof fn !== "function")
        throw new TypeError(`${name}: ${request.prop} is not a function`);
      return await fn.apply(api, request.args);
    }
    case "get":
      return (current().api as Record<string, unknown>)[request.prop];
  }
}
