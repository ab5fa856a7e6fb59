interface Entry<K> {
  key: K;
  priority: number;
  // Insertion order breaks ties, so equal priorities come out first-in first-out.
  seq: number;
}

/** What `peek` and `pop` hand out: a copy, so callers cannot corrupt the heap's order. */
export interface HeapItem<K> {
  key: K;
  priority: number;
}

/**
 * A binary min-heap of unique keys. A key-to-index map makes `set` (insert or re-prioritise)
 * and `delete` O(log n) instead of a linear search. A key keeps its insertion sequence while
 * it stays in the heap, so among equal priorities the key that has waited longest is first.
 */
export class IndexedHeap<K> {
  #entries: Entry<K>[] = [];
  #indexOf = new Map<K, number>();
  #nextSeq = 0;

  get size(): number {
    return this.#entries.length;
  }

  has(key: K): boolean {
    return this.#indexOf.has(key);
  }

  getPriority(key: K): number | undefined {
    const index = this.#indexOf.get(key);
    return index === undefined ? undefined : this.#at(index).priority;
  }

  set(key: K, priority: number): void {
    // NaN compares false both ways and would silently break the heap order.
    if (Number.isNaN(priority)) {
      throw new RangeError("Cannot set heap priority: priority must not be NaN");
    }
    const index = this.#indexOf.get(key);
    if (index === undefined) {
      this.#entries.push({ key, priority, seq: this.#nextSeq++ });
      this.#indexOf.set(key, this.#entries.length - 1);
      this.#siftUp(this.#entries.length - 1);
      return;
    }
    this.#at(index).priority = priority;
    this.#restore(index);
  }

  delete(key: K): boolean {
    const index = this.#indexOf.get(key);
    if (index === undefined) return false;
    this.#removeAt(index);
    return true;
  }

  peek(): HeapItem<K> | undefined {
    const top = this.#entries[0];
    return top === undefined ? undefined : { key: top.key, priority: top.priority };
  }

  pop(): HeapItem<K> | undefined {
    const top = this.peek();
    if (top !== undefined) this.#removeAt(0);
    return top;
  }

  clear(): void {
    this.#entries = [];
    this.#indexOf.clear();
  }

  #at(index: number): Entry<K> {
    const entry = this.#entries[index];
    if (entry === undefined) throw new Error(`IndexedHeap invariant broken at index ${index}`);
    return entry;
  }

  #removeAt(index: number): void {
    const removed = this.#at(index);
    const last = this.#entries.pop() as Entry<K>;
    this.#indexOf.delete(removed.key);
    if (index === this.#entries.length) return;
    this.#entries[index] = last;
    this.#indexOf.set(last.key, index);
    this.#restore(index);
  }

  #restore(index: number): void {
    if (!this.#siftUp(index)) this.#siftDown(index);
  }

  #less(a: number, b: number): boolean {
    const x = this.#at(a);
    const y = this.#at(b);
    return x.priority < y.priority || (x.priority === y.priority && x.seq < y.seq);
  }

  #swap(a: number, b: number): void {
    const x = this.#at(a);
    const y = this.#at(b);
    this.#entries[a] = y;
    this.#entries[b] = x;
    this.#indexOf.set(y.key, a);
    this.#indexOf.set(x.key, b);
  }

  /** Returns whether the entry moved, so `#restore` knows to try the other direction. */
  #siftUp(index: number): boolean {
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.#less(i, parent)) break;
      this.#swap(i, parent);
      i = parent;
    }
    return i !== index;
  }

  #siftDown(index: number): void {
    const n = this.#entries.length;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < n && this.#less(left, smallest)) smallest = left;
      if (right < n && this.#less(right, smallest)) smallest = right;
      if (smallest === i) return;
      this.#swap(i, smallest);
      i = smallest;
    }
  }
}
