import type { Plugin } from "hotplug";
import { stamp } from "../_shared/format.ts";
import type { CounterApi } from "../counter/index.ts";
import type { GreeterApi } from "../greeter/index.ts";
import type { UptimeApi } from "../uptime/index.ts";

// ctx.deps holds live handles: each call reaches the generation serving at that moment.
// uptime runs in a worker, so its functions return Promises here.
interface Deps {
  greeter: GreeterApi;
  counter: CounterApi;
  uptime: {
    [K in keyof UptimeApi]: (
      ...args: Parameters<UptimeApi[K]>
    ) => Promise<ReturnType<UptimeApi[K]>>;
  };
}

export default {
  async setup(ctx) {
    const { greeter, counter, uptime } = ctx.deps;
    const announce = async () =>
      `${greeter.greet("hotplug")} (counter at ${counter.value()}, ${await uptime.served()} calls to uptime)`;
    ctx.log.info(stamp(`announcer generation ${ctx.generation}: ${await announce()}`));
    return { announce };
  },
} satisfies Plugin<undefined, { announce(): Promise<string> }, unknown, Deps>;
