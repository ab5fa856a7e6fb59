import { HotplugError } from "../../errors/hotplug-error.ts";

export const MANIFEST_ERROR_CODES = [
  "MANIFEST_NOT_FOUND",
  "MANIFEST_UNREADABLE",
  "MANIFEST_TOO_LARGE",
  "MANIFEST_NOT_UTF8",
  "MANIFEST_SYNTAX",
  "MANIFEST_INVALID",
  "MANIFEST_ENTRY_ESCAPES",
  "MANIFEST_ENTRY_MISSING",
  "MANIFEST_DUPLICATE_NAME",
  "MANIFEST_DUPLICATE_LISTEN",
  "MANIFEST_UNKNOWN_DEPENDENCY",
  "MANIFEST_DEPENDENCY_CYCLE",
] as const;

export type ManifestErrorCode = (typeof MANIFEST_ERROR_CODES)[number];

/** One problem in one place; `field` is a path such as `dependsOn[1]`. */
export interface ManifestIssue {
  readonly field?: string | undefined;
  readonly problem: string;
}

export interface ManifestErrorDetails {
  /** The manifest's path as the host shows it (e.g. `plugins/greeter/plugin.json`). */
  readonly file: string;
  readonly field?: string | undefined;
  readonly line?: number | undefined;
  readonly column?: number | undefined;
  /** Further problems found in the same pass, so one run of `hotplug check` lists them all. */
  readonly more?: readonly ManifestIssue[] | undefined;
  readonly cause?: unknown;
}

/**
 * A plugin.json that cannot be used. The message names the file and the field
 * (`plugins/a/plugin.json: version: expected semver, got "1.x"`), or the line and column
 * for syntax errors (`plugins/a/plugin.json:3:14: trailing comma`), one problem a line.
 */
export class ManifestError extends HotplugError {
  override name = "ManifestError";
  declare readonly code: ManifestErrorCode;
  readonly file: string;
  readonly field: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  /** Every problem, the first being the one `field` and `message`'s first line describe. */
  readonly issues: readonly ManifestIssue[];

  constructor(code: ManifestErrorCode, problem: string, details: ManifestErrorDetails) {
    const { file, field, line, column } = details;
    const issues = [{ field, problem }, ...(details.more ?? [])];
    const where = line === undefined ? file : `${file}:${line}:${column ?? 1}`;
    const lines = issues.map((issue, i) =>
      [i === 0 ? where : file, issue.field, issue.problem].filter(Boolean).join(": "),
    );
    super(code, lines.join("\n"), "cause" in details ? { cause: details.cause } : undefined);
    this.file = file;
    this.field = field;
    this.line = line;
    this.column = column;
    this.issues = issues;
  }
}
