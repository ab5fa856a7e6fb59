import { expect, test } from "bun:test";
import { testPlugin } from "hotplug/testing";

// Stand-ins for the three plugins in its dependsOn: the objects their setup() would return.
// uptime runs in a worker in the real host, so its stand-in answers with a Promise too.
const deps = {
  greeter: { greet: (who: string) => `Hi, ${who}.` },
  counter: { value: () => 7 },
  uptime: { served: async () => 3 },
};

type Announcer = { announce(): Promise<string> };

test("announces what its dependencies answer", async () => {
  await using announcer = await testPlugin<Announcer>(import.meta.dir, { deps });
  expect(await announcer.api.announce()).toBe("Hi, hotplug. (counter at 7, 3 calls to uptime)");
});

test("reaches its dependencies through live handles, after a reload too", async () => {
  let value = 7;
  const counter = { value: () => value };
  await using announcer = await testPlugin<Announcer>(import.meta.dir, {
    deps: { ...deps, counter },
  });
  value = 8;
  await announcer.reload();
  expect(await announcer.api.announce()).toContain("counter at 8");
});

test("needs a stand-in for each plugin it depends on", async () => {
  await expect(testPlugin(import.meta.dir, { deps: { greeter: deps.greeter } })).rejects.toThrow(
    "Cannot test announcer: it depends on counter, uptime",
  );
});
