import { canonicalHeaderName, headerKey } from './header-names.js';

interface HeaderEntry {
  readonly name: string;
  readonly key: string;
  readonly value: string;
}

/**
 * Ordered multi-map of header fields. Lookups are case-insensitive and accept compact forms
 * (https://www.rfc-editor.org/rfc/rfc3261#section-7.3). Wire order is kept because the relative
 * order of same-named fields (Via, Route, Record-Route) is significant (§7.3.1).
 * A per-name cache memoises parsed values; any mutation of a name drops its cache entry.
 */
export class Headers implements Iterable<readonly [string, string]> {
  private entries: HeaderEntry[] = [];
  private readonly byKey = new Map<string, string[]>();
  private readonly parsed = new Map<string, unknown>();

  static from(pairs: Iterable<readonly [string, string]>): Headers {
    const headers = new Headers();
    for (const [name, value] of pairs) headers.append(name, value);
    return headers;
  }

  get size(): number {
    return this.entries.length;
  }

  has(name: string): boolean {
    return this.byKey.has(headerKey(name));
  }

  /** First value of `name`, or undefined. */
  get(name: string): string | undefined {
    return this.byKey.get(headerKey(name))?.[0];
  }

  /** Every value of `name` in wire order (empty array when absent). */
  getAll(name: string): readonly string[] {
    return this.byKey.get(headerKey(name)) ?? [];
  }

  append(name: string, value: string): this {
    const key = headerKey(name);
    this.entries.push({ name: canonicalHeaderName(name), key, value });
    const list = this.byKey.get(key);
    if (list) list.push(value);
    else this.byKey.set(key, [value]);
    this.parsed.delete(key);
    return this;
  }

  /** Insert before every existing field of the same name (used for Via and Route). */
  prepend(name: string, value: string): this {
    const key = headerKey(name);
    const entry = { name: canonicalHeaderName(name), key, value };
    const index = this.entries.findIndex((e) => e.key === key);
    if (index === -1) this.entries.push(entry);
    else this.entries.splice(index, 0, entry);
    this.byKey.set(key, [value, ...(this.byKey.get(key) ?? [])]);
    this.parsed.delete(key);
    return this;
  }

  /** Replace every field of `name` with one value, keeping the position of the first. */
  set(name: string, value: string): this {
    const key = headerKey(name);
    if (!this.byKey.has(key)) return this.append(name, value);
    const entry = { name: canonicalHeaderName(name), key, value };
    let placed = false;
    this.entries = this.entries.flatMap((e) => {
      if (e.key !== key) return [e];
      if (placed) return [];
      placed = true;
      return [entry];
    });
    this.byKey.set(key, [value]);
    this.parsed.delete(key);
    return this;
  }

  /** Replace the first value of `name` only (e.g. the top Via after adding `received`). */
  setFirst(name: string, value: string): this {
    const key = headerKey(name);
    const index = this.entries.findIndex((e) => e.key === key);
    if (index === -1) return this.append(name, value);
    const old = this.entries[index] as HeaderEntry;
    this.entries[index] = { ...old, value };
    const list = this.byKey.get(key) as string[];
    list[0] = value;
    this.parsed.delete(key);
    return this;
  }

  /** Remove the first value of `name` (e.g. popping the top Via in a proxy). */
  removeFirst(name: string): this {
    const key = headerKey(name);
    const index = this.entries.findIndex((e) => e.key === key);
    if (index === -1) return this;
    this.entries.splice(index, 1);
    const list = this.byKey.get(key) as string[];
    list.shift();
    if (list.length === 0) this.byKey.delete(key);
    this.parsed.delete(key);
    return this;
  }

  delete(name: string): this {
    const key = headerKey(name);
    if (!this.byKey.has(key)) return this;
    this.entries = this.entries.filter((e) => e.key !== key);
    this.byKey.delete(key);
    this.parsed.delete(key);
    return this;
  }

  /** Parse (and memoise) every value of `name` with `parse`. */
  parseAll<T>(name: string, parse: (value: string) => T): readonly T[] {
    const key = headerKey(name);
    const cached = this.parsed.get(key) as T[] | undefined;
    if (cached) return cached;
    const values = (this.byKey.get(key) ?? []).map(parse);
    this.parsed.set(key, values);
    return values;
  }

  /** Parse (and memoise) the first value of `name`, or undefined when absent. */
  parseFirst<T>(name: string, parse: (value: string) => T): T | undefined {
    if (!this.has(name)) return undefined;
    return this.parseAll(name, parse)[0];
  }

  clone(): Headers {
    const copy = new Headers();
    for (const e of this.entries) copy.append(e.name, e.value);
    return copy;
  }

  *[Symbol.iterator](): Iterator<readonly [string, string]> {
    for (const e of this.entries) yield [e.name, e.value];
  }
}
