/**
 * Text scans of a module's imports and exports: no parse, so the loader can decide which files to
 * load before it parses any. A scan may over-approximate (a specifier in a comment adds a file);
 * where it cannot tell, it says so (`ALL_NAMES`, `ANY_NAME`) and the loader loads more, never less.
 */

/** Every name of the target module is wanted (`import * as ns`, `import()`, `require()`). */
export const ALL_NAMES = "*";

export interface ImportEdge {
  readonly specifier: string;
  /** Names taken from the target (`default` for a default import), or {@link ALL_NAMES}. */
  readonly names: readonly string[] | typeof ALL_NAMES;
}

/** A re-export of a barrel: `export * from "s"` (every name), `export { a as b } from "s"`. */
export interface ReExport {
  readonly specifier: string;
  /** Exported name -> name in the target; undefined: every name (`export * from`). */
  readonly names?: ReadonlyMap<string, string>;
}

/** The module may export any name (an `export *` or a destructuring export the scan cannot list). */
export const ANY_NAME = "any";

// `import a, { b as c, type d } from "s"`, `import * as ns from "s"`, `import type X from "s"`,
// `export { a } from "s"`, `export * from "s"`, `export * as ns from "s"`, `import "s"`.
const STATIC_PATTERN =
  /(?:^|[^\w$.])(import|export)\s*(?:type\s+)?((?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*(?:\s*as\s+[\w$]+)?)?)\s*(?:\bfrom\s*)?["']([^"'\n]+)["']/g;
const DYNAMIC_PATTERN = /(?:^|[^\w$.])(?:import|require)\s*\(\s*["']([^"'\n]+)["']\s*\)/g;

/** The imports of a module (and its `export ... from`), with the names each takes. */
export function scanImports(text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  STATIC_PATTERN.lastIndex = 0;
  for (let match = STATIC_PATTERN.exec(text); match; match = STATIC_PATTERN.exec(text)) {
    const [, keyword, clause = "", specifier] = match;
    edges.push({ specifier: specifier!, names: keyword === "import" ? importedNames(clause) : reExportedNames(clause) });
  }
  DYNAMIC_PATTERN.lastIndex = 0;
  for (let match = DYNAMIC_PATTERN.exec(text); match; match = DYNAMIC_PATTERN.exec(text)) {
    edges.push({ specifier: match[1]!, names: ALL_NAMES });
  }
  return edges;
}

/** `a, { b as c, type d }` -> [default, b, d]; `* as ns` or nothing (a side-effect import) -> all. */
function importedNames(clause: string): ImportEdge["names"] {
  const trimmed = clause.trim();
  if (trimmed === "" || trimmed.includes("*")) return ALL_NAMES;
  const names: string[] = [];
  const braces = /\{([^}]*)\}/.exec(trimmed);
  const beforeBraces = (braces ? trimmed.slice(0, braces.index) : trimmed).replace(/,\s*$/, "").trim();
  if (beforeBraces !== "") names.push("default");
  if (braces) names.push(...specifierList(braces[1]!).map(([original]) => original));
  return names;
}

/** `{ a as b }` -> [a]; `*` and `* as ns` -> all. */
function reExportedNames(clause: string): ImportEdge["names"] {
  const braces = /\{([^}]*)\}/.exec(clause);
  if (!braces) return ALL_NAMES;
  return specifierList(braces[1]!).map(([original]) => original);
}

