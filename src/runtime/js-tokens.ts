/** A significant token of JavaScript/TypeScript source: comments and whitespace are dropped. */
export type JsToken =
  | { readonly kind: "name"; readonly value: string }
  | { readonly kind: "punct"; readonly value: string }
  /** A string literal, or a template literal without `${}` (its text is fixed too). */
  | { readonly kind: "string"; readonly value: string }
  /** Anything else whose text does not matter here: numbers, regexes, templates with `${}`. */
  | { readonly kind: "other"; readonly value: "" };

const NAME_START = /[A-Za-z_$#\u0080-\uffff]/;
const NAME_PART = /[\w$\u0080-\uffff]/;
const SPACE = /\s/;
/** After these a `/` starts a regular expression; after anything else it divides. */
const BEFORE_REGEX_PUNCT = new Set("(,=:[!&|?{};+-*%<>~^".split(""));
const BEFORE_REGEX_NAME = new Set(
  "return typeof instanceof in of new delete void throw case do else yield await".split(" "),
);

const unescaped = (raw: string) => raw.replace(/\\(.)/g, "$1");

/**
 * Splits source into tokens, enough to find import statements: strings, comments, template
 * literals (with code inside `${}`) and regex literals are recognised so that the word
 * `import` inside them is never mistaken for a statement. JSX text is not understood.
 */
export function jsTokens(source: string): JsToken[] {
  const tokens: JsToken[] = [];
  /** One entry per open `{`: true when it is a template's `${`, so `}` resumes the template. */
  const braces: boolean[] = [];
  const length = source.length;
  let i = 0;

  const regexAllowed = () => {
    const last = tokens[tokens.length - 1];
    if (!last) return true;
    if (last.kind === "punct") return BEFORE_REGEX_PUNCT.has(last.value);
    return last.kind === "name" && BEFORE_REGEX_NAME.has(last.value);
  };

  /** Reads template text from `i` (just after "`" or a closing `}`) to its end or next `${`. */
  const template = (start: number) => {
    let text = "";
    while (i < length) {
      const c = source[i] as string;
      if (c === "\\") {
        text += source.slice(i, i + 2);
        i += 2;
      } else if (c === "`") {
        i++;
        const whole = source[start - 1] === "`";
        tokens.push(
          whole ? { kind: "string", value: unescaped(text) } : { kind: "other", value: "" },
        );
        return;
      } else if (c === "$" && source[i + 1] === "{") {
        i += 2;
        braces.push(true);
        tokens.push({ kind: "other", value: "" });
        return;
      } else {
        text += c;
        i++;
      }
    }
  };

  while (i < length) {
    const c = source[i] as string;
    const next = source[i + 1];
    if (SPACE.test(c)) {
      i++;
    } else if (c === "/" && next === "/") {
      const end = source.indexOf("\n", i);
      i = end === -1 ? length : end;
    } else if (c === "/" && next === "*") {
      const end = source.indexOf("*/", i + 2);
      i = end === -1 ? length : end + 2;
    } else if (c === '"' || c === "'") {
      let j = i + 1;
      // A string never spans a line: an unbalanced quote (JSX text) stops at the line's end.
      while (j < length && source[j] !== c && source[j] !== "\n") j += source[j] === "\\" ? 2 : 1;
      tokens.push({ kind: "string", value: unescaped(source.slice(i + 1, j)) });
      i = j + 1;
    } else if (c === "`") {
      i++;
      template(i);
    } else if (c === "/" && regexAllowed()) {
      let j = i + 1;
      let inClass = false;
      while (j < length && source[j] !== "\n" && (inClass || source[j] !== "/")) {
        if (source[j] === "\\") j++;
        else if (source[j] === "[") inClass = true;
        else if (source[j] === "]") inClass = false;
        j++;
      }
      j++;
      while (j < length && NAME_PART.test(source[j] as string)) j++;
      tokens.push({ kind: "other", value: "" });
      i = j;
    } else if (NAME_START.test(c)) {
      let j = i + 1;
      while (j < length && NAME_PART.test(source[j] as string)) j++;
      tokens.push({ kind: "name", value: source.slice(i, j) });
      i = j;
    } else if (/\d/.test(c) || (c === "." && /\d/.test(next ?? ""))) {
      let j = i + 1;
      while (j < length && /[\w.]/.test(source[j] as string)) j++;
      tokens.push({ kind: "other", value: "" });
      i = j;
    } else if (c === "}" && braces.length > 0 && braces[braces.length - 1]) {
      braces.pop();
      i++;
      template(i);
    } else {
      if (c === "{") braces.push(false);
      else if (c === "}") braces.pop();
      tokens.push({ kind: "punct", value: c });
      i++;
    }
  }
  return tokens;
}
