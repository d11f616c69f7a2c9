/**
 * Module resolution for a scanned tree that has no `node_modules`: relative imports (with the
 * `.js` -> `.ts` mapping of ESM sources), tsconfig `paths`/`baseUrl` of the nearest tsconfig (and
 * the configs it references), package.json `imports` (`#alias`), and workspace packages by name
 * (`exports`/`types`/`main`, falling back to `src/index.ts`). Anything else is external and
 * resolves to nothing, which never breaks the analysis of local code. Every answer is cached.
 */
import { readFileSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { listFiles, type TreeWalk } from "@secret-guardrails/core";
import { ProjectConfigError, TsconfigStore, matchPathPattern, type ResolutionConfig } from "./tsconfig.js";

/** A package of the workspace, found by its `package.json`. */
export interface WorkspacePackage {
  readonly name: string;
  /** Absolute directory. */
  readonly dir: string;
  readonly manifest: PackageManifest;
}

export interface PackageManifest {
  readonly name?: unknown;
  readonly exports?: unknown;
  readonly imports?: unknown;
  readonly types?: unknown;
  readonly typings?: unknown;
  readonly module?: unknown;
  readonly main?: unknown;
}

/** The `package.json` and `tsconfig.json` files of a root (git-ignored and excluded paths skipped). */
export interface WorkspaceLayout {
  /** Package name -> package (the shallowest wins when two share a name). */
  readonly packages: ReadonlyMap<string, WorkspacePackage>;
  /** Every package by directory, for `#imports` lookups. */
  readonly packagesByDir: ReadonlyMap<string, WorkspacePackage>;
  /** Root-relative POSIX paths of every `tsconfig.json`. */
  readonly tsconfigFiles: readonly string[];
}

/** `walk`: the run's walk of the root (see `walkTree`), if it has one. */
export function findWorkspaceLayout(root: string, exclude: readonly string[] = [], walk?: TreeWalk): WorkspaceLayout {
  const absoluteRoot = resolve(root);
  const files = listFiles(absoluteRoot, ["**/package.json", "**/tsconfig.json"], exclude, walk);
  const packages = new Map<string, WorkspacePackage>();
  const packagesByDir = new Map<string, WorkspacePackage>();
  const manifests = files
    .filter((file) => file === "package.json" || file.endsWith("/package.json"))
    .sort((a, b) => a.split("/").length - b.split("/").length || (a < b ? -1 : a > b ? 1 : 0));
  for (const file of manifests) {
    let manifest: PackageManifest;
    try {
      // Never open a FIFO or a device (a `package.json` symlinked to /dev/zero would never end).
      if (!statSync(join(absoluteRoot, file)).isFile()) continue;
      const parsed = JSON.parse(readFileSync(join(absoluteRoot, file), "utf8").replace(/^\uFEFF/, "")) as unknown;
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) continue;
      manifest = parsed as PackageManifest;
    } catch {
      continue; // a broken package.json only loses its package's name mapping
    }
    const dir = dirname(join(absoluteRoot, file));
    const pkg: WorkspacePackage = { name: typeof manifest.name === "string" ? manifest.name : "", dir, manifest };
    packagesByDir.set(dir, pkg);
    if (pkg.name && !packages.has(pkg.name)) packages.set(pkg.name, pkg);
  }
  const tsconfigFiles = files.filter((file) => file === "tsconfig.json" || file.endsWith("/tsconfig.json"));
  return { packages, packagesByDir, tsconfigFiles };
}

export interface ModuleResolverOptions {
  readonly root: string;
  /** Does this absolute path name a file the analysis knows (listed and read)? */
  readonly fileExists: (absolutePath: string) => boolean;
  readonly layout: WorkspaceLayout;
}

const TS_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".d.ts"] as const;
const JS_TO_TS: Readonly<Record<string, readonly string[]>> = {
  ".js": [".ts", ".tsx", ".d.ts"],
  ".jsx": [".tsx", ".ts"],
  ".mjs": [".mts", ".d.mts"],
  ".cjs": [".cts", ".d.cts"],
};
/** Preferred export conditions: source-ish first, then the usual runtime ones. */
const CONDITIONS = ["types", "typescript", "source", "development", "import", "module", "node", "default", "require"];

export class ModuleResolver {
  readonly root: string;
  readonly tsconfigs: TsconfigStore;
  readonly #fileExists: (path: string) => boolean;
  readonly #layout: WorkspaceLayout;
  readonly #cache = new Map<string, string | undefined>();
  readonly #configsByDir = new Map<string, readonly ResolutionConfig[]>();
  readonly #scopes = new Map<string, string>();

