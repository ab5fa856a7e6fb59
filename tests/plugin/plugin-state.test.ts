import { describe, expect, test } from "bun:test";
import { PluginState } from "../../src/plugin/plugin.ts";
import {
  InvalidTransitionError,
  PLUGIN_TRANSITIONS,
  type PluginEvent,
  transition,
} from "../../src/plugin/plugin-state.ts";

const EVENTS: PluginEvent[] = [
  "load",
  "wait",
  "serve",
  "reload",
  "keep",
  "stop",
  "stopped",
  "fail",
];
const STATES = Object.values(PluginState);
const record = (state: PluginState) => ({ name: "greeter", state });

describe("a plugin's state machine", () => {
  for (const from of STATES) {
    for (const event of EVENTS) {
      const to = PLUGIN_TRANSITIONS[from][event];
      test(`${from} --${event}--> ${to ?? "refused"}`, () => {
        const r = record(from);
        if (to === undefined) {
          expect(() => transition(r, event)).toThrow(InvalidTransitionError);
          expect(r.state).toBe(from);
        } else {
          expect(transition(r, event)).toBe(to);
          expect(r.state).toBe(to);
        }
      });
    }
  }

  test("an invalid step names the plugin, where it is and what was asked", () => {
    const error = (() => {
      try {
        transition(record("failed"), "stop");
      } catch (e) {
        return e;
      }
    })();
    expect(error).toMatchObject({
      code: "PLUGIN_STATE_INVALID",
      plugin: "greeter",
      from: "failed",
      event: "stop",
      message: "Cannot stop greeter: it is failed, and the lifecycle has no such step",
    });
  });

  test("the walks DESIGN.md describes", () => {
    const walk = (events: PluginEvent[]) => {
      const r = record("loading");
      return events.map((event) => transition(r, event));
    };
    // A stop-first reload whose new code fails to start: the old code serves again (stale).
    expect(walk(["serve", "reload", "stop", "stopped", "load", "serve", "fail"])).toEqual([
      "running",
      "reloading",
      "stopping",
      "stopped",
      "loading",
      "running",
      "running",
    ]);
    // ... and when the rollback fails too, nothing serves.
    expect(walk(["serve", "reload", "stop", "stopped", "load", "fail"]).at(-1)).toBe("failed");
    // A broken save: the old generation serves on, stale.
    expect(walk(["serve", "reload", "keep", "fail"])).toEqual([
      "running",
      "reloading",
      "running",
      "running",
    ]);
    // A dependency stops: the dependent waits, and a failure does not make it failed.
    expect(walk(["serve", "stop", "stopped", "wait", "fail", "load", "serve"])).toEqual([
      "running",
      "stopping",
      "stopped",
      "waiting",
      "waiting",
      "loading",
      "running",
    ]);
  });
});
