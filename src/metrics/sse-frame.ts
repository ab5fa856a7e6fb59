/**
 * One Server-Sent Events message. The format splits fields at CR, LF and CRLF, so each line of
 * `data` becomes its own `data:` field (the client joins them back with "\n"); a JSON text
 * from JSON.stringify holds no raw line break, so an event is always exactly one `data:` line.
 */
export function sseMessage(data: string, id?: number): string {
  const head = id === undefined ? "" : `id: ${id}\n`;
  return `${head}${data
    .split(/\r\n|\r|\n/)
    .map((line) => `data: ${line}\n`)
    .join("")}\n`;
}

/** A comment line: clients ignore it, proxies and sockets see traffic. */
export function sseComment(text: string): string {
  return `: ${text.replace(/\r\n|\r|\n/g, " ")}\n\n`;
}
