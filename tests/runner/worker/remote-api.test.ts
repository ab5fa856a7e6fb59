import { describe, expect, test } from "bun:test";
import { remoteApi, shapeOf } from "../../../src/runner/worker/remote-api.ts";

/** The other side of the boundary, as a log of what was asked of it. */
function fakeRemote() {
  const asked: string[] = [];
  return {
    asked,
    call: (prop: string, args: readonly unknown[]) => {
      asked.push(`call ${prop}(${args.join(", ")})`);
      return Promise.resolve(`${prop} answered`);
    },
    get: (prop: string) => {
      asked.push(`get ${prop}`);
      return Promise.resolve(`${prop} now`);
    },
  };
}

class Counter {
  count = 0;
  increment() {
    return ++this.count;
  }
}

class NamedCounter extends Counter {
  label = "named";
  rename(label: string) {
    this.label = label;
  }
}

describe("shapeOf", () => {
  test("an object: its function and value properties, methods of its classes included", () => {
    expect(shapeOf({ hello: () => "hi", greeting: "hi", nested: { a: 1 } })).toEqual({
      kind: "object",
      functions: ["hello"],
      values: ["greeting", "nested"],
    });
    const shape = shapeOf(new NamedCounter());
    expect(shape.kind === "object" && [...shape.functions].sort()).toEqual(["increment", "rename"]);
    expect(shape.kind === "object" && [...shape.values].sort()).toEqual(["count", "label"]);
  });

  test("an own property shadows its class's of the same name", () => {
    const counter = new Counter();
    Object.assign(counter, { increment: 5 });
    expect(shapeOf(counter)).toEqual({
      kind: "object",
      functions: [],
      values: ["count", "increment"],
    });
  });

  test.each([undefined, null, 42, "text", true])("%p crosses as a plain value", (api) => {
    expect(shapeOf(api)).toEqual({ kind: "value", value: api });
  });
});

describe("remoteApi", () => {
  const shape = { kind: "object", functions: ["hello"], values: ["greeting"] } as const;

  test("a function property is called on the other side, returning a Promise of the answer", async () => {
    const remote = fakeRemote();
    const api = remoteApi(shape, remote) as Record<
      string,
      (...args: unknown[]) => Promise<unknown>
    >;
    const hello = api.hello as (...args: unknown[]) => Promise<unknown>;
    const answer = hello(1, "two");
    expect(answer).toBeInstanceOf(Promise);
    expect(await answer).toBe("hello answered");
    expect(api.hello).toBe(hello);
    expect(remote.asked).toEqual(["call hello(1, two)"]);
  });

  test("any other property is read on the other side at the time of the read, as a Promise", async () => {
    const remote = fakeRemote();
    const api = remoteApi(shape, remote) as Record<string, Promise<unknown>>;
    expect(remote.asked).toEqual([]);
    const read = api.greeting;
    expect(read).toBeInstanceOf(Promise);
    expect(await read).toBe("greeting now");
    // A property the shape does not list is still asked for: the API may have gained it.
    expect(await api.added).toBe("added now");
    expect(remote.asked).toEqual(["get greeting", "get added"]);
  });

  test("it is not thenable, so `await` gives it back; symbols read as undefined", async () => {
    const remote = fakeRemote();
    const api = remoteApi(shape, remote) as Record<string | symbol, unknown>;
    expect(api.then).toBeUndefined();
    expect(await api).toBe(api);
    expect(api[Symbol.toPrimitive]).toBeUndefined();
    expect(remote.asked).toEqual([]);
  });

  test("`in`, Object.keys and property descriptors name the shape's properties", () => {
    const api = remoteApi(shape, fakeRemote()) as object;
    expect("hello" in api).toBe(true);
    expect("greeting" in api).toBe(true);
    expect("other" in api).toBe(false);
    expect(Symbol.iterator in api).toBe(false);
    expect(Object.keys(api)).toEqual(["hello", "greeting"]);
    expect(Object.getOwnPropertyDescriptor(api, "greeting")).toMatchObject({ enumerable: true });
    expect(Object.getOwnPropertyDescriptor(api, "other")).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(api, Symbol.iterator)).toBeUndefined();
  });

  test("a value shape is the value itself", () => {
    expect(remoteApi({ kind: "value", value: 7 }, fakeRemote())).toBe(7);
    expect(remoteApi(shapeOf(undefined), fakeRemote())).toBeUndefined();
  });
});
