import { expect, test } from "bun:test";
import { testPlugin } from "hotplug/testing";

// In its test host the listener is on a free port (`web.url`), not plugin.json's 3210, so
// this runs beside a `bun run dev` of the same plugins. greeter is a stand-in.
const deps = { greeter: { greet: (who: string) => `Hi, ${who}.` } };

test("answers on its listener, which stays where it is across a reload", async () => {
  await using web = await testPlugin(import.meta.dir, { deps });
  const url = web.url as string;
  expect(await (await fetch(url)).text()).toBe("Hi, web. (generation 1)\n");

  expect(await web.reload()).toMatchObject({ type: "plugin:reloaded", generation: 2 });
  expect(web.url).toBe(url);
  expect(await (await fetch(url)).text()).toBe("Hi, web. (generation 2)\n");
});

test("a WebSocket stays open across a reload", async () => {
  await using web = await testPlugin(import.meta.dir, { deps });
  const socket = new WebSocket(new URL("/ws", web.url));
  const replies: string[] = [];
  const next = () =>
    new Promise<string>((resolve) =>
      socket.addEventListener("message", (event) => resolve(String(event.data)), { once: true }),
    );
  await new Promise((resolve) => socket.addEventListener("open", resolve, { once: true }));
  socket.send("one");
  replies.push(await next());
  await web.reload();
  socket.send("two");
  replies.push(await next());
  socket.close();
  expect(replies).toEqual(["echo: one", "echo: two"]);
});
