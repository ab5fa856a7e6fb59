import { lineAndColumn } from "../../errors/source-location.ts";
/** Where a JSON text first goes wrong: 1-based line and column (UTF-16 units, as editors count). */
export interface JsonErrorLocation {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

class Stop {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {}
}

const LITERALS = ["true", "false", "null"];

/**
 * Finds the first syntax error in `text`, or returns undefined when it is valid JSON.
 * It exists because JavaScriptCore's `JSON.parse` errors carry no position ("JSON Parse error:
 * Expected '}'") and V8's wording changes between versions: one locator gives every runtime
 * the same `line:column: problem`. Only called after `JSON.parse` failed, so speed is moot.
 */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let i = 0;
  const show = (at: number) =>
    at >= text.length ? "end of file" : JSON.stringify(text.slice(at, at + 1));
  const fail = (problem: string, at = i): never => {
    throw new Stop(at, problem);
  };
  const skipSpace = () => {
    while (i < text.length && " \t\n\r".includes(text.charAt(i))) i++;
  };
  const expectChar = (char: string, what: string) => {
    skipSpace();
    if (text[i] !== char) fail(`expected ${what}, got ${show(i)}`);
    i++;
  };

  const string = () => {
    const start = i++;
    for (;;) {
      const c = text.charCodeAt(i);
      if (i >= text.length || c === 0x0a || c === 0x0d) fail("unterminated string", start);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail("control character in string; write it as an escape such as \\t");
      if (c === 0x5c) {
        const e = text.charAt(i + 1);
        if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (e !== "" && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(`invalid escape ${JSON.stringify(text.slice(i, i + 2))} in string`);
      } else i++;
    }
  };

  const number = () => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!match) fail(`invalid number starting at ${show(i)}`);
    i += match?.[0].length ?? 0;
    if (/[0-9.eE+-]/.test(text.charAt(i))) fail(`invalid number, unexpected ${show(i)}`);
  };

  let depth = 0;
  const container = (close: string, item: () => void) => {
    // Recursion is bounded so a hostile `[[[[...` reports an error instead of a stack overflow.
    if (++depth > 512) fail("nested deeper than 512 levels");
    i++;
    skipSpace();
    let more = text[i] !== close;
    while (more) {
      item();
      skipSpace();
      if (text[i] !== "," && text[i] !== close) fail(`expected "," or "${close}", got ${show(i)}`);
      more = text[i] === ",";
      if (more) {
        const comma = i++;
        skipSpace();
        if (text[i] === close) fail(`trailing comma before "${close}"`, comma);
      }
    }
    i++;
    depth--;
  };

  const value = (): void => {
    skipSpace();
    const c = text.charAt(i);
    const word = /^[A-Za-z_$][\w$]*/.exec(text.slice(i, i + 64))?.[0];
    if (c === "{") container("}", member);
    else if (c === "[") container("]", value);
    else if (c === '"') string();
    else if (c === "-" || (c >= "0" && c <= "9")) number();
    else if (word && LITERALS.includes(word)) i += word.length;
    else if (word) fail(`unexpected word ${JSON.stringify(word)}; strings need double quotes`);
    else fail(`expected a value, got ${show(i)}`);
  };

  function member() {
    skipSpace();
    if (text[i] !== '"') {
      const quote = text[i] === "'" ? "; JSON needs double quotes" : "";
      fail(`expected a property name in double quotes, got ${show(i)}${quote}`);
    }
    string();
    expectChar(":", '":" after the property name');
    value();
  }

  try {
    skipSpace();
    if (i >= text.length) fail("file is empty; expected a JSON object");
    value();
    skipSpace();
    if (i < text.length) fail(`unexpected ${show(i)} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
    return { ...lineAndColumn(text, error.offset), offset: error.offset, problem: error.problem };
  }
}
