// Reusable bodies of ordinary application code for the bench generator. Each block is a function of
// `T` (an entity type in scope with `id`, `name` and `status` fields, `is${T}` in scope when `hasGuard`)
// and `N` (a unique stem for the exported names), and returns TypeScript source.

const camel = (name) => name.charAt(0).toLowerCase() + name.slice(1);

export const BLOCKS = [
  ({ T, N }) => `export function sort${N}(items: readonly ${T}[], direction: "asc" | "desc" = "asc"): ${T}[] {
  return [...items].sort((left, right) => {
    const result = left.name.localeCompare(right.name);
    return direction === "asc" ? result : -result;
  });
}
`,
  ({ T, N }) => `export function group${N}ByStatus(items: readonly ${T}[]): Map<${T}["status"], ${T}[]> {
  const groups = new Map<${T}["status"], ${T}[]>();
  for (const item of items) {
    const bucket = groups.get(item.status);
    if (bucket) {
      bucket.push(item);
    } else {
      groups.set(item.status, [item]);
    }
  }
  return groups;
}
`,
  ({ T, N }) => `export interface ${N}Page {
  items: ${T}[];
  page: number;
  pageCount: number;
  total: number;
}

export function paginate${N}(items: readonly ${T}[], page: number, pageSize = 25): ${N}Page {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const current = Math.min(Math.max(1, page), pageCount);
  const start = (current - 1) * pageSize;
  return { items: items.slice(start, start + pageSize), page: current, pageCount, total: items.length };
}
`,
  ({ T, N }) => `export function diff${N}(before: ${T}, after: ${T}): (keyof ${T})[] {
  const keys = Object.keys(after) as (keyof ${T})[];
  return keys.filter((key) => before[key] !== after[key]);
}
`,
  ({ T, N }) => `export function index${N}ById(items: readonly ${T}[]): Map<string, ${T}> {
  const index = new Map<string, ${T}>();
  for (const item of items) {
    if (!index.has(item.id)) {
      index.set(item.id, item);
    }
  }
  return index;
}
`,
  ({ T, N }) => `export function search${N}(items: readonly ${T}[], query: string): ${T}[] {
  const needle = query.trim().toLowerCase();
  if (needle.length === 0) {
    return [...items];
  }
  return items.filter((item) => item.name.toLowerCase().includes(needle) || item.id.startsWith(needle));
}
`,
  ({ T, N }) => `export function merge${N}(base: ${T}, patch: Partial<${T}>): ${T} {
  const next: ${T} = { ...base, ...patch };
  if (next.status === "archived" && base.status !== "archived") {
    return { ...next, name: \`\${next.name} (archived)\` };
  }
  return next;
}
`,
  ({ T, N }) => `export interface ${N}Stats {
  total: number;
  byStatus: Record<string, number>;
  longestName: string;
}

export function stats${N}(items: readonly ${T}[]): ${N}Stats {
  const byStatus: Record<string, number> = {};
  let longestName = "";
  for (const item of items) {
    byStatus[item.status] = (byStatus[item.status] ?? 0) + 1;
    if (item.name.length > longestName.length) {
      longestName = item.name;
    }
  }
  return { total: items.length, byStatus, longestName };
}
`,
  ({ T, N }) => `const ${camel(N)}Cache = new Map<string, Promise<${T} | undefined>>();

export function load${N}Cached(id: string, loader: (id: string) => Promise<${T} | undefined>): Promise<${T} | undefined> {
  let pending = ${camel(N)}Cache.get(id);
  if (!pending) {
    pending = loader(id).catch(() => undefined);
    ${camel(N)}Cache.set(id, pending);
  }
  return pending;
}

export function clear${N}Cache(): number {
  const size = ${camel(N)}Cache.size;
  ${camel(N)}Cache.clear();
  return size;
}
`,
  ({ T, N, hasGuard }) =>
    hasGuard
      ? `export function serialize${N}(item: ${T}): string {
  return JSON.stringify({ ...item, kind: "${camel(N)}" });
}

export function deserialize${N}(text: string): ${T} | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return is${T}(value) ? value : undefined;
  } catch {
    return undefined;
  }
}
`
      : `export function serialize${N}(item: ${T}): string {
  return JSON.stringify({ ...item, kind: "${camel(N)}" });
}
`,
  ({ T, N }) => `export class ${N}Collection {
  private readonly items = new Map<string, ${T}>();

  add(item: ${T}): this {
    this.items.set(item.id, item);
    return this;
  }

  get(id: string): ${T} | undefined {
    return this.items.get(id);
  }

  remove(id: string): boolean {
    return this.items.delete(id);
  }

  get size(): number {
    return this.items.size;
  }

  active(): ${T}[] {
    return [...this.items.values()].filter((item) => item.status !== "archived");
  }
}
`,
  ({ T, N }) => `export async function retry${N}<R>(task: (attempt: number) => Promise<R>, attempts = 3, delayMs = 50): Promise<R> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      return await task(attempt);
    } catch (error) {
      lastError = error;
      await new Promise<void>((resolve) => setTimeout(resolve, delayMs * attempt));
    }
  }
  throw lastError instanceof Error ? lastError : new Error("${camel(N)} failed after " + attempts + " attempts");
}

export function first${N}(items: readonly ${T}[], predicate: (item: ${T}) => boolean): ${T} | undefined {
  for (const item of items) {
    if (predicate(item)) {
      return item;
    }
  }
  return undefined;
}
`,
  ({ T, N }) => `export function chunk${N}(items: readonly ${T}[], size: number): ${T}[][] {
  if (size <= 0) {
    throw new RangeError("chunk size must be positive");
  }
  const chunks: ${T}[][] = [];
  for (let start = 0; start < items.length; start += size) {
    chunks.push(items.slice(start, start + size));
  }
  return chunks;
}
`,
  ({ T, N }) => `export function format${N}Table(items: readonly ${T}[]): string {
  const header = ["id", "name", "status"].join("\\t");
  const rows = items.map((item) => [item.id, item.name, String(item.status)].join("\\t"));
  return [header, ...rows].join("\\n");
}
`,
];
