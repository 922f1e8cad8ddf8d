// Records keyed by user-chosen names (flag keys, segments, attributes): read and write own properties only,
// so a name like "__proto__" or "toString" is just a name.

const hasOwn = Object.prototype.hasOwnProperty;

export function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return hasOwn.call(rec, key) ? rec[key] : undefined;
}

export function setOwn<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}
