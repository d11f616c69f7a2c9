/**
 * Where the Prisma schemas of a tree are, found where Prisma finds them: `schema.prisma` files and
 * multi-file `prisma/schema/` folders, the `prisma.schema` of each `package.json`, and the `schema`
 * of each `prisma.config.*` (`.config/prisma.*`). The config files are read as text: nothing from
 * the scanned tree is ever executed, so a `schema` that is not a string (or a `path.join` of
 * strings) cannot be followed and is reported, never guessed.
 */
import { readFileSync, statSync } from "node:fs";
import { posix } from "node:path";
import { listFiles, type TreeWalk } from "./tree-walk.js";
import { PrismaSchemaReferenceError, type PrismaSchemaError } from "./prisma-schema.js";

/** Schema files found by name, wherever they are (not filtered by `.gitignore`: a schema is the registry's source). */
const SCHEMA_GLOBS = ["**/schema.prisma", "**/prisma/schema/**/*.prisma"];
/** Files that can name a schema: `package.json` (`"prisma": { "schema": ... }`), Prisma's config file. */
const REFERRER_GLOBS = ["**/package.json", "**/prisma.config.{ts,mts,cts,js,mjs,cjs}", "**/.config/prisma.{ts,mts,cts,js,mjs,cjs}"];
/** Referrers larger than this are not read (a package.json or a config file is far smaller). */
const MAX_REFERRER_BYTES = 1024 * 1024;

export interface DiscoveredSchemas {
  /** Root-relative POSIX paths of the schema files, sorted. */
  readonly files: readonly string[];
  /** References that could not be followed (reported as `analysis-error`s at the referring file). */
  readonly errors: readonly PrismaSchemaError[];
}

/** The Prisma schema files of the walked tree and the references to schemas that cannot be followed. */
export function discoverPrismaSchemas(walk: TreeWalk): DiscoveredSchemas {
  const tree = { ...walk, gitignores: [] };
  const files = new Set(listFiles(walk.root, SCHEMA_GLOBS, walk.exclude, tree));
  const errors: PrismaSchemaError[] = [];
  for (const referrer of listFiles(walk.root, REFERRER_GLOBS, walk.exclude, tree)) {
    const text = readReferrer(walk.root, referrer);
    if (text === undefined) continue;
    const reference = referrer.endsWith("package.json") ? packageJsonSchema(text) : prismaConfigSchema(text);
    if (!reference) continue;
    const at = positionOf(text, reference.index);
    const fail = (reason: string) => errors.push(new PrismaSchemaReferenceError(referrer, at.line, at.column, reason));
    const key = referrer.endsWith("package.json") ? `"prisma.schema"` : `"schema"`;
    if (reference.path === undefined) {
      fail(`${key} is not a string or a path.join/path.resolve of strings, and guardrails never runs the file: write the path as a string`);
      continue;
    }
    const target = posix.normalize(posix.join(posix.dirname(referrer), reference.path.replace(/\\/g, "/")));
    if (posix.isAbsolute(reference.path) || target === ".." || target.startsWith("../")) {
      fail(`${key} points outside ROOT: check the directory that holds both this file and the schema`);
      continue;
    }
    const found = schemaFilesAt(walk, target);
    if (found === undefined) fail(`${key} points to ${target}, which does not exist`);
    else if (found.length === 0) fail(`${key} points to ${target}, a directory with no .prisma file (or an excluded one)`);
    else for (const file of found) files.add(file);
  }
  return { files: [...files].sort(), errors };
}

function readReferrer(root: string, file: string): string | undefined {
  try {
    const path = posix.join(root, file);
    const stats = statSync(path);
    // Never a FIFO or a device (a symlink to /dev/zero named package.json), never a huge file.
    if (!stats.isFile() || stats.size > MAX_REFERRER_BYTES) return undefined;
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** The `.prisma` files at `target` (a file, or every one under a directory); undefined if it does not exist. */
function schemaFilesAt(walk: TreeWalk, target: string): string[] | undefined {
  let stats;
  try {
    stats = statSync(posix.join(walk.root, target));
  } catch {
    return undefined;
  }
  if (stats.isFile()) return [target];
  if (!stats.isDirectory()) return undefined;
  return walk.files.filter((file) => file.startsWith(`${target}/`) && file.endsWith(".prisma"));
}

interface Reference {
  /** The path as written, or undefined when it is not a static string. */
  readonly path: string | undefined;
  /** Offset of the key in the text. */
  readonly index: number;
}

function packageJsonSchema(text: string): Reference | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    return undefined; // not ours to judge; the checker's workspace layout reads manifests too
  }
  const prisma = (manifest as { prisma?: unknown } | null)?.prisma;
  if (typeof prisma !== "object" || prisma === null || !("schema" in prisma)) return undefined;
  const schema = (prisma as { schema: unknown }).schema;
  return { path: typeof schema === "string" ? schema : undefined, index: Math.max(0, text.search(/"schema"\s*:/)) };
}

const STRING = String.raw`(?:"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\`[^\`$\\]*\`)`;
const BASE = String.raw`(?:__dirname|import\.meta\.dirname|process\.cwd\(\))`;
const SCHEMA_KEY = /(?<![\w$.])(?:schema|["']schema["'])\s*:\s*/g;
const STRING_VALUE = new RegExp(String.raw`^(${STRING})\s*[,}\n]`);
const JOIN_VALUE = new RegExp(String.raw`^(?:path\.)?(?:join|resolve)\(\s*((?:(?:${STRING}|${BASE})\s*,\s*)*(?:${STRING}|${BASE}))\s*,?\s*\)`);

/** The `schema` of a Prisma config file, read as text: a string, or `path.join`/`path.resolve` of strings. */
function prismaConfigSchema(text: string): Reference | undefined {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, (comment) => comment.replace(/[^\n]/g, " ")).replace(/(^|[^:"'`])\/\/[^\n]*/g, "$1");
  SCHEMA_KEY.lastIndex = 0;
  const match = SCHEMA_KEY.exec(code);
  if (!match) return undefined;
  const rest = code.slice(match.index + match[0].length);
  const literal = STRING_VALUE.exec(rest);
  if (literal) return { path: unquote(literal[1]!), index: match.index };
  const joined = JOIN_VALUE.exec(rest);
  if (joined) {
    const parts = [...joined[1]!.matchAll(new RegExp(`${STRING}|${BASE}`, "g"))].map((part) => part[0]);
    return { path: posix.join(...parts.filter((part) => !new RegExp(`^${BASE}$`).test(part)).map(unquote)), index: match.index };
  }
  return { path: undefined, index: match.index };
}

function unquote(literal: string): string {
  return literal.slice(1, -1).replace(/\\(.)/g, "$1");
}

function positionOf(text: string, index: number): { line: number; column: number } {
  const before = text.slice(0, index).split("\n");
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
