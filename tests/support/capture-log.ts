import {
  type ConsolaInstance,
  createConsola,
  LogLevels,
  type LogObject,
  type LogType,
} from "consola";

/**
 * A logger whose lines a test can read (consola's reporter hook). `level` is set because
 * consola's own default under `bun test` (NODE_ENV=test) is warn.
 */
export function capturingLogger(level: LogType = "verbose"): {
  logger: ConsolaInstance;
  lines: LogObject[];
  /** The text of each line that includes `what`, with its type: `warn caf\xe9/: ...`. */
  about(what: string): string[];
} {
  const lines: LogObject[] = [];
  const logger = createConsola({
    level: LogLevels[level],
    reporters: [{ log: (entry) => void lines.push(entry) }],
  });
  const about = (what: string) =>
    lines
      .map((line) => `${line.type} ${line.args.map(String).join(" ")}`)
      .filter((text) => text.includes(what));
  return { logger, lines, about };
}
