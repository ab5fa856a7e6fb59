import { expect, test } from "bun:test";
import { useHost } from "../../support/host-fixture.ts";

const t = useHost();

test("an invalid UTF-8 manifest names the bad byte and its offset", async () => {
  const head = new TextEncoder().encode(
    '{ "name": "cafe", "version": "1.0.0", "description": "caf',
  );
  const bytes = new Uint8Array([...head, 0xe9, ...new TextEncoder().encode('" }\n')]);
  await t.dir.write("cafe/index.ts", "export default { setup: () => ({}) };");
  await Bun.write(t.dir.path("cafe", "plugin.json"), bytes);
  await t.host({}, false);
  const failed = await t.log.waitFor("plugin:failed");
  expect(failed.message).toContain(`plugin.json:1:${head.length + 1}: not valid UTF-8`);
  expect(failed.message).toContain(`byte 0xe9 at byte offset ${head.length}`);
});
