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

// Plain business logic: statements, branches and loops over primitives, few generic calls.
export const PLAIN_BLOCKS = [
  ({ T, N }) => `export function score${N}(item: ${T}, now: number = Date.now()): number {
  let score = 0;
  if (item.name.length > 24) {
    score += 2;
  } else if (item.name.length > 8) {
    score += 1;
  }
  switch (item.status) {
    case "archived":
      score -= 5;
      break;
    default:
      score += 1;
  }
  const day = 24 * 60 * 60 * 1000;
  const age = Math.floor((now % (30 * day)) / day);
  if (age > 14) {
    score -= 1;
  }
  return Math.max(0, Math.min(10, score));
}
`,
  ({ N }) => `export function ${N.charAt(0).toLowerCase() + N.slice(1)}CountLabel(count: number, unit = "item"): string {
  if (!Number.isFinite(count) || count < 0) {
    return "unknown";
  }
  if (count === 0) {
    return "no " + unit + "s";
  }
  if (count === 1) {
    return "one " + unit;
  }
  if (count < 1000) {
    return count + " " + unit + "s";
  }
  const thousands = Math.round(count / 100) / 10;
  return thousands + "k " + unit + "s";
}
`,
  ({ N }) => `export function validate${N}Fields(input: Record<string, unknown>): string[] {
  const errors: string[] = [];
  if (typeof input.name !== "string") {
    errors.push("name must be a string");
  } else if (input.name.trim().length === 0) {
    errors.push("name must not be empty");
  } else if (input.name.length > 200) {
    errors.push("name is too long");
  }
  if (input.status !== undefined && typeof input.status !== "string") {
    errors.push("status must be a string");
  }
  if (input.id !== undefined && (typeof input.id !== "string" || !/^[0-9a-f-]{8,}$/i.test(input.id))) {
    errors.push("id is malformed");
  }
  return errors;
}
`,
  ({ N }) => `export function parse${N}Csv(line: string, separator = ","): string[] {
  const cells: string[] = [];
  let current = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (char === '"') {
      if (quoted && line[i + 1] === '"') {
        current += '"';
        i++;
      } else {
        quoted = !quoted;
      }
    } else if (char === separator && !quoted) {
      cells.push(current);
      current = "";
    } else {
      current += char;
    }
  }
  cells.push(current);
  return cells;
}
`,
  ({ N }) => `export interface ${N}Range {
  start: Date;
  end: Date;
}

export function ${N.charAt(0).toLowerCase() + N.slice(1)}Range(anchor: Date, days: number): ${N}Range {
  const start = new Date(anchor.getTime());
  start.setHours(0, 0, 0, 0);
  const end = new Date(start.getTime() + days * 24 * 60 * 60 * 1000 - 1);
  return { start, end };
}

export function ${N.charAt(0).toLowerCase() + N.slice(1)}Overlaps(left: ${N}Range, right: ${N}Range): boolean {
  return left.start.getTime() <= right.end.getTime() && right.start.getTime() <= left.end.getTime();
}
`,
  ({ T, N }) => `export function ${N.charAt(0).toLowerCase() + N.slice(1)}Changes(before: ${T}, after: ${T}): string[] {
  const changes: string[] = [];
  if (before.name !== after.name) {
    changes.push("renamed from " + before.name + " to " + after.name);
  }
  if (before.status !== after.status) {
    changes.push("status " + before.status + " -> " + after.status);
  }
  if (changes.length === 0) {
    changes.push("no visible change");
  }
  return changes;
}
`,
  ({ N }) => `export function round${N}Amount(value: number, step = 0.05): number {
  if (!Number.isFinite(value)) {
    return 0;
  }
  const rounded = Math.round(value / step) * step;
  const decimals = step.toString().split(".")[1]?.length ?? 0;
  return Number(rounded.toFixed(decimals));
}

export function split${N}Amount(total: number, parts: number): number[] {
  if (parts <= 0) {
    return [];
  }
  const base = Math.floor((total * 100) / parts) / 100;
  const result: number[] = [];
  let remaining = total;
  for (let i = 0; i < parts - 1; i++) {
    result.push(base);
    remaining -= base;
  }
  result.push(Math.round(remaining * 100) / 100);
  return result;
}
`,
];
