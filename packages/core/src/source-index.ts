/**
 * What a run needs to know of every file of the tree (is it relevant, does it clear a secret, is it
 * a barrel, what does it import), kept on disk between runs. A `--staged` run on a large tree then
 * reads only the files it parses, not all of them: a file whose size, times and inode match the
 * cached entry gets its facts from the cache and its text lazily, on first use.
 *
 * Safe by construction: the cache holds data only (never code) and is validated entry by entry; its
 * key covers the registry, the scanning code and the root; a file modified in the last second is
 * not cached (a second change within the file system's timestamp granularity would go unseen);
 * anything unexpected is a miss. `GUARDRAILS_CACHE_DIR=off` (or `--no-cache`) turns it off.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { prescan } from "./prescan.js";
import { DEFAULT_MAX_FILE_BYTES, isSourceText, readSourceFiles, type SourceReadResult, type SourceText } from "./read-files.js";
import { ANY_NAME, exportedNames, isBarrel, scanImportSpecifiers } from "./import-scan.js";
import type { SecretRegistry } from "./registry.js";
import { escapeRegExp } from "./strings.js";

/** What the run knows of a source file without parsing it. */
export interface SourceFacts {
  /** The pre-scan's verdict for the checker: the file mentions a name the registry knows (see `prescan`). */
  readonly relevant: boolean;
  /** The pre-scan's verdict for the ESLint rules (see `PrescanResult.lintable`). */
  readonly lintable: boolean;
  /** Its exports can carry a secret to its importers (see `PrescanResult.supplies`). */
  readonly supplies: boolean;
  /** It clears a secret (`smtpPassword: null`): part of a cleanup action. */
  readonly clearing: boolean;
  /** It only re-exports (see `isBarrel`). */
  readonly barrel: boolean;
  /** Its module specifiers (see `scanImportSpecifiers`). */
  readonly specifiers: readonly string[];
  /** The names it exports, or `ANY_NAME` (see `exportedNames`). */
  readonly exports: readonly string[] | typeof ANY_NAME;
}

export interface SourceIndexOptions {
  /** Where the cache lives (see `schemaCacheDir`); undefined: no cache. */
  readonly cacheDir?: string | undefined;
  /** Results to use instead of the disk (the staged content of `--staged`); never cached. */
  readonly overrides?: ReadonlyMap<string, SourceReadResult>;
  readonly maxBytes?: number;
  /** The clock (ms since the epoch), for tests of the racy window. */
  readonly now?: () => number;
}

export interface IndexedSources {
  /** One result per listed file, in order; texts of cached files are read on first access. */
  readonly sources: readonly SourceReadResult[];
  /** Facts of a file that has text (undefined for a read error or an unlisted file). */
  facts(file: string): SourceFacts | undefined;
  /** Files read from disk so far (the rest came from the cache and were not needed). */
  readonly filesRead: () => number;
  /** Files a lazy read could not read after all (changed since `stat`): their reasons. */
  readonly lateErrors: () => readonly { file: string; error: string }[];
  /** Writes the cache if anything changed. Never throws: a read-only cache only costs speed. */
  save(): void;
}

/** Bump when the facts or their scans change meaning (the code stamp covers rebuilt code). */
const CACHE_FORMAT = "source-index-v4";
/** A file modified this recently (ms) is not cached: its next change could keep the same times. */
const RACY_WINDOW_MS = 1000;

type CacheEntry = [
  stamp: string,
  relevant: 0 | 1,
  clearing: 0 | 1,
  barrel: 0 | 1,
  specifiers: string[],
  exports: string[] | typeof ANY_NAME,
  lintable: 0 | 1,
  supplies: 0 | 1,
];

/** The facts of a text. */
function sourceFacts(source: SourceText, registry: SecretRegistry): SourceFacts {
  const found = prescan(source.text, registry, source.file);
  return {
    relevant: found.relevant,
    lintable: found.lintable,
    supplies: found.supplies,
    clearing: clearsSecret(source.text, registry),
    barrel: isBarrel(source.text),
    specifiers: scanImportSpecifiers(source.text),
    exports: exportsList(source.text),
  };
}

function exportsList(text: string): readonly string[] | typeof ANY_NAME {
  const names = exportedNames(text);
  return names === ANY_NAME ? ANY_NAME : [...names];
}

const clearingPatterns = new WeakMap<object, RegExp | null>();

