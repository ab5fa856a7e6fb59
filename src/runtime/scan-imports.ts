import { type JsToken, jsTokens } from "./js-tokens.ts";

const is = (token: JsToken | undefined, kind: JsToken["kind"], value?: string) =>
  token?.kind === kind && (value === undefined || token.value === value);

/**
 * Whether the `{ ... }` specifier list from `open` (the `{`) to `close` names only types:
 * `{ type A, type B as C }`. An empty list is a value import, as in Bun's scanner.
 */
function onlyTypes(tokens: JsToken[], open: number, close: number): boolean {
  let sawSpecifier = false;
  let start = open + 1;
  for (let k = open + 1; k <= close; k++) {
    if (k < close && !is(tokens[k], "punct", ",")) continue;
    if (k > start) {
      sawSpecifier = true;
      const typed = is(tokens[start], "name", "type") && k - start >= 2;
      if (!typed || is(tokens[start + 1], "name", "as")) return false;
    }
    start = k + 1;
  }
  return sawSpecifier;
}

/** Index of the `}` closing the `{` at `open`, or -1. */
function closing(tokens: JsToken[], open: number): number {
  let depth = 0;
  for (let k = open; k < tokens.length; k++) {
    if (is(tokens[k], "punct", "{")) depth++;
    else if (is(tokens[k], "punct", "}") && --depth === 0) return k;
  }
  return -1;
}

/**
 * The module specifier of a static `import`/`export ... from` clause starting at `k` (just
 * after the keyword), or undefined when the statement imports nothing at run time.
 */
function clauseSource(tokens: JsToken[], k: number, keyword: "import" | "export") {
  let typeOnly = false;
  if (is(tokens[k], "name", "type")) {
    // `import type from "x"` imports a default export named `type`.
    const defaultNamedType = is(tokens[k + 1], "name", "from") && is(tokens[k + 2], "string");
    if (!defaultNamedType) return undefined;
  }
  let j = k;
  if (keyword === "export") {
    if (is(tokens[j], "punct", "*")) {
      j++;
      if (is(tokens[j], "name", "as")) j += 2;
    } else if (is(tokens[j], "punct", "{")) {
      const end = closing(tokens, j);
      if (end === -1) return undefined;
      typeOnly = onlyTypes(tokens, j, end);
      j = end + 1;
    } else {
      return undefined; // export const / function / default ...: declares, imports nothing
    }
  } else {
    if (tokens[j]?.kind === "name" && !is(tokens[j], "name", "from")) {
      j++; // default import
      if (is(tokens[j], "punct", ",")) j++;
    } else if (is(tokens[j], "name", "from") && is(tokens[j + 1], "name", "from")) {
      j++; // `import from from "x"`
    }
    if (is(tokens[j], "punct", "*")) {
      j += 3; // * as ns
    } else if (is(tokens[j], "punct", "{")) {
      const end = closing(tokens, j);
      if (end === -1) return undefined;
      // `import A, { type B }` still imports A.
      typeOnly = j === k && onlyTypes(tokens, j, end);
      j = end + 1;
    }
  }
  const from = tokens[j + 1];
  if (!is(tokens[j], "name", "from") || from?.kind !== "string") return undefined;
  return typeOnly ? undefined : from.value;
}

/**
 * Specifiers a module imports at run time, in source order: `import ... from "x"`,
 * `import "x"`, `export ... from "x"` and `import("x")` with a literal. Type-only imports and
 * re-exports (`import type`, `{ type A }`) are left out, as are comments, strings and
 * templates that merely contain the word. The runtimes without Bun's Transpiler use it.
 */
export function scanImports(source: string): string[] {
  const tokens = jsTokens(source);
  const found: string[] = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k] as JsToken;
    if (token.kind !== "name" || (token.value !== "import" && token.value !== "export")) continue;
    if (is(tokens[k - 1], "punct", ".")) continue; // a property: `loader.import(...)`
    const next = tokens[k + 1];
    if (token.value === "import" && is(next, "punct", "(")) {
      const arg = tokens[k + 2];
      const after = tokens[k + 3];
      if (arg?.kind === "string" && (is(after, "punct", ")") || is(after, "punct", ","))) {
        found.push(arg.value);
      }
    } else if (token.value === "import" && next?.kind === "string") {
      found.push(next.value);
    } else {
      const specifier = clauseSource(tokens, k + 1, token.value);
      if (specifier !== undefined) found.push(specifier);
    }
  }
  return found;
}