  constructor(options: ModuleResolverOptions) {
    this.root = resolve(options.root);
    this.#fileExists = options.fileExists;
    this.#layout = options.layout;
    this.tsconfigs = new TsconfigStore(
      this.root,
      (specifier) => this.#packageFile(specifier),
      options.layout.tsconfigFiles.map((file) => join(this.root, file)),
    );
  }

  /** Reads every tsconfig.json of the layout once, so that a broken one fails the run deterministically. */
  validateTsconfigs(): void {
    for (const file of this.#layout.tsconfigFiles) this.tsconfigs.load(join(this.root, file));
  }

  /** The absolute path of the local file `specifier` names from `containingFile`, or `undefined` (external). */
  resolve(specifier: string, containingFile: string): string | undefined {
    const dir = dirname(containingFile);
    // Relative specifiers depend on the directory only; others on the nearest tsconfig (and, for
    // `#imports`, the nearest package), so one answer serves every file of a package.
    const key = isRelative(specifier) ? resolve(dir, specifier) : `${this.#scope(dir, specifier)}\0${specifier}`;
    if (this.#cache.has(key)) return this.#cache.get(key);
    const result = this.#resolveUncached(specifier, dir);
    this.#cache.set(key, result);
    return result;
  }

  #scope(dir: string, specifier: string): string {
    let scope = this.#scopes.get(dir);
    if (scope === undefined) {
      scope = this.tsconfigs.nearest(dir)?.file ?? "";
      this.#scopes.set(dir, scope);
    }
    return specifier.startsWith("#") ? `${scope}\0${dir}` : scope;
  }

  #resolveUncached(specifier: string, dir: string): string | undefined {
    if (isRelative(specifier)) return this.#file(resolve(dir, specifier));
    if (specifier.startsWith("/")) return this.#file(specifier);
    if (specifier.startsWith("node:")) return undefined;
    for (const config of this.#configs(dir)) {
      for (const mapping of config.paths) {
        const captured = matchPathPattern(mapping.pattern, specifier);
        if (captured === undefined) continue;
        for (const target of mapping.targets) {
          // `${configDir}` (TypeScript 5.5+) is the directory of the config that applies to the file.
          const expanded = target.replaceAll("${configDir}", dirname(config.file)).replace("*", captured);
          const found = this.#file(resolve(mapping.base, expanded));
          if (found) return found;
        }
      }
      if (config.baseUrl !== undefined) {
        const found = this.#file(resolve(config.baseUrl, specifier));
        if (found) return found;
      }
    }
    if (specifier.startsWith("#")) return this.#packageImport(specifier, dir);
    return this.#workspacePackage(specifier);
  }