/**
 * Does the text clear a registered secret: `smtpPassword: null`, `"smtp_password" = NULL`,
 * `keys.map((key) => [key, null])`? Such files make up the cleanup action.
 */
export function clearsSecret(text: string, registry: SecretRegistry): boolean {
  let pattern = clearingPatterns.get(registry);
  if (pattern === undefined) {
    const names = registry.secrets.flatMap((secret) => [secret.field, secret.column]).map(escapeRegExp);
    pattern = names.length > 0 ? new RegExp(`\\b(?:${names.join("|")})["'\`]?\\s*[:=]\\s*null\\b|,\\s*null\\s*\\]`, "i") : null;
    clearingPatterns.set(registry, pattern);
  }
  return pattern?.test(text) ?? false;
}

/**
 * Indexes the listed files (root-relative POSIX): stats each one, takes what the cache knows of
 * unchanged files, reads the others (a read error is a result, as in `readSourceFiles`).
 */
export function indexSourceFiles(
  root: string,
  files: readonly string[],
  registry: SecretRegistry,
  options: SourceIndexOptions = {},
): IndexedSources {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  // One cache file per root; its key (registry, scanning code) must match, else it starts empty.
  const cachePath = options.cacheDir ? join(options.cacheDir, `${CACHE_FORMAT}-${hash(root)}.json`) : undefined;
  const key = cachePath ? cacheKey(registry) : "";
  const cached = cachePath ? readCache(cachePath, key) : new Map<string, unknown>();
  const next = new Map<string, CacheEntry>();
  const facts = new Map<string, SourceFacts>();
  const lateErrors: { file: string; error: string }[] = [];
  let filesRead = 0;
  let changed = false;
  const now = (options.now ?? Date.now)();
  const onLazyRead = () => filesRead++;
  const onLazyError = (file: string, error: string) => lateErrors.push({ file, error });

  const sources = files.map((file): SourceReadResult => {
    const override = options.overrides?.get(file);
    if (override) {
      if (isSourceText(override)) facts.set(file, sourceFacts(override, registry));
      // The disk's entry stays for the next run (the override is the index's content, not the disk's).
      const kept = asCacheEntry(cached.get(file));
      if (kept) next.set(file, kept);
      return override;
    }
    const stats = statOrUndefined(join(root, file));
    const stamp = stats?.isFile() && stats.size <= maxBytes ? stampOf(stats) : undefined;
    const entry = stamp === undefined ? undefined : asCacheEntry(cached.get(file));
    if (entry && entry[0] === stamp) {
      next.set(file, entry);
      facts.set(file, new CachedFacts(entry));
      return new LazySource(root, file, maxBytes, onLazyRead, onLazyError);
    }
    filesRead++;
    const [read] = readSourceFiles(root, [file], { maxBytes });
    if (!isSourceText(read!)) return read!;
    const found = sourceFacts(read, registry);
    facts.set(file, found);
    if (stamp !== undefined && now - stats!.mtimeMs > RACY_WINDOW_MS && now - stats!.ctimeMs > RACY_WINDOW_MS) {
      const exports = found.exports === ANY_NAME ? ANY_NAME : [...found.exports];
      next.set(file, [stamp, found.relevant ? 1 : 0, found.clearing ? 1 : 0, found.barrel ? 1 : 0, [...found.specifiers], exports, found.lintable ? 1 : 0, found.supplies ? 1 : 0]);
    }
    changed = true;
    return read;
  });
  if (next.size !== cached.size) changed = true;

  return {
    sources,
    facts: (file) => facts.get(file),
    filesRead: () => filesRead,
    lateErrors: () => lateErrors,
    save() {
      if (!cachePath || !changed) return;
      try {
        mkdirSync(dirname(cachePath), { recursive: true, mode: 0o700 });
        const temporary = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(temporary, JSON.stringify({ format: CACHE_FORMAT, key, files: Object.fromEntries(next) }), { mode: 0o600 });
        renameSync(temporary, cachePath);
        if (cached.size === 0) pruneStaleCaches(dirname(cachePath));
        changed = false;
      } catch {
        // A read-only home or a full disk only costs speed.
      }
    },
  };
}

