/**
 * Keeps V8's compiled code of the large CommonJS bundles a run loads (TypeScript, ts-morph: about
 * 13 MB of JavaScript, loaded by every process and again by the ESLint worker thread) on disk
 * between runs.
 *
 * Node 22.1+ does this itself (`module.enableCompileCache`). On older Node, a hook on the CommonJS
 * loader compiles each bundle of at least {@link MIN_BUNDLE_CHARS} characters with the code V8
 * produced for it by an earlier run, and writes that code (with every function the run compiled)
 * when the process or thread ends, if there was none or V8 rejected it. Small modules go through
 * Node's loader untouched: a cache file per module would cost more than it saves.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Bundles smaller than this (in characters of source) are compiled by Node as usual. */
export const MIN_BUNDLE_CHARS = 500_000;

type Compile = (this: Module, content: string, filename: string) => unknown;
interface ModuleInternals {
  _compile: Compile;
}

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
  const prototype = Module.prototype as unknown as ModuleInternals;
  const compile = prototype._compile;
  const pending: { file: string; script: Script }[] = [];
  prototype._compile = function (this: Module, content: string, filename: string): unknown {
    if (content.length < MIN_BUNDLE_CHARS) return compile.call(this, content, filename);
    return compileCached(this, content, filename, directory, pending);
  };
  process.once("exit", () => {
    for (const { file, script } of pending) writeAtomically(file, script.createCachedData());
  });
  return "hook";
}

function compileCached(module: Module, content: string, filename: string, directory: string, pending: { file: string; script: Script }[]): unknown {
  const file = join(directory, `${cacheKey(content, filename)}.v8`);
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

/** Node, V8 and the bundle's path, size and modification time: a reinstalled or upgraded bundle gets a new entry. */
function cacheKey(content: string, filename: string): string {
  let modified = 0;
  try {
    modified = statSync(filename).mtimeMs;
  } catch {
    // Keyed by size only.
  }
  return createHash("sha256")
    .update(`${process.version}\0${process.arch}\0${process.versions.v8}\0${filename}\0${content.length}\0${modified}`)
    .digest("hex")
    .slice(0, 32);
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
