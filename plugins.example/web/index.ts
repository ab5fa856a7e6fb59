import type { Plugin } from "hotplug";
import { stamp } from "../_shared/format.ts";
import type { GreeterApi } from "../greeter/index.ts";

// The host owns the listener on :3210 and keeps it open across reloads: edit the text below
// while `curl` (or a load generator) runs, and every request is answered, by the old
// generation until the new one serves. A WebSocket on /ws stays open across reloads too.
export default {
  setup(ctx) {
    ctx.log.info(stamp(`web generation ${ctx.generation} serves http://127.0.0.1:3210/`));
    return {};
  },
  fetch(request, ctx) {
    const { pathname } = new URL(request.url);
    if (pathname === "/ws") {
      return ctx.upgrade(request, { data: { since: ctx.generation } })
        ? undefined
        : new Response("expected a WebSocket", { status: 400 });
    }
    const hello = ctx.deps.greeter.greet("web");
    return new Response(`${hello} (generation ${ctx.generation})\n`);
  },
  websocket: {
    message(ws, message) {
      ws.send(`echo: ${String(message)}`);
    },
  },
} satisfies Plugin<undefined, Record<string, never>, unknown, { greeter: GreeterApi }>;
