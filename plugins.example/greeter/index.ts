import type { Plugin } from "hotplug";
import * as v from "valibot";
import { stamp } from "../_shared/format.ts";

// Any Standard Schema library works; a wrong config in plugin.json is reported with its field
// and the previous generation keeps serving.
const configSchema = v.object({
  greeting: v.pipe(v.string(), v.minLength(1)),
  excited: v.optional(v.boolean(), false),
});

export interface GreeterApi {
  greet(who: string): string;
}

export default {
  configSchema,
  setup(ctx): GreeterApi {
    const { greeting, excited } = ctx.config;
    ctx.log.info(stamp(`greeter generation ${ctx.generation}: "${greeting}"`));
    return { greet: (who) => `${greeting}, ${who}${excited ? "!" : "."}` };
  },
} satisfies Plugin<typeof configSchema, GreeterApi>;
