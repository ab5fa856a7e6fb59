import { expect, test } from "bun:test";
import { dirname } from "node:path";
import { useHost } from "../support/host-fixture.ts";

const t = useHost();

test("a helper that throws while imported is named, with its line", async () => {
  await t.dir.plugin({
    name: "a",
    files: {
      "index.ts": "import { x } from './lib/helper.ts';\nexport default { setup: () => ({ x }) };",
      "lib/helper.ts": "export const x = 1;\nthrow new Error('helper broke');\n",
    },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({ plugin: "a", phase: "import", file: "plugins/a/lib/helper.ts" });
  expect(failed?.message).toStartWith("a: plugins/a/lib/helper.ts:2:");
  expect(failed?.message).toContain("helper broke");
});

test("a missing helper is reported without version queries or absolute paths", async () => {
  await t.dir.plugin({
    name: "a",
    files: { "index.ts": "import './gone.ts';\nexport default { setup: () => ({}) };" },
  });
  await t.host({}, false);
  const [failed] = t.log.of("plugin:failed");
  expect(failed).toMatchObject({ plugin: "a", phase: "import", file: "plugins/a/index.ts" });
  expect(failed?.message).toContain("./gone.ts");
  expect(failed?.message).not.toContain("?v=");
  expect(failed?.message).not.toContain(dirname(t.dir.root));
});
