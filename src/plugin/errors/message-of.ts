/** The message of anything thrown: an Error's (or an error-shaped copy's), else its text. */
export const messageOf = (thrown: unknown): string =>
  typeof (thrown as { message?: unknown } | null)?.message === "string"
    ? (thrown as { message: string }).message
    : String(thrown);
