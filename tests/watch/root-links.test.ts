import { afterEach, beforeEach, expect, test } from "bun:test";
import { mkdirSync, realpathSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { resolveRoot } from "../../src/watch/root-links.ts";
import { makeTempRoot, removeTempRoot } from "./temp-root.ts";

let base: string;
beforeEach(() => {
  base = makeTempRoot();
});
afterEach(() => removeTempRoot(base));

const linksOf = (path: string) =>
  Object.fromEntries([...resolveRoot(path).links].map(([dir, names]) => [dir, [...names].sort()]));

test("a plain folder has no links on the way", () => {
  mkdirSync(join(base, "plugins"));
  expect(resolveRoot(join(base, "plugins"))).toEqual({
    real: join(base, "plugins"),
    links: new Map(),
  });
});

test("a Capistrano root: current -> releases/2, below it a plugins folder", () => {
  mkdirSync(join(base, "releases/2/plugins"), { recursive: true });
  symlinkSync("releases/2", join(base, "current"));
  const root = join(base, "current/plugins");
  expect(resolveRoot(root).real).toBe(realpathSync(root));
  expect(linksOf(root)).toEqual({ [base]: ["current"] });
});

test("a chain of links, relative and absolute, each noted in its own folder", () => {
  mkdirSync(join(base, "store/v3"), { recursive: true });
  mkdirSync(join(base, "app"));
  symlinkSync(join(base, "store/v3"), join(base, "store/latest")); // absolute
  symlinkSync("../store/latest", join(base, "app/current")); // relative, with ..
  const root = join(base, "app/current");
  expect(resolveRoot(root).real).toBe(join(base, "store/v3"));
  expect(linksOf(root)).toEqual({
    [join(base, "app")]: ["current"],
    [join(base, "store")]: ["latest"],
  });
});

test("a missing component throws ENOENT; a loop throws ELOOP", () => {
  expect(() => resolveRoot(join(base, "nope/plugins"))).toThrow(
    expect.objectContaining({ code: "ENOENT" }),
  );
  symlinkSync("b", join(base, "a"));
  symlinkSync("a", join(base, "b"));
  expect(() => resolveRoot(join(base, "a"))).toThrow(expect.objectContaining({ code: "ELOOP" }));
});
