import type { Plugin } from "hotplug";

export interface CounterApi {
  value(): number;
}

interface State {
  count: number;
}

// Module state belongs to one generation: each reload imports a fresh copy of this file.
let count = 0;
let timer: ReturnType<typeof setInterval> | undefined;

export default {
  setup(ctx): CounterApi {
    count = ctx.state?.count ?? 0;
    ctx.log.info(`counter generation ${ctx.generation} resumes at ${count}`);
    return { value: () => count };
  },
  start() {
    timer = setInterval(() => count++, 1000);
  },
  stop(): State {
    clearInterval(timer);
    return { count };
  },
} satisfies Plugin<undefined, CounterApi, State>;