  /** The nearest tsconfig of a directory, then the configs it references (solution-style roots). */
  #configs(dir: string): readonly ResolutionConfig[] {
    const cached = this.#configsByDir.get(dir);
    if (cached) return cached;
    const nearest = this.tsconfigs.nearest(dir);
    const configs: ResolutionConfig[] = [];
    if (nearest) {
      configs.push(nearest);
      for (const reference of nearest.references) {
        try {
          configs.push(this.tsconfigs.load(reference));
        } catch (error) {
          if (!(error instanceof ProjectConfigError) || !/cannot be read/.test(error.message)) throw error;
          // A reference to a missing tsconfig does not affect resolution.
        }
      }
    }
    this.#configsByDir.set(dir, configs);
    return configs;
  }

  /** `#alias` through the `imports` field of the nearest package.json. */
  #packageImport(specifier: string, dir: string): string | undefined {
    for (let current = dir; current.startsWith(this.root); current = dirname(current)) {
      const pkg = this.#layout.packagesByDir.get(current);
      if (pkg) {
        const target = matchExportsMap(pkg.manifest.imports, specifier);
        return target.map((t) => this.#packageTarget(pkg, t)).find(Boolean);
      }
      if (dirname(current) === current) break;
    }
    return undefined;
  }

  #workspacePackage(specifier: string): string | undefined {
    const parts = specifier.split("/");
    const nameLength = specifier.startsWith("@") ? 2 : 1;
    const name = parts.slice(0, nameLength).join("/");
    const pkg = this.#layout.packages.get(name);
    if (!pkg) return undefined;
    const subpath = parts.slice(nameLength).join("/");
    const exports = pkg.manifest.exports;
    if (exports !== undefined && exports !== null) {
      const targets = matchExportsMap(exports, subpath ? `./${subpath}` : ".");
      for (const target of targets) {
        const found = this.#packageTarget(pkg, target);
        if (found) return found;
      }
    }
    if (subpath) {
      return this.#file(join(pkg.dir, subpath)) ?? this.#file(join(pkg.dir, "src", subpath));
    }
    for (const field of [pkg.manifest.types, pkg.manifest.typings, pkg.manifest.module, pkg.manifest.main]) {
      if (typeof field !== "string") continue;
      const found = this.#packageTarget(pkg, field);
      if (found) return found;
    }
    return this.#file(join(pkg.dir, "src", "index")) ?? this.#file(join(pkg.dir, "index"));
  }

  /** A manifest target (`./dist/index.js`), mapped back to its source when the build output is absent. */
  #packageTarget(pkg: WorkspacePackage, target: string): string | undefined {
    const direct = this.#file(resolve(pkg.dir, target));
    if (direct) return direct;
    const source = target
      .replace(/^\.?\/?(?:dist|build|lib|out|esm|cjs)\//, "./src/")
      .replace(/\.d\.(m|c)?ts$/, ".$1ts")
      .replace(/\.(m|c)?js$/, ".$1ts");
    return source !== target ? this.#file(resolve(pkg.dir, source)) : undefined;
  }

  /** `path` as a file: exact TS file, `.js` -> `.ts`, added extension, or a directory index. */
  #file(path: string): string | undefined {
    const extension = extname(path);
    if (path.endsWith(".d.ts") || TS_EXTENSIONS.includes(extension as (typeof TS_EXTENSIONS)[number])) {
      if (this.#fileExists(path)) return path;
    }
    const mapped = JS_TO_TS[extension];
    if (mapped) {
      const stem = path.slice(0, -extension.length);
      for (const replacement of mapped) if (this.#fileExists(stem + replacement)) return stem + replacement;
    }
    for (const added of TS_EXTENSIONS) if (this.#fileExists(path + added)) return path + added;
    for (const added of TS_EXTENSIONS) {
      const index = join(path, `index${added}`);
      if (this.#fileExists(index)) return index;
    }
    return undefined;
  }

  /** A non-relative `extends` through a workspace package (`@acme/tsconfig/base.json`). */
  #packageFile(specifier: string): string | undefined {
    const parts = specifier.split("/");
    const nameLength = specifier.startsWith("@") ? 2 : 1;
    const pkg = this.#layout.packages.get(parts.slice(0, nameLength).join("/"));
    if (!pkg) return undefined;
    const subpath = parts.slice(nameLength).join("/");
    if (!subpath) return join(pkg.dir, "tsconfig.json");
    return join(pkg.dir, /\.json$/.test(subpath) ? subpath : `${subpath}.json`);
  }
}

function isRelative(specifier: string): boolean {
  return specifier.startsWith("./") || specifier.startsWith("../") || specifier === "." || specifier === "..";
}

/**
 * The targets of `subpath` (`.`, `./server`, `#lib/x`) in an `exports` or `imports` field, in
 * condition preference order. Supports string, array, condition objects and `*` patterns.
 */
export function matchExportsMap(map: unknown, subpath: string): string[] {
  if (map === undefined || map === null) return [];
  if (typeof map === "string" || Array.isArray(map)) return subpath === "." ? conditionTargets(map) : [];
  if (typeof map !== "object") return [];
  const entries = Object.entries(map as Record<string, unknown>);
  const isSubpathMap = entries.some(([key]) => key.startsWith(".") || key.startsWith("#"));
  if (!isSubpathMap) return subpath === "." ? conditionTargets(map) : [];
  const exact = entries.find(([key]) => key === subpath);
  if (exact) return conditionTargets(exact[1]);
  let best: { prefixLength: number; targets: string[] } | undefined;
  for (const [key, value] of entries) {
    const captured = matchPathPattern(key, subpath);
    if (captured === undefined || !key.includes("*")) continue;
    const prefixLength = key.indexOf("*");
    if (best && best.prefixLength >= prefixLength) continue;
    best = { prefixLength, targets: conditionTargets(value).map((target) => target.replaceAll("*", captured)) };
  }
  return best?.targets ?? [];
}

function conditionTargets(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(conditionTargets);
  if (typeof value !== "object" || value === null) return [];
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort((a, b) => rank(a) - rank(b));
  return keys.flatMap((key) => conditionTargets(record[key]));
}

function rank(condition: string): number {
  const index = CONDITIONS.indexOf(condition);
  return index < 0 ? CONDITIONS.length : index;
}
