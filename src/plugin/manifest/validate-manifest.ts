import * as v from "valibot";
import { ManifestError, type ManifestIssue } from "./manifest-error.ts";
import { MANIFEST_KEYS, type Manifest, ManifestSchema } from "./manifest-schema.ts";

/**
 * Checks parsed plugin.json content against `ManifestSchema`. Throws one `ManifestError`
 * (`MANIFEST_INVALID`) listing every problem, in the order the keys are usually written.
 */
export function validateManifest(value: unknown, file: string): Manifest {
  const result = v.safeParse(ManifestSchema, value);
  if (result.success) return result.output;
  const issues = result.issues
    .map((issue) => ({ field: fieldPath(issue.path), problem: issue.message, rank: rank(issue) }))
    .sort((a, b) => a.rank[0] - b.rank[0] || a.rank[1] - b.rank[1])
    .map(({ field, problem }): ManifestIssue => ({ field, problem }));
  const [first, ...more] = issues as [ManifestIssue, ...ManifestIssue[]];
  return fail(first, more, file);
}

function fail(first: ManifestIssue, more: ManifestIssue[], file: string): never {
  throw new ManifestError("MANIFEST_INVALID", first.problem, { file, field: first.field, more });
}

type PathItem = { readonly key: unknown };

/** `dependsOn[1]`, `config.port`, `config["odd key"]`; undefined for the document itself. */
export function fieldPath(items: readonly PathItem[] | undefined): string | undefined {
  if (!items?.length) return undefined;
  let out = "";
  for (const { key } of items) {
    if (typeof key === "number") out += `[${key}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}

function rank(issue: v.BaseIssue<unknown>): [number, number] {
  const [top, second] = issue.path ?? [];
  const keyIndex = MANIFEST_KEYS.indexOf(top?.key as (typeof MANIFEST_KEYS)[number]);
  const index = typeof second?.key === "number" ? second.key : 0;
  return [keyIndex === -1 ? MANIFEST_KEYS.length : keyIndex, index];
}
