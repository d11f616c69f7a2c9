/**
 * Keeps V8's compiled code of the large CommonJS bundles a run loads (TypeScript, ts-morph: about
 * 13 MB of JavaScript, loaded by every process and again by the ESLint worker thread) on disk
 * between runs.
 *
 * Node 22.1+ does this itself (`module.enableCompileCache`). On older Node, a hook on the CommonJS
 * loader's `.js` handler (as the `v8-compile-cache` package did) compiles each CommonJS bundle of at
 * least {@link MIN_BUNDLE_BYTES} bytes with the code V8 produced for it by an earlier run, and
 * writes that code (with every function the run compiled) when the process or thread ends, if there
 * was none or V8 rejected it; a run that writes also removes entries not written for 30 days (an
 * upgrade leaves the old ones behind). Such a bundle is also read as bytes and decoded as Latin-1
 * when it is all ASCII (the same string: TypeScript's 9 MB take ~15 ms so, ~100 ms through Node 20's
 * UTF-8 read). Every other file goes through Node's loader untouched (a cache file per small module
 * would cost more than it saves).
 */
import { createHash } from "node:crypto";
import { isAscii } from "node:buffer";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Files smaller than this are loaded by Node as usual. */
export const MIN_BUNDLE_BYTES = 500_000;

type Load = (module: Module, filename: string) => void;

let installed = false;
const stats = { fromCache: 0, compiled: 0 };

/** Bundles this thread loaded through the hook: from the cache, or compiled (and cached at exit). */
export function compileCacheStats(): { readonly fromCache: number; readonly compiled: number } {
  return { ...stats };
}

/**
 * Turns the compile cache on for this thread, in `directory` (created when needed). Node 22.1+:
 * Node's own cache; older Node: the hook described above. Never throws: a cache that cannot be
 * read or written only costs the time it would have saved.
 */
export function enableCompileCache(directory: string): "node" | "hook" | "off" {
  const nodeCache = (Module as { enableCompileCache?: (directory?: string) => unknown }).enableCompileCache;
  if (nodeCache) {
    nodeCache(directory);
    return "node";
  }
  if (installed) return "hook";
  try {
    mkdirSync(directory, { recursive: true, mode: 0o700 });
  } catch {
    return "off";
  }
  installed = true;
  const pending: { file: string; script: Script }[] = [];
  // Only the bundles leave Node's loader (which reads every other file, and tells CommonJS from ES
  // modules); a bundle is read as said above and compiled with the cached code.
  const extensions = (Module as unknown as { _extensions: Record<string, Load> })._extensions;
  const loadJs = extensions[".js"]!;
  extensions[".js"] = function (this: unknown, module: Module, filename: string): void {
    const bundle = bundleStats(filename);
    const content = bundle ? readBundle(filename) : undefined;
    if (!bundle || content === undefined) return loadJs.call(this, module, filename);
    compileCached(module, content.replace(/^\uFEFF/, ""), filename, join(directory, `${cacheKey(filename, bundle)}.v8`), pending);
  };
  process.once("exit", () => {
    if (pending.length === 0) return;
    for (const { file, script } of pending) writeAtomically(file, script.createCachedData());
    pruneStale(directory);
  });
  return "hook";
}

function compileCached(module: Module, content: string, filename: string, file: string, pending: { file: string; script: Script }[]): unknown {
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    // No cache yet.
  }
  // `Module.wrap` keeps the module's own first line on line 1, so positions in stack traces are unchanged.
  const script = new Script(Module.wrap(content), { filename, ...(cachedData ? { cachedData } : {}) });
  if (!cachedData || script.cachedDataRejected) {
    pending.push({ file, script });
    stats.compiled++;
  } else {
    stats.fromCache++;
  }
  const wrapper = script.runInThisContext({ displayErrors: true }) as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    __filename: string,
    __dirname: string,
  ) => unknown;
  const require = createRequire(filename);
  return wrapper.call(module.exports, module.exports, require, module, filename, dirname(filename));
}

/**
 * The `stat` of a `.js` file of at least the bundle size that Node would load as CommonJS (not in a
 * `"type": "module"` package); undefined for any other file.
 */
function bundleStats(filename: string): Stats | undefined {
  if (!filename.endsWith(".js")) return undefined;
  let stats: Stats;
  try {
    stats = statSync(filename);
  } catch {
    return undefined;
  }
  return stats.size >= MIN_BUNDLE_BYTES && packageType(dirname(filename)) !== "module" ? stats : undefined;
}

const packageTypes = new Map<string, string | undefined>();

/** The `type` of the nearest package.json (what decides whether a `.js` file is CommonJS). */
function packageType(directory: string): string | undefined {
  if (packageTypes.has(directory)) return packageTypes.get(directory);
  let type: string | undefined;
  try {
    const manifest = JSON.parse(readFileSync(join(directory, "package.json"), "utf8")) as { type?: unknown };
    type = typeof manifest.type === "string" ? manifest.type : "commonjs";
  } catch {
    const parent = dirname(directory);
    type = parent === directory ? undefined : packageType(parent);
  }
  packageTypes.set(directory, type);
  return type;
}

/** The file's text as `readFileSync(filename, "utf8")` gives it. */
function readBundle(filename: string): string | undefined {
  try {
    const bytes = readFileSync(filename);
    const text = isAscii(bytes) ? bytes.toString("latin1") : bytes.toString("utf8");
    return text.startsWith("#!") ? undefined : text; // a hashbang line: Node's loader knows what to do
  } catch {
    return undefined; // Node's loader reports it
  }
}

/** Node, V8 and the bundle's path, size and modification time: a reinstalled or upgraded bundle gets a new entry. */
function cacheKey(filename: string, stats: Stats): string {
  return createHash("sha256")
    .update(`${process.version}\0${process.arch}\0${process.versions.v8}\0${filename}\0${stats.size}\0${stats.mtimeMs}`)
    .digest("hex")
    .slice(0, 32);
}

/** Entries not written for this long are removed by a run that writes new ones. */
export const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

function pruneStale(directory: string): void {
  const now = Date.now();
  try {
    for (const name of readdirSync(directory)) {
      if (!name.endsWith(".v8")) continue;
      const path = join(directory, name);
      try {
        if (now - statSync(path).mtimeMs > STALE_AFTER_MS) unlinkSync(path);
      } catch {
        // gone already (another run pruned it)
      }
    }
  } catch {
    // an unreadable directory: nothing to prune
  }
}

function writeAtomically(file: string, data: Buffer): void {
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    writeFileSync(temporary, data, { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // A read-only or full cache directory: the next run compiles again.
  }
}
