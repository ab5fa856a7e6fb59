import type { ArgsDef } from "citty";
import { UsageError } from "./usage-error.ts";

const BUILT_IN = new Set(["help", "h", "version", "v"]);

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Every `--flag` in `rawArgs` must be one the command defines: a typo is not silently ignored. */
export function rejectUnknownFlags(rawArgs: readonly string[], args: ArgsDef): void {
  const known = new Set(BUILT_IN);
  for (const [name, def] of Object.entries(args)) {
    known.add(kebab(name));
    if (def.type === "boolean") known.add(`no-${kebab(name)}`);
    const aliases = "alias" in def ? def.alias : undefined;
    for (const alias of [aliases ?? []].flat()) known.add(alias);
  }
  for (const arg of rawArgs) {
    if (arg === "--") return;
    const match = /^--?([^=]+)/.exec(arg);
    if (!match?.[1] || /^-\d/.test(arg)) continue;
    const names = arg.startsWith("--") ? [match[1]] : [...match[1]];
    for (const name of names) {
      if (!known.has(name))
        throw new UsageError(`Unknown flag: ${arg.startsWith("--") ? "--" : "-"}${name}`);
    }
  }
}

/** All values of a repeatable `--name value` / `--name=value` flag, in order (citty keeps the last). */
export function repeatedValues(rawArgs: readonly string[], name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] as string;
    if (arg === "--") break;
    if (arg === `--${name}`) {
      const value = rawArgs[i + 1];
      if (value === undefined || value.startsWith("--"))
        throw new UsageError(`--${name} needs a value`);
      values.push(value);
      i++;
    } else if (arg.startsWith(`--${name}=`)) {
      values.push(arg.slice(name.length + 3));
    }
  }
  return values;
}
