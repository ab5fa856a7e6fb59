import { expect } from "bun:test";
import {
  ManifestError,
  type ManifestErrorCode,
} from "../../../src/plugin/manifest/manifest-error.ts";
import { readManifest } from "../../../src/plugin/manifest/read-manifest.ts";

export interface ExpectedError {
  readonly code: ManifestErrorCode;
  readonly field?: string | undefined;
  readonly at?: readonly [line: number, column: number];
  readonly fragment: string;
}

/**
 * Reads `dir` with a display path and checks the error names that path and the field (or
 * line:column) at the start of its message, as a person scanning a log would need.
 */
export async function expectManifestError(dir: string, expected: ExpectedError): Promise<void> {
  const display = `plugins/${dir.split("/").at(-1)}/plugin.json`;
  const error = await readManifest(dir, { displayPath: display }).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ManifestError)) throw new Error(`expected a ManifestError, got ${error}`);
  expect(error.code).toBe(expected.code);
  expect(error.file).toBe(display);
  expect(error.field).toBe(expected.field);
  expect(error.message).toContain(expected.fragment);
  const { at, field } = expected;
  if (at) expect([error.line, error.column]).toEqual([...at]);
  const where = at ? `${display}:${at[0]}:${at[1]}: ` : `${display}: ${field ? `${field}: ` : ""}`;
  expect(error.message.startsWith(where)).toBe(true);
}
