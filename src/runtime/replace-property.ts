/**
 * Puts `value` in place of `target[name]` and returns the undo, which puts back exactly what
 * was there: the same own property (descriptor and all), or none, so an inherited method shows
 * through again. Patches of runtime globals (timers, `process`, `Bun.serve`) go through this.
 */
export function replaceProperty<T extends object, K extends keyof T>(
  target: T,
  name: K,
  value: T[K],
): () => void {
  const own = Object.getOwnPropertyDescriptor(target, name);
  if (own && !own.configurable) {
    // `Bun.serve` is writable but cannot be redefined: assign it, and assign it back.
    if (!own.writable) throw new TypeError(`Cannot patch ${String(name)}: it is read-only`);
    target[name] = value;
    return () => {
      target[name] = own.value;
    };
  }
  Object.defineProperty(target, name, {
    value,
    writable: true,
    enumerable: own?.enumerable ?? false,
    configurable: true,
  });
  return () => {
    if (own) Object.defineProperty(target, name, own);
    else delete target[name];
  };
}

/** Runs the undos in reverse order, as patches applied one over another come off. */
export const undoAll =
  (undos: readonly (() => void)[]): (() => void) =>
  () => {
    for (const undo of [...undos].reverse()) undo();
  };

/**
 * `replaceProperty` for a function: the stand-in keeps the original's name and its symbol-keyed
 * properties, so `util.promisify(setTimeout)` still finds its custom promise version.
 */
export function replaceFunction<T extends object, K extends keyof T>(
  target: T,
  name: K,
  stand: T[K] & object,
): () => void {
  const original = target[name] as object;
  Object.defineProperty(stand, "name", { value: (original as { name: string }).name });
  for (const key of Object.getOwnPropertySymbols(original)) {
    Object.defineProperty(
      stand,
      key,
      Object.getOwnPropertyDescriptor(original, key) as PropertyDescriptor,
    );
  }
  return replaceProperty(target, name, stand);
}
