/** A helper shared by two plugins: saving it reloads both of them (and only them). */
export function stamp(text: string): string {
  return `[${new Date().toISOString().slice(11, 19)}] ${text}`;
}
