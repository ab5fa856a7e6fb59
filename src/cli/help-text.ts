import { stripVTControlCharacters } from "node:util";
import { painter } from "../use-color.ts";

const HEADING = /^(USAGE|ARGUMENTS|OPTIONS|COMMANDS)\b(.*)$/;
const ENTRY = /^(\s*)(\S+)(\s{4}.*)?$/;
const HINT = /\((?:Default: [^)]*|Required)\)/g;

/**
 * citty's usage text, coloured by hotplug's rule rather than citty's own (which looks only at
 * NO_COLOR=1, CI and TERM, never at the terminal): plain unless `color`, and then styled as
 * citty styles it (bold headings, cyan names, grey hints) whatever citty decided.
 */
export function helpText(usage: string, color: boolean): string {
  const plain = stripVTControlCharacters(usage);
  if (!color) return plain;
  const paint = painter(color);
  const lines = plain.split("\n");
  return lines
    .map((line, index) => {
      if (index === 0) return paint("gray", line);
      const heading = HEADING.exec(line);
      if (heading) {
        const rest = heading[2] ? ` ${paint("cyan", (heading[2] as string).trim())}` : "";
        return `${paint("underline", paint("bold", heading[1] as string))}${rest}`;
      }
      const use = line.replace(
        /^Use (.+?) for /,
        (_, command: string) => `Use ${paint("cyan", command)} for `,
      );
      if (use !== line) return use;
      const entry = ENTRY.exec(line);
      if (!entry || line.trim() === "") return line;
      const description = (entry[3] ?? "").replace(HINT, (hint) => paint("gray", hint));
      return `${entry[1]}${paint("cyan", entry[2] as string)}${description}`;
    })
    .join("\n");
}