/** The facts of a cache entry (read from it on use: a run asks few of most files). */
class CachedFacts implements SourceFacts {
  readonly #entry: CacheEntry;
  constructor(entry: CacheEntry) {
    this.#entry = entry;
  }
  get relevant(): boolean {
    return this.#entry[1] === 1;
  }
  get clearing(): boolean {
    return this.#entry[2] === 1;
  }
  get barrel(): boolean {
    return this.#entry[3] === 1;
  }
  get specifiers(): readonly string[] {
    return this.#entry[4];
  }
  get exports(): readonly string[] | typeof ANY_NAME {
    return this.#entry[5];
  }
  get lintable(): boolean {
    return this.#entry[6] === 1;
  }
  get supplies(): boolean {
    return this.#entry[7] === 1;
  }
}

/**
 * A source whose text is read on first access (for a file whose facts are known: its `stat`
 * matched the cache a moment ago). A file that cannot be read then reads as "" and `onError` gets
 * the reason (an `analysis-error` for the caller to report).
 */
class LazySource implements SourceText {
  #text: string | undefined;
  constructor(
    private readonly root: string,
    readonly file: string,
    private readonly maxBytes: number,
    private readonly onRead: () => void,
    private readonly onError: (file: string, reason: string) => void,
  ) {}

  get text(): string {
    if (this.#text === undefined) {
      this.onRead();
      const [read] = readSourceFiles(this.root, [this.file], { maxBytes: this.maxBytes });
      if (isSourceText(read!)) this.#text = read.text;
      else {
        this.onError(this.file, read!.error);
        this.#text = "";
      }
    }
    return this.#text;
  }
}

function stampOf(stats: Stats): string {
  return `${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}:${stats.ino}:${stats.dev}`;
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ELOOP, EACCES: the read says why
  }
}

function asCacheEntry(value: unknown): CacheEntry | undefined {
  if (!Array.isArray(value) || value.length !== 8) return undefined;
  const [stamp, relevant, clearing, barrel, specifiers, exports, lintable, supplies] = value as unknown[];
  const flag = (flagValue: unknown) => flagValue === 0 || flagValue === 1;
  if (typeof stamp !== "string" || !flag(relevant) || !flag(clearing) || !flag(barrel) || !flag(lintable) || !flag(supplies)) return undefined;
  const strings = (list: unknown) => Array.isArray(list) && list.every((item) => typeof item === "string");
  if (!strings(specifiers) || !(exports === ANY_NAME || strings(exports))) return undefined;
  return value as CacheEntry;
}

function readCache(path: string, key: string): Map<string, unknown> {
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as { format?: unknown; key?: unknown; files?: unknown };
    if (data?.format !== CACHE_FORMAT || data.key !== key || typeof data.files !== "object" || data.files === null || Array.isArray(data.files)) return new Map();
    return new Map(Object.entries(data.files));
  } catch {
    return new Map(); // absent, unreadable or not ours
  }
}

/** Registry and scanning code: a change to either starts the root's cache afresh. */
function cacheKey(registry: SecretRegistry): string {
  const registryData = JSON.stringify(
    { models: registry.settingsModels, secrets: registry.secrets, admin: registry.admin },
    (_, value: unknown) => (value instanceof RegExp ? value.toString() : value),
  );
  return hash(`${registryData}\0${codeStamp()}`);
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}

const STALE_AFTER_MS = 30 * 24 * 60 * 60 * 1000;

/** Removes the index files of roots not checked for 30 days (temporary clones, moved repositories). */
function pruneStaleCaches(dir: string): void {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (!name.startsWith("source-index-")) continue;
    try {
      const path = join(dir, name);
      // Another format's index is never read again; this format's, after 30 days unchecked.
      if (!name.startsWith(`${CACHE_FORMAT}-`) || now - statSync(path).mtimeMs > STALE_AFTER_MS) unlinkSync(path);
    } catch {
      // another run's file, gone already
    }
  }
}

let cachedCodeStamp: string | undefined;

/** The newest modification time of this package's modules: a rebuilt scanner invalidates the cache. */
function codeStamp(): string {
  if (cachedCodeStamp === undefined) {
    const dir = dirname(fileURLToPath(import.meta.url));
    let newest = 0;
    try {
      for (const name of readdirSync(dir)) {
        if (/\.[cm]?[jt]s$/.test(name)) newest = Math.max(newest, statSync(join(dir, name)).mtimeMs);
      }
    } catch {
      newest = Date.now(); // cannot tell: a key no later run shares
    }
    cachedCodeStamp = String(newest);
  }
  return cachedCodeStamp;
}
