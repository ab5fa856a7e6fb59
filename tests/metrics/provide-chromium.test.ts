import { describe, expect, test } from "bun:test";
import {
  CHROMIUM_ENV,
  findChromium,
  type Machine,
  NoChromiumError,
  provideChromium,
  thisMachine,
} from "../../scripts/provide-chromium.ts";

interface FakeSpec {
  env?: Record<string, string>;
  isRoot?: boolean;
  /** Executables by path; those under /usr/bin are also on PATH by their name. */
  files?: string[];
  /** What each command does: fails with that output, or installs those files. */
  commands?: Record<string, { fails: string } | { installs: string[] }>;
}

/** A machine made of a file list: what provideChromium runs and logs is recorded. */
function fakeMachine(spec: FakeSpec) {
  const files = new Set(spec.files ?? []);
  const ran: string[] = [];
  const logged: string[] = [];
  const machine: Machine = {
    env: spec.env ?? {},
    isRoot: spec.isRoot ?? false,
    which: (name) => (files.has(`/usr/bin/${name}`) ? `/usr/bin/${name}` : null),
    isExecutable: (path) => files.has(path),
    async run(command) {
      const line = command.join(" ");
      ran.push(line);
      const effect = spec.commands?.[line];
      if (effect && "fails" in effect) return { ok: false, output: effect.fails };
      for (const file of effect?.installs ?? []) files.add(file);
      return { ok: true, output: "" };
    },
    log: (line) => logged.push(line),
  };
  return { machine, ran, logged };
}

const APT = ["apt-get update -qq", "apt-get install -y -qq chromium"];

describe("findChromium", () => {
  test.each([
    ["Debian's chromium", { files: ["/usr/bin/chromium"] }, "/usr/bin/chromium"],
    [
      "Google's, when there is no chromium",
      { files: ["/usr/bin/google-chrome"] },
      "/usr/bin/google-chrome",
    ],
    [
      "chromium before Google's",
      { files: ["/usr/bin/google-chrome", "/usr/bin/chromium"] },
      "/usr/bin/chromium",
    ],
    [
      "a macOS app",
      { files: ["/Applications/Google Chrome.app/Contents/MacOS/Google Chrome"] },
      "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
    ],
    [
      `${CHROMIUM_ENV} before the others`,
      { env: { [CHROMIUM_ENV]: "/opt/chrome" }, files: ["/opt/chrome", "/usr/bin/chromium"] },
      "/opt/chrome",
    ],
    ["nothing", {}, undefined],
  ] as [string, FakeSpec, string | undefined][])("%s", (_, spec, expected) => {
    expect(findChromium(fakeMachine(spec).machine)).toBe(expected);
  });
});

describe("provideChromium", () => {
  test("a browser already there: nothing is run, nothing said", async () => {
    const { machine, ran, logged } = fakeMachine({ isRoot: true, files: ["/usr/bin/chromium"] });
    expect(await provideChromium(machine)).toBe("/usr/bin/chromium");
    expect([ran, logged]).toEqual([[], []]);
  });

  test("as root with apt-get: installs Debian's chromium, saying so", async () => {
    const { machine, ran, logged } = fakeMachine({
      isRoot: true,
      files: ["/usr/bin/apt-get"],
      commands: { [APT[1] as string]: { installs: ["/usr/bin/chromium"] } },
    });
    expect(await provideChromium(machine)).toBe("/usr/bin/chromium");
    expect(ran).toEqual(APT);
    expect(logged).toEqual([
      "browser tests: no Chromium found; installing Debian's chromium with apt-get (once)",
      "browser tests: installed /usr/bin/chromium",
    ]);
  });

  test.each([
    ["not root", { files: ["/usr/bin/apt-get"] }, "(not root)"],
    ["no apt-get", { isRoot: true }, "(no apt-get)"],
    [
      "apt-get fails",
      {
        isRoot: true,
        files: ["/usr/bin/apt-get"],
        commands: {
          [APT[1] as string]: { fails: "Reading...\nE: Unable to locate package chromium\n" },
        },
      },
      "`apt-get install -y -qq chromium` failed (E: Unable to locate package chromium)",
    ],
    [
      "apt-get installs no chromium",
      { isRoot: true, files: ["/usr/bin/apt-get"] },
      "apt-get installed chromium, but no chromium is on PATH",
    ],
    [
      `${CHROMIUM_ENV} names no executable`,
      { env: { [CHROMIUM_ENV]: "/opt/none" }, isRoot: true, files: ["/usr/bin/chromium"] },
      `${CHROMIUM_ENV}=/opt/none is not an executable file`,
    ],
  ] as [string, FakeSpec, string][])(
    "%s: one line that says why, as a NoChromiumError",
    async (_, spec, why) => {
      const error = await provideChromium(fakeMachine(spec).machine).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NoChromiumError);
      const message = (error as Error).message;
      expect(message).toStartWith("browser tests: ");
      expect(message).toContain(why);
      expect(message).not.toContain("\n");
    },
  );
});

describe("thisMachine", () => {
  test("runs commands, and finds executables as the OS does", async () => {
    const machine = thisMachine();
    expect(await machine.run(["sh", "-c", "echo out; echo err >&2"])).toEqual({
      ok: true,
      output: "out\nerr\n",
    });
    expect((await machine.run(["sh", "-c", "exit 3"])).ok).toBe(false);
    const sh = machine.which("sh");
    expect(sh).not.toBeNull();
    expect(machine.isExecutable(sh as string)).toBe(true);
    expect(machine.isExecutable("/nonexistent/chromium")).toBe(false);
    expect(machine.isRoot).toBe(process.getuid?.() === 0);
  });
});
