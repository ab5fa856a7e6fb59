import type { Plugin } from "hotplug";

export interface UptimeApi {
  /** How many calls this plugin has served, across reloads. */
  served(): number;
  since(): string;
}

interface State {
  served: number;
  since: string;
}

let state: State = { served: 0, since: new Date().toISOString() };

// "swap": "overlap": on a save the new generation starts while this one still serves, from
// snapshot()'s state; then callers switch to it in one step, and only then is this one stopped.
// "isolation": "worker": it runs in its own Worker, so its dependents call it asynchronously.
export default {
  setup(ctx): UptimeApi {
    state = ctx.state ?? state;
    ctx.log.info(
      `uptime generation ${ctx.generation}: ${state.served} calls served since ${state.since}`,
    );
    return {
      served: () => ++state.served,
      since: () => state.since,
    };
  },
  snapshot: (): State => state,
} satisfies Plugin<undefined, UptimeApi, State>;
