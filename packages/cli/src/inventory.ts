/**
 * The secret inventory (contract v1.1, `inventory`): one row per registered secret with its rollout
 * status. `buildInventory` is a pure function of the registry, the run's findings and where the env
 * vars are declared; `scanEnvDeclarations` finds those declarations, as text: `.env.example`-like
 * files (names before `=`, values never kept) and env schemas (t3-env `createEnv`, a zod object
 * parsing `process.env`).
 */
import { readFileSync, statSync } from "node:fs";
import { join, posix } from "node:path";
import type { Category } from "@secret-guardrails/core";
import type { InventoryEntry, ReportFinding, ReportRegistry } from "./report.js";

/** Environment variable name -> the files declaring it (root-relative POSIX, sorted). */
export type EnvDeclarations = ReadonlyMap<string, readonly string[]>;

/** What the run could tell: without the checker (or an admin UI) some statuses are unknown (`null`). */
export interface InventoryChecks {
  /** The cleanup check ran (the checker ran and a settings model is defined in a schema). */
  readonly cleanup: boolean;
  /** The env-guidance check had an admin UI to look at. */
  readonly ui: boolean;
}

const COUNTED = {
  writtenToSettings: "secret-settings-write",
  readDbFirst: "db-before-env",
  returnedByAdmin: "raw-secret-response",
  acceptedByAdminInput: "secret-in-admin-input",
} as const satisfies Record<string, Category>;

/**
 * One entry per registered secret, in registry order. Baselined findings count: the inventory says
 * where the code stands, not what fails the run. A cleanup finding that names no secret ("nothing
 * clears the legacy secrets") means no secret is cleared.
 */
export function buildInventory(
  registry: ReportRegistry,
  findings: readonly Pick<ReportFinding, "category" | "secret">[],
  declarations: EnvDeclarations,
  checks: InventoryChecks,
): InventoryEntry[] {
  const count = (category: Category, secret: string) =>
    findings.filter((finding) => finding.category === category && finding.secret === secret).length;
  return registry.secrets.map(({ secret, env }) => {
    const declaredIn = [...new Set(env.flatMap((name) => declarations.get(name) ?? []))].sort();
    const notCleared = findings.some(
      (finding) => finding.category === "missing-secret-cleanup" && (finding.secret === undefined || finding.secret === secret),
    );
    return {
      secret,
      env: [...env],
      declaredIn,
      writtenToSettings: count(COUNTED.writtenToSettings, secret),
      readDbFirst: count(COUNTED.readDbFirst, secret),
      returnedByAdmin: count(COUNTED.returnedByAdmin, secret),
      acceptedByAdminInput: count(COUNTED.acceptedByAdminInput, secret),
      clearedByCleanup: checks.cleanup ? !notCleared : null,
      namedByUi: checks.ui ? count("missing-env-guidance", secret) === 0 : null,
    };
  });
}

/**
 * The declarations behind an inventory (to rebuild it from merged findings, `guardrails merge`):
 * each env var of an entry maps to the entry's files, which gives every entry the same `declaredIn`.
 */
export function declarationsOf(inventory: readonly InventoryEntry[]): { declarations: EnvDeclarations; checks: InventoryChecks } {
  const declarations = new Map<string, string[]>();
  for (const entry of inventory) {
    for (const name of entry.env) declarations.set(name, [...new Set([...(declarations.get(name) ?? []), ...entry.declaredIn])].sort());
  }
  return {
    declarations,
    checks: {
      cleanup: inventory.some((entry) => entry.clearedByCleanup !== null),
      ui: inventory.some((entry) => entry.namedByUi !== null),
    },
  };
}

