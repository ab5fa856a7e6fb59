import { describe, expect, test } from "bun:test";
import type { LoadedManifest } from "../../src/plugin/manifest/read-manifest.ts";
import { planStartup } from "../../src/plugin/plan-startup.ts";
import { loaded } from "./manifest/loaded-manifest.ts";

const refusedOf = (list: LoadedManifest[]) =>
  planStartup(list).refused.map(({ item, error }) => ({
    folder: item.file,
    phase: error.phase,
    message: error.message,
  }));

describe("planStartup", () => {
  test("refuses the later of two plugins on one address, and starts the first", () => {
    const first = loaded("api", "api", 8080);
    const second = loaded("admin", "admin", { port: 8080, hostname: "0.0.0.0" });
    const plan = planStartup([first, second]);
    expect(plan.start.map((item) => item.manifest.name)).toEqual(["api"]);
    expect(refusedOf([first, second])).toEqual([
      {
        folder: "plugins/admin/plugin.json",
        phase: "manifest",
        message:
          'plugins/admin/plugin.json: listen: plugin "admin" listens on 0.0.0.0:8080, ' +
          'but plugin "api" (plugins/api/plugin.json) already listens on 127.0.0.1:8080',
      },
    ]);
  });

  test("still refuses a second use of a name, and starts plugins on distinct addresses", () => {
    const list = [
      loaded("a", "a", 1),
      loaded("a", "a-copy"),
      loaded("b", "b", { unix: "/run/b.sock" }),
    ];
    expect(planStartup(list).start.map((item) => item.file)).toEqual([
      "plugins/a/plugin.json",
      "plugins/b/plugin.json",
    ]);
    expect(refusedOf(list).map((r) => r.folder)).toEqual(["plugins/a-copy/plugin.json"]);
  });
});
