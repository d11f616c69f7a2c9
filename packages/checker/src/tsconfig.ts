/**
 * Reads the `tsconfig.json` files of the scanned tree for module resolution only: `extends` chains,
 * `paths`, `baseUrl` and `references`. Never type-checks, never expands `include` globs.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { toPosixRelative } from "@secret-guardrails/core";
import { ts } from "./ts-morph.js";
import type { ts as Ts } from "ts-morph";

/** A tsconfig that cannot be used: invalid JSON, a missing `extends` target. The CLI exits 2 with the message. */
export class ProjectConfigError extends Error {
  constructor(
    readonly file: string,
    problem: string,
  ) {
    super(`${file}: ${problem}`);
    this.name = "ProjectConfigError";
  }
}

/** The module-resolution view of one tsconfig after its `extends` chain. */
export interface ResolutionConfig {
  /** Absolute path of the tsconfig file. */
  readonly file: string;
  /** `paths` patterns, most specific first, with the directory their targets are relative to. */
  readonly paths: readonly PathMapping[];
  /** Absolute `baseUrl`, when set: non-relative specifiers are also tried below it. */
  readonly baseUrl?: string;
  /** Absolute paths of referenced tsconfig files (`references`). */
  readonly references: readonly string[];
}

export interface PathMapping {
  readonly pattern: string;
  readonly targets: readonly string[];
  /** Absolute directory the targets are relative to (`baseUrl`, else the tsconfig that declared `paths`). */
  readonly base: string;
}

interface RawConfig {
  readonly file: string;
  readonly compilerOptions: Record<string, unknown>;
  readonly extends: readonly string[];
  readonly references: readonly string[];
}

/**
 * Loads tsconfig files on demand, caching every file and every directory lookup.
 * `root` bounds the upward search for the nearest tsconfig.
 */
export class TsconfigStore {
  readonly #root: string;
  readonly #resolvePackage: (specifier: string) => string | undefined;
  readonly #raw = new Map<string, RawConfig>();
  readonly #resolved = new Map<string, ResolutionConfig>();
  readonly #nearest = new Map<string, ResolutionConfig | undefined>();
  readonly #known: ReadonlySet<string> | undefined;

  /**
   * @param resolvePackage maps a non-relative `extends` (`@acme/tsconfig/base.json`) to a file,
   *   usually through the workspace packages; unresolvable package extends are skipped.
   * @param tsconfigFiles the absolute paths of the tree's `tsconfig.json` files, when a walk listed
   *   them: the nearest one of a directory is then looked up, not `stat`ed for (a directory at a
   *   time, up to the root, for every directory holding a source file).
   */
  constructor(root: string, resolvePackage: (specifier: string) => string | undefined = () => undefined, tsconfigFiles?: readonly string[]) {
    this.#root = resolve(root);
    this.#resolvePackage = resolvePackage;
    this.#known = tsconfigFiles ? new Set(tsconfigFiles.map((file) => resolve(file))) : undefined;
  }

  /** The resolution config of a tsconfig file (throws {@link ProjectConfigError}). */
  load(file: string): ResolutionConfig {
    const absolute = resolve(file);
    const cached = this.#resolved.get(absolute);
    if (cached) return cached;
    const config = this.#resolve(absolute, []);
    this.#resolved.set(absolute, config);
    return config;
  }