/** `a as b, type c, default as d` -> [[a, b], [c, c], [default, d]]. */
function specifierList(list: string): [original: string, local: string][] {
  const pairs: [string, string][] = [];
  for (const part of list.split(",")) {
    const words = part
      .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "")
      .trim()
      .replace(/^type\s+/, "")
      .split(/\s+as\s+/);
    const original = words[0]?.trim().replace(/^["']|["']$/g, "");
    if (!original) continue;
    pairs.push([original, (words[1] ?? original).trim().replace(/^["']|["']$/g, "")]);
  }
  return pairs;
}

/**
 * The re-exports of a barrel (see {@link isBarrel}). Its `import ... from` statements (types only,
 * or side effects) come back as `export *`: the loader then follows them whole.
 */
export function barrelReExports(text: string): ReExport[] {
  const reExports: ReExport[] = [];
  STATIC_PATTERN.lastIndex = 0;
  for (let match = STATIC_PATTERN.exec(text); match; match = STATIC_PATTERN.exec(text)) {
    const [, keyword, clause = "", specifier] = match;
    const braces = keyword === "export" ? /\{([^}]*)\}/.exec(clause) : null;
    if (keyword === "export" && /^\*\s*as\s+([\w$]+)/.test(clause.trim())) {
      // `export * as ns from "s"`: the barrel exports `ns`, which stands for every name of the target.
      const alias = /^\*\s*as\s+([\w$]+)/.exec(clause.trim())![1]!;
      reExports.push({ specifier: specifier!, names: new Map([[alias, ALL_NAMES]]) });
    } else if (braces) {
      reExports.push({ specifier: specifier!, names: new Map(specifierList(braces[1]!).map(([original, exported]) => [exported, original])) });
    } else {
      reExports.push({ specifier: specifier! });
    }
  }
  return reExports;
}

const DECLARATION_EXPORT =
  /(?:^|[^\w$.])export\s+(?:declare\s+)?(?:default\s+)?(?:async\s+)?(?:abstract\s+)?(?:function\s*\*?|class|const\s+enum|const|let|var|interface|type|enum|namespace|module)\s+([\w$]+)/g;

/**
 * The names a (non-barrel) module exports, or {@link ANY_NAME} when the scan cannot list them all
 * (`export * from`, `export const { a } = ...`, `export =`). Over-approximates: a name in a comment
 * counts.
 */
export function exportedNames(text: string): ReadonlySet<string> | typeof ANY_NAME {
  if (/(?:^|[^\w$.])export\s*\*|(?:^|[^\w$.])export\s+(?:const|let|var)\s*[[{]|(?:^|[^\w$.])export\s*=/.test(text)) return ANY_NAME;
  const names = new Set<string>();
  DECLARATION_EXPORT.lastIndex = 0;
  for (let match = DECLARATION_EXPORT.exec(text); match; match = DECLARATION_EXPORT.exec(text)) names.add(match[1]!);
  if (/(?:^|[^\w$.])export\s+default\b/.test(text)) names.add("default");
  // `export const a = 1, b = 2`: the later declarators.
  for (const match of text.matchAll(/(?:^|[^\w$.])export\s+(?:const|let|var)\s+[^;]*?,\s*([\w$]+)\s*[=:]/g)) names.add(match[1]!);
  for (const match of text.matchAll(/(?:^|[^\w$.])export\s*(?:type\s*)?\{([^}]*)\}/g)) {
    for (const [, exported] of specifierList(match[1]!)) names.add(exported);
  }
  return names;
}

/** A file of re-exports only (`export * from`, `export { a } from`): following it costs no depth. */
export function isBarrel(text: string): boolean {
  const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, "");
  if (!/\bfrom\s*["']/.test(code)) return false;
  const statements = code
    .split(/;|\n(?=\s*(?:export|import)\b)/)
    .map((statement) => statement.trim())
    .filter(Boolean);
  return statements.every((statement) => /^(?:export|import)\b[\s\S]*\bfrom\s*["'][^"']+["']$/.test(statement) || /^["']use \w+["']$/.test(statement));
}

/**
 * Module specifiers of `import`/`export ... from`, side-effect imports, `import()` and `require()`.
 * A text scan (no parse): a specifier in a comment or string only adds a file to the load.
 */
export function scanImportSpecifiers(text: string): string[] {
  const specifiers: string[] = [];
  IMPORT_PATTERN.lastIndex = 0;
  for (let match = IMPORT_PATTERN.exec(text); match; match = IMPORT_PATTERN.exec(text)) {
    const specifier = match[1] ?? match[2];
    if (specifier) specifiers.push(specifier);
  }
  return specifiers;
}

const IMPORT_PATTERN =
  /(?:^|[^\w$.])(?:import|export)\s*(?:type\s+)?(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"'\n]+)["']|(?:^|[^\w$.])(?:import|require)\s*\(\s*["']([^"'\n]+)["']\s*\)/g;
