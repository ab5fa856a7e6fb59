import { ReloadError, type ReloadPhase } from "../../errors/reload-error.ts";

/**
 * An error as it crosses a worker boundary: structured clone keeps only some of an Error, so
 * what a user needs (name, message, stack, a syntax error's position, several build messages,
 * a ReloadError's phase and file) is copied out explicitly.
 */
export interface WireError {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly position?: unknown;
  readonly errors?: readonly WireError[];
  readonly reload?: { readonly phase: ReloadPhase; readonly file?: string };
  /** What it was caused by: a hook's failure carries the plugin's own error, stack and all. */
  readonly cause?: WireError;
}

export function toWire(error: unknown, depth = 0): WireError {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { code, position, errors, cause } = error as Error & {
    code?: unknown;
    position?: unknown;
    errors?: unknown;
  };
  return {
    name: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack } : {}),
    ...(typeof code === "string" ? { code } : {}),
    ...(position ? { position: plain(position) } : {}),
    ...(Array.isArray(errors) && depth === 0
      ? { errors: errors.map((inner) => toWire(inner, 1)) }
      : {}),
    ...(error instanceof ReloadError
      ? { reload: { phase: error.phase, ...(error.file ? { file: error.file } : {}) } }
      : {}),
    ...(cause !== undefined && depth === 0 ? { cause: toWire(cause, 1) } : {}),
  };
}

/** The error again on this side, as close to the original as the facts allow. */
export function fromWire(wire: WireError, pluginName: string): Error {
  const cause = wire.cause ? fromWire(wire.cause, pluginName) : undefined;
  const error: Error & { code?: string; position?: unknown; errors?: Error[] } = wire.reload
    ? new ReloadError(wire.message, { pluginName, ...wire.reload, cause })
    : new Error(wire.message, cause === undefined ? {} : { cause });
  error.name = wire.name;
  if (wire.stack) error.stack = wire.stack;
  if (wire.code) error.code = wire.code;
  if (wire.position) error.position = wire.position;
  if (wire.errors) error.errors = wire.errors.map((inner) => fromWire(inner, pluginName));
  return error;
}

/** A position object of Bun's BuildMessage (getters on a class) as plain data. */
function plain(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const key of ["file", "line", "column", "lineText", "offset", "length"]) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) out[key] = field;
  }
  return out;
}