/** Larger files are no env example or schema. */
const MAX_DECLARATION_FILE_BYTES = 256 * 1024;
/** `NAME=` at the start of a line (`export NAME=` too); comments and values are never kept. */
const ENV_LINE = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=/gm;
/** `createEnv(` of t3-env, or a zod object. */
const ENV_SCHEMA = /\bcreateEnv\s*\(|\bz\s*\.\s*object\s*\(/;
/** A file whose name says env (`env.ts`, `env.mjs`, `src/env/server.ts`, `env-schema.ts`). */
const ENV_FILE_NAME = /(?:^|\/)env(?:[./-][^/]*)?$|(?:^|\/)env\//i;
/** An env schema outside the source globs (t3-env's `src/env.js`, `env.mjs`). */
export const ENV_SCRIPT_FILE = /(?:^|\/)env\.[cm]?js$/;

export interface EnvDeclarationSources {
  /** `.env.example`-like files (the tree walk's `envExamples`). */
  readonly envExamples: readonly string[];
  /** Source texts the run already read, where env schemas may be. */
  readonly sources: readonly { readonly file: string; readonly text: string }[];
  /** Further files that may hold an env schema (`env.js`, `env.mjs`), read here. */
  readonly scripts: readonly string[];
}

/** Where each of `envVars` is declared under `root`. Unreadable or huge files are skipped. */
export function scanEnvDeclarations(root: string, envVars: readonly string[], input: EnvDeclarationSources): EnvDeclarations {
  const wanted = new Set(envVars);
  const found = new Map<string, Set<string>>();
  const add = (name: string, file: string) => {
    if (!wanted.has(name)) return;
    const files = found.get(name) ?? new Set<string>();
    files.add(file);
    found.set(name, files);
  };
  for (const file of input.envExamples) {
    const text = readSmallFile(root, file);
    if (text === undefined) continue;
    for (const match of text.matchAll(ENV_LINE)) add(match[1]!, file);
  }
  const schemas = [...input.sources];
  for (const file of input.scripts) {
    const text = readSmallFile(root, file);
    if (text !== undefined) schemas.push({ file, text });
  }
  for (const { file, text } of schemas) {
    if (!isEnvSchema(file, text)) continue;
    for (const name of wanted) if (declaresKey(text, name)) add(name, file);
  }
  return new Map([...found].map(([name, files]) => [name, [...files].sort()]));
}

/** t3-env's `createEnv(...)`, or a zod object in an env file or parsing `process.env`. */
export function isEnvSchema(file: string, text: string): boolean {
  const schema = ENV_SCHEMA.exec(text);
  if (!schema) return false;
  if (schema[0].startsWith("createEnv")) return true;
  return ENV_FILE_NAME.test(posix.normalize(file)) || /\.(?:safeParse|parse)\s*\(\s*process\.env\b/.test(text);
}

/** `NAME:` or `"NAME":` as an object key. */
function declaresKey(text: string, name: string): boolean {
  return new RegExp(`(?:^|[\\s{,])["']?${name}["']?\\s*:`, "m").test(text);
}

function readSmallFile(root: string, file: string): string | undefined {
  try {
    const path = join(root, file);
    const stats = statSync(path);
    if (!stats.isFile() || stats.size > MAX_DECLARATION_FILE_BYTES) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

export interface RunFacts {
  readonly root: string;
  readonly registry: ReportRegistry;
  readonly findings: readonly ReportFinding[];
  readonly tree: { readonly files: readonly string[]; readonly envExamples: readonly string[] };
  /** The source texts the run read (the ESLint rules' files: every file naming an env var is one). */
  readonly sources: readonly { readonly file: string; readonly text: string }[];
  readonly checkerRan: boolean;
  /** A settings model is defined in a `schema.prisma` (else the cleanup check has nothing to check). */
  readonly modelInSchema: boolean;
  /** Does a listed source file belong to the admin UI (`admin.uiGlobs`)? */
  readonly hasAdminUi: boolean;
}

/** The inventory of a full run (or a shard): the env declarations scanned, then {@link buildInventory}. */
export function inventoryOfRun(facts: RunFacts): InventoryEntry[] {
  const declarations = scanEnvDeclarations(
    facts.root,
    facts.registry.secrets.flatMap((secret) => secret.env),
    { envExamples: facts.tree.envExamples, sources: facts.sources, scripts: facts.tree.files.filter((file) => ENV_SCRIPT_FILE.test(file)) },
  );
  return buildInventory(facts.registry, facts.findings, declarations, {
    cleanup: facts.checkerRan && facts.modelInSchema,
    ui: facts.checkerRan && facts.hasAdminUi,
  });
}
