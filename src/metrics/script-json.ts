/**
 * JSON to place inside a <script> element. The HTML parser ends a script at `</script` and
 * treats `<!--` specially whatever the JSON means, so `<`, `>` and `&` go out as \u escapes
 * (still the same JSON); U+2028 and U+2029 too, which older JS parsers took as line ends.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}
