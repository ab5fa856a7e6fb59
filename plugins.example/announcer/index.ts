import type { Plugin } from "hotplug";
import { stamp } from "../_shared/format.ts";
import type { CounterApi } from "../counter/index.ts";
import type { GreeterApi } from "../greeter/index.ts";

interface Deps {
  greeter: GreeterApi;
  counter: CounterApi;
}

export default {
  setup(ctx) {
    const { greeter, counter } = ctx.deps;
    const announce = () => `${greeter.greet("hotplug")} (counter at ${counter.value()})`;
    ctx.log.info(stamp(`announcer generation ${ctx.generation}: ${announce()}`));
    return { announce };
  },
} satisfies Plugin<undefined, { announce(): string }, unknown, Deps>;
