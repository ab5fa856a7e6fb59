import { describe, expect, test } from "bun:test";
import { ReloadError } from "../../src/errors/reload-error.ts";
import { type ServingManifest, validateModule } from "../../src/plugin/validate-module.ts";

const MANIFEST = "plugins/web/plugin.json";
const setup = () => ({});
const fetch = () => new Response("ok");
const listening: ServingManifest = { listen: 3000, manifestFile: MANIFEST };
const silent: ServingManifest = { listen: undefined, manifestFile: MANIFEST };

/** The message validateModule throws for this export, or "ok". */
function check(exported: Record<string, unknown>, serving: ServingManifest = silent): string {
  try {
    validateModule("web", "plugins/web/index.ts", { default: exported }, serving);
    return "ok";
  } catch (error) {
    expect(error).toBeInstanceOf(ReloadError);
    expect((error as ReloadError).phase).toBe("validate");
    return (error as Error).message.replace("web: plugins/web/index.ts: default export: ", "");
  }
}

describe("validateModule: serving exports", () => {
  test.each([
    ["fetch and listen", { setup, fetch }, listening, "ok"],
    [
      "fetch, websocket and listen",
      { setup, fetch, websocket: { open() {}, message() {}, close() {} } },
      listening,
      "ok",
    ],
    ["neither", { setup }, silent, "ok"],
    [
      "fetch not a function",
      { setup, fetch: "/" },
      listening,
      'fetch: expected a function, got "/"',
    ],
    [
      "websocket not an object",
      { setup, fetch, websocket: 3 },
      listening,
      "websocket: expected an object of handlers ({ open, message, close }), got 3",
    ],
    [
      "websocket without message",
      { setup, fetch, websocket: { open() {} } },
      listening,
      "websocket.message: expected a function, got undefined",
    ],
    [
      "fetch without listen",
      { setup, fetch },
      silent,
      `fetch: has fetch(request, ctx), but ${MANIFEST} has no "listen" (add "listen": 3000, or another port, to serve it)`,
    ],
    [
      "listen without fetch",
      { setup },
      { listen: { port: 8080 }, manifestFile: MANIFEST },
      `fetch: missing: ${MANIFEST} has "listen": {"port":8080}, so the default export needs fetch(request, ctx)`,
    ],
    [
      "websocket without listen or fetch",
      { setup, websocket: { message() {} } },
      silent,
      `websocket: has WebSocket handlers, but ${MANIFEST} has no "listen" and the export no fetch() to accept them`,
    ],
  ] as const)("%s", (_what, exported, serving, expected) => {
    expect(check(exported, serving)).toBe(expected);
  });
});
