// The load generator, run under node: autocannon against <url> with <connections> until a line
// arrives on stdin, then one JSON line: answers by class, errors by code, requests/s, p99.
// Usage: node bench/children/load.mjs <url> <connections>
import autocannon from "autocannon";

const [url, connections] = process.argv.slice(2);
const errors = {};
const instance = autocannon(
  { url, connections: Number(connections), duration: 3600 },
  (error, result) => {
    if (error) throw error;
    const line = {
      type: "load:result",
      ok: result["2xx"],
      non2xx: result.non2xx,
      errors,
      rps: result.requests.average,
      p99: result.latency.p99,
      seconds: result.duration,
    };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    process.exit(0);
  },
);
instance.on("reqError", (error) => {
  const code = error.code ?? error.message;
  errors[code] = (errors[code] ?? 0) + 1;
});
process.stdout.write(`${JSON.stringify({ type: "load:started" })}\n`);
process.stdin.once("data", () => instance.stop());
