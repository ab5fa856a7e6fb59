// The entry point of every plugin worker: it connects to the host and lets a WorkerSide answer
// it. Plugin code is only ever imported here, inside the worker.
import { connectToHost } from "../../runtime/worker-host-port.ts";
import { WorkerSide } from "./worker-side.ts";

let side: WorkerSide | undefined;
const host = await connectToHost((error) => side?.crashed(error));
side = new WorkerSide(host);

// A plugin's console output goes to its log, like ctx.log: a worker's own stdout is the
// host's, where `--json` writes its event stream.
const log = side.log as unknown as Record<string, (...args: unknown[]) => void>;
for (const level of ["log", "info", "debug", "trace", "warn", "error"] as const) {
  (console as unknown as Record<string, (...args: unknown[]) => void>)[level] = (...args) =>
    log[level]?.(...args);
}
