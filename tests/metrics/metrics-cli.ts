import { CliProcess } from "../support/cli-process.ts";

/**
 * `hotplug dev <dir> --json --metrics-port 0` (the kernel picks a free port). The CLI names
 * the port only in its human log on stderr, the dashboard URL first: read it from there.
 */
export async function devWithMetrics(
  dir: string,
  flags: string[] = [],
  cwd?: string,
): Promise<{ cli: CliProcess; url: string }> {
  const cli = CliProcess.cli(["dev", dir, "--json", "--metrics-port", "0", ...flags], cwd);
  await cli.waitForStderr("dashboard on http://127.0.0.1:");
  const port = /dashboard on http:\/\/127\.0\.0\.1:(\d+)\//.exec(cli.stderr)?.[1];
  return { cli, url: `http://127.0.0.1:${port}` };
}
