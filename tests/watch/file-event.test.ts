import { expect, test } from "bun:test";
import { type FileEvent, FileEventType, isPluginFile } from "../../src/watch/file-event.ts";

test("FileEventType names the four seed events", () => {
  expect(Object.values(FileEventType)).toEqual(["created", "modified", "deleted", "renamed"]);
});

test.each([
  ["/p/greeter/plugin.json", true],
  ["/p/greeter/package.json", false],
  ["/p/greeter/plugin.json.bak", false],
  ["/p/greeter/index.ts", false],
])("isPluginFile(%p) is %p", (path, expected) => {
  const event: FileEvent = { type: FileEventType.modified, path, time: 0 };
  expect(isPluginFile(event)).toBe(expected);
});
