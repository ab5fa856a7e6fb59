/** mulberry32: a tiny seeded PRNG, so a failing random run can be replayed from its seed. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Fixed seeds keep CI reproducible; one fresh seed per run widens the search over time.
 * SCHEDULE_SEED=<n> replays exactly one seed.
 */
export function testSeeds(fixed: number[]): number[] {
  const replay = process.env.SCHEDULE_SEED;
  if (replay !== undefined && replay !== "") return [Number(replay)];
  return [...fixed, Math.floor(Math.random() * 2 ** 32)];
}

/** Runs `body` and, if it fails, puts the seed in the message so the run can be replayed. */
export function withSeed(seed: number, body: () => void): void {
  try {
    body();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`failed with seed ${seed} (replay: SCHEDULE_SEED=${seed})\n${message}`, {
      cause: error,
    });
  }
}
