import { describe, expect, test } from "bun:test";
import { RecentSamples } from "../src/recent-samples.ts";

describe("RecentSamples", () => {
  test("quantiles by nearest rank; 0 with no samples", () => {
    const samples = new RecentSamples();
    expect(samples.quantile(0.5)).toBe(0);
    for (const ms of [9, 1, 5, 3, 7]) samples.push(ms);
    expect(samples.quantile(0.5)).toBe(5);
    expect(samples.quantile(0.95)).toBe(9);
  });

  test("a sample pushed after a read counts in the next read", () => {
    const samples = new RecentSamples();
    samples.push(1);
    expect(samples.quantile(0.95)).toBe(1);
    samples.push(40);
    expect(samples.quantile(0.95)).toBe(40);
  });

  test("keeps the last 1,024 samples: an old outlier leaves the window", () => {
    const samples = new RecentSamples();
    samples.push(1000);
    for (let i = 0; i < 1023; i++) samples.push(2);
    expect(samples.quantile(1)).toBe(1000);
    samples.push(2);
    expect(samples.size).toBe(1024);
    expect(samples.quantile(1)).toBe(2);
  });
});
