import { describe, expect, test } from "bun:test";
import { IndexedHeap } from "../../src/schedule/min-heap.ts";
import { mulberry32, testSeeds, withSeed } from "./prng.ts";

function drainAll<K>(heap: IndexedHeap<K>): [K, number][] {
  const out: [K, number][] = [];
  for (let item = heap.pop(); item; item = heap.pop()) out.push([item.key, item.priority]);
  return out;
}

describe("IndexedHeap", () => {
  test("pops keys in priority order", () => {
    const heap = new IndexedHeap<string>();
    heap.set("c", 3);
    heap.set("a", 1);
    heap.set("d", 4);
    heap.set("b", 2);
    expect(heap.size).toBe(4);
    expect(heap.peek()).toEqual({ key: "a", priority: 1 });
    expect(drainAll(heap)).toEqual([
      ["a", 1],
      ["b", 2],
      ["c", 3],
      ["d", 4],
    ]);
    expect(heap.peek()).toBeUndefined();
    expect(heap.pop()).toBeUndefined();
  });

  test("equal priorities come out in insertion order, and an update keeps a key's place", () => {
    const heap = new IndexedHeap<string>();
    for (const key of ["x", "y", "z", "w"]) heap.set(key, 7);
    heap.set("x", 9);
    heap.set("x", 7);
    expect(drainAll(heap).map(([key]) => key)).toEqual(["x", "y", "z", "w"]);
  });

  test("set on an existing key moves it both ways and keeps one entry per key", () => {
    const heap = new IndexedHeap<string>();
    heap.set("a", 1);
    heap.set("b", 2);
    heap.set("c", 3);
    heap.set("a", 10);
    expect(heap.peek()?.key).toBe("b");
    heap.set("c", 0);
    expect(heap.size).toBe(3);
    expect(heap.getPriority("a")).toBe(10);
    expect(drainAll(heap).map(([key]) => key)).toEqual(["c", "b", "a"]);
  });

  test("delete removes any key, reports whether it was there, and keeps the order", () => {
    const heap = new IndexedHeap<number>();
    for (let i = 0; i < 10; i++) heap.set(i, 10 - i);
    expect(heap.delete(0)).toBe(true);
    expect(heap.delete(9)).toBe(true);
    expect(heap.delete(5)).toBe(true);
    expect(heap.delete(5)).toBe(false);
    expect(heap.has(5)).toBe(false);
    expect(heap.getPriority(5)).toBeUndefined();
    expect(drainAll(heap).map(([key]) => key)).toEqual([8, 7, 6, 4, 3, 2, 1]);
  });

  test("clear empties it, and a peeked item is a copy that cannot corrupt the heap", () => {
    const heap = new IndexedHeap<string>();
    heap.set("a", 1);
    heap.set("b", 2);
    const top = heap.peek();
    if (top) top.priority = 100;
    expect(heap.peek()).toEqual({ key: "a", priority: 1 });
    heap.clear();
    expect(heap.size).toBe(0);
    expect(heap.has("a")).toBe(false);
    heap.set("b", 5);
    expect(drainAll(heap)).toEqual([["b", 5]]);
  });

  test("rejects a NaN priority, which would break the order silently", () => {
    const heap = new IndexedHeap<string>();
    expect(() => heap.set("a", Number.NaN)).toThrow(RangeError);
    expect(heap.size).toBe(0);
  });

  test.each(testSeeds([1, 42, 20240601]))("matches a sorted array model (seed %d)", (seed) => {
    withSeed(seed, () => {
      const random = mulberry32(seed);
      const heap = new IndexedHeap<number>();
      // Model: entries sorted by (priority, sequence of first insertion).
      let model: { key: number; priority: number; seq: number }[] = [];
      let seq = 0;
      const sortModel = () => model.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
      for (let step = 0; step < 5000; step++) {
        const key = Math.floor(random() * 40);
        // Few distinct priorities, so ties are common.
        const priority = Math.floor(random() * 20);
        const op = random();
        if (op < 0.5) {
          heap.set(key, priority);
          const existing = model.find((e) => e.key === key);
          if (existing) existing.priority = priority;
          else model.push({ key, priority, seq: seq++ });
          sortModel();
        } else if (op < 0.7) {
          const had = model.some((e) => e.key === key);
          expect(heap.delete(key)).toBe(had);
          model = model.filter((e) => e.key !== key);
        } else if (op < 0.95) {
          const head = model.shift();
          expect(heap.pop()).toEqual(head && { key: head.key, priority: head.priority });
        } else if (op < 0.99) {
          expect(heap.has(key)).toBe(model.some((e) => e.key === key));
          expect(heap.getPriority(key)).toBe(model.find((e) => e.key === key)?.priority);
        } else {
          heap.clear();
          model = [];
        }
        expect(heap.size).toBe(model.length);
        const head = model[0];
        expect(heap.peek()).toEqual(head && { key: head.key, priority: head.priority });
      }
    });
  });
});
