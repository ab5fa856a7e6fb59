import { describe, expect, test } from "bun:test";
import { join } from "node:path";

const script = join(import.meta.dir, "fixtures", "host-exits.ts");

describe("shutdown", () => {
  test.each(["native", "poll"])(
    "with the %s watcher, the process exits by itself and every descriptor is closed",
    async (mode) => {
      const proc = Bun.spawn(["bun", script, mode], { stdout: "pipe", stderr: "pipe" });
      const killer = setTimeout(() => proc.kill("SIGKILL"), 15_000);
      const code = await proc.exited;
      clearTimeout(killer);
      const stderr = await new Response(proc.stderr).text();
      expect({ code, signal: proc.signalCode, stderr }).toEqual({
        code: 0,
        signal: null,
        stderr: "",
      });
      const { before, after } = JSON.parse(await new Response(proc.stdout).text());
      expect(after).toBe(before);
    },
    20_000,
  );
});