  /** The tsconfig.json nearest to a directory (at or above it, not above the root). */
  nearest(directory: string): ResolutionConfig | undefined {
    const dir = resolve(directory);
    if (this.#nearest.has(dir)) return this.#nearest.get(dir);
    let result: ResolutionConfig | undefined;
    const candidate = join(dir, "tsconfig.json");
    if (this.#known ? this.#known.has(candidate) : isFile(candidate)) {
      result = this.load(candidate);
    } else {
      const parent = dirname(dir);
      const insideRoot = dir !== this.#root && parent.startsWith(this.#root) && parent !== dir;
      result = insideRoot ? this.nearest(parent) : undefined;
    }
    this.#nearest.set(dir, result);
    return result;
  }

  #relative(file: string): string {
    const relative = toPosixRelative(this.#root, file);
    return relative.startsWith("..") ? file : relative;
  }

  #read(file: string): RawConfig {
    const cached = this.#raw.get(file);
    if (cached) return cached;
    let text: string;
    // Never open a FIFO or a device (`"extends": "/dev/zero"` would never end).
    if (!isFile(file) && exists(file)) throw new ProjectConfigError(this.#relative(file), "is not a regular file");
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      throw new ProjectConfigError(this.#relative(file), `cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
    }
    const parsed = ts.parseConfigFileTextToJson(file, text);
    if (parsed.error) {
      throw new ProjectConfigError(this.#relative(file), `is not valid JSON (${describeDiagnostic(parsed.error)})`);
    }
    const json = parsed.config as unknown;
    if (typeof json !== "object" || json === null || Array.isArray(json)) {
      throw new ProjectConfigError(this.#relative(file), "must contain a JSON object");
    }
    const object = json as Record<string, unknown>;
    const compilerOptions = isRecord(object.compilerOptions) ? object.compilerOptions : {};
    const extendsValue = object.extends;
    const extendsList =
      typeof extendsValue === "string"
        ? [extendsValue]
        : Array.isArray(extendsValue)
          ? extendsValue.filter((item): item is string => typeof item === "string")
          : [];
    const references = Array.isArray(object.references)
      ? object.references
          .map((reference) => (isRecord(reference) && typeof reference.path === "string" ? reference.path : undefined))
          .filter((path): path is string => path !== undefined)
      : [];
    const raw: RawConfig = { file, compilerOptions, extends: extendsList, references };
    this.#raw.set(file, raw);
    return raw;
  }

  #resolve(file: string, chain: readonly string[]): ResolutionConfig {
    if (chain.includes(file)) {
      throw new ProjectConfigError(this.#relative(chain[0] ?? file), `has a circular "extends" chain through ${this.#relative(file)}`);
    }
    const raw = this.#read(file);
    const dir = dirname(file);
    let paths: readonly PathMapping[] = [];
    let baseUrl: string | undefined;
    for (const target of raw.extends) {
      const parentFile = this.#extendsTarget(target, file);
      if (!parentFile) continue;
      const parent = this.#resolve(parentFile, [...chain, file]);
      if (parent.paths.length > 0) paths = parent.paths;
      if (parent.baseUrl !== undefined) baseUrl = parent.baseUrl;
    }
    const options = raw.compilerOptions;
    if (typeof options.baseUrl === "string") baseUrl = resolve(dir, options.baseUrl);
    if (isRecord(options.paths)) {
      const base = baseUrl ?? dir;
      paths = Object.entries(options.paths)
        .map(([pattern, targets]) => ({
          pattern,
          targets: Array.isArray(targets) ? targets.filter((t): t is string => typeof t === "string") : [],
          base,
        }))
        .sort(comparePatterns);
    } else if (baseUrl !== undefined && typeof options.baseUrl === "string") {
      // A child that only changes `baseUrl` re-bases inherited patterns, as TypeScript does.
      paths = paths.map((mapping) => ({ ...mapping, base: baseUrl! }));
    }
    const references = raw.references.map((reference) => {
      const target = resolve(dir, reference);
      return isDirectoryPath(target) ? join(target, "tsconfig.json") : target;
    });
    return { file, paths, ...(baseUrl !== undefined ? { baseUrl } : {}), references };
  }

  /** The file an `extends` entry names; `undefined` for an external package that is not installed. */
  #extendsTarget(target: string, from: string): string | undefined {
    const dir = dirname(from);
    if (target.startsWith(".") || isAbsolute(target)) {
      const path = resolve(dir, target);
      for (const candidate of [path, `${path}.json`, join(path, "tsconfig.json")]) {
        if (isFile(candidate)) return candidate;
      }
      throw new ProjectConfigError(this.#relative(from), `"extends" target "${target}" does not exist`);
    }
    const viaWorkspace = this.#resolvePackage(target);
    if (viaWorkspace && isFile(viaWorkspace)) return viaWorkspace;
    // An installed package (when the target has node_modules).
    for (let current = dir; ; current = dirname(current)) {
      const base = join(current, "node_modules", target);
      for (const candidate of [base, `${base}.json`, join(base, "tsconfig.json")]) {
        if (isFile(candidate)) return candidate;
      }
      if (current === this.#root || dirname(current) === current || !current.startsWith(this.#root)) break;
    }
    return undefined; // external config that is not installed: its options do not affect local resolution
  }
}

/** Longest prefix before `*` first, exact patterns before wildcards: TypeScript's matching order. */
function comparePatterns(a: PathMapping, b: PathMapping): number {
  return prefixLength(b.pattern) - prefixLength(a.pattern) || (a.pattern < b.pattern ? -1 : a.pattern > b.pattern ? 1 : 0);
}

function prefixLength(pattern: string): number {
  const star = pattern.indexOf("*");
  return star < 0 ? pattern.length + 1 : star;
}

function describeDiagnostic(diagnostic: Ts.Diagnostic): string {
  const message = ts.flattenDiagnosticMessageText(diagnostic.messageText, " ");
  if (diagnostic.file && diagnostic.start !== undefined) {
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    return `${message} at ${line + 1}:${character + 1}`;
  }
  return message;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Does the path exist (a missing or looping one is reported by the read instead)? */
function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectoryPath(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Matches a `paths` pattern (`@/*`), returning the captured `*` (or "" for an exact pattern). */
export function matchPathPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === specifier ? "" : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (specifier.length < prefix.length + suffix.length) return undefined;
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix)) return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}
