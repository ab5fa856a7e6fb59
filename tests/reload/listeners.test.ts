import { describe, expect, test } from "bun:test";
import { prometheusText } from "../../src/metrics/prometheus-text.ts";
import { freePort } from "../support/free-port.ts";
import { useHost } from "../support/host-fixture.ts";

/** What the host keeps of a serving plugin's listener as its manifest changes. */
const web = (text: string) => `export default {
  setup: () => ({}),
  fetch(request) {
    if (new URL(request.url).pathname === "/throw") throw new Error("handler broke");
    return new Response(${JSON.stringify(text)});
  },
};`;
const get = async (port: number, path = "/") => {
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  return [response.status, await response.text()] as const;
};
const refused = (port: number) =>
  fetch(`http://127.0.0.1:${port}/`).then(
    () => false,
    () => true,
  );

describe("a serving plugin's listener", () => {
  const t = useHost();

  test("a handler that throws is answered 500, counted; the listener serves on", async () => {
    const port = await freePort();
    await t.dir.plugin({
      name: "web",
      manifest: { listen: port },
      files: { "index.ts": web("v1") },
    });
    const system = await t.host({}, false);
    expect(await get(port, "/throw")).toEqual([500, "Internal Server Error"]);
    expect(await get(port)).toEqual([200, "v1"]);
    const listener = system.status()[0]?.listener;
    expect(listener).toMatchObject({ address: `127.0.0.1:${port}`, requests: 2, errors: 1 });
    const text = prometheusText(system.getMetrics());
    expect(text).toContain(`hotplug_plugin_requests_total{plugin="web"} 2`);
    expect(text).toContain(`hotplug_plugin_request_hold_seconds{plugin="web",quantile="0.5"}`);
    expect(text).toContain(`hotplug_plugin_unavailable_responses_total{plugin="web"} 0`);
  });

  test("a changed listen moves it; a listen taken away closes it", async () => {
    const [first, second] = [await freePort(), await freePort()];
    await t.dir.plugin({
      name: "web",
      manifest: { listen: first },
      files: { "index.ts": web("v1") },
    });
    const system = await t.host({}, false);
    await t.dir.plugin({
      name: "web",
      manifest: { listen: second },
      files: { "index.ts": web("v2") },
    });
    await system.reload("web");
    expect(await get(second)).toEqual([200, "v2"]);
    expect(await refused(first)).toBe(true);
    await t.dir.plugin({
      name: "web",
      files: { "index.ts": "export default { setup: () => ({}) };" },
    });
    await system.reload("web");
    expect(t.log.of("plugin:failed")).toEqual([]);
    expect(system.status()[0]?.listener).toBeNull();
    expect(await refused(second)).toBe(true);
  });

  test("an address another running plugin listens on is refused, naming it", async () => {
    const port = await freePort();
    await t.dir.plugin({
      name: "web",
      manifest: { listen: port },
      files: { "index.ts": web("v1") },
    });
    const system = await t.host({}, false);
    await t.dir.plugin({
      name: "late",
      manifest: { listen: port },
      files: { "index.ts": web("late") },
    });
    await system.sync();
    // Just written: it is read again once quiet, then refused.
    const failed = await t.log.waitFor("plugin:failed", (e) => e.plugin === "late");
    expect(failed).toMatchObject({ phase: "manifest" });
    expect(failed.message).toContain(`listen: 127.0.0.1:${port} is already web's`);
    expect(await get(port)).toEqual([200, "v1"]);
  });

  test("an address another process holds fails the plugin, naming the address", async () => {
    const port = await freePort();
    const squatter = Bun.serve({ port, hostname: "127.0.0.1", fetch: () => new Response("mine") });
    try {
      await t.dir.plugin({
        name: "web",
        manifest: { listen: port },
        files: { "index.ts": web("v1") },
      });
      await t.host({}, false);
      const [failed] = t.log.of("plugin:failed");
      expect(failed).toMatchObject({ plugin: "web", phase: "manifest" });
      expect(failed?.message).toContain(`cannot listen on 127.0.0.1:${port}`);
    } finally {
      await squatter.stop(true);
    }
  });
});
