/**
 * File discovery and reading shared by both engines and the CLI: the CLI lists and reads every file
 * once, pre-scans the texts, and hands them to ESLint and the checker.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import { join, posix, sep } from "node:path";
import ignore, { type Ignore } from "ignore";
import { qualifiedRuleId } from "./docs-url.js";
import type { Finding } from "./finding.js";
import { isAdminRouteFile, TRPC_RESOLVER_METHODS } from "./matchers.js";
import type { SecretRegistry } from "./registry.js";

/** A file that was read: its root-relative POSIX path and its text (BOM stripped, line endings kept). */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

/** A file that could not be read, with a reason that never contains its content. */
export interface SourceReadError {
  readonly file: string;
  readonly error: string;
}

export type SourceReadResult = SourceText | SourceReadError;

export function isSourceText(result: SourceReadResult): result is SourceText {
  // `in`, not a read of `text`: an indexed source reads its text lazily (see `indexSourceFiles`).
  return !("error" in result);
}

/** Directories never walked, whatever the config says. */
const ALWAYS_IGNORED = ["**/node_modules/**", "**/.git/**"];

/** A directory the walk could not list: an `analysis-error`, never a silent skip of what it holds. */
export interface UnreadableDirectory {
  /** Root-relative POSIX path. */
  readonly path: string;
  readonly reason: string;
  /** A symlink to a directory outside the root (not followed), rather than a directory that cannot be read. */
  readonly symlink?: boolean;
}

/**
 * One walk of a tree: every file under the root outside `node_modules`, `.git` and the excluded
 * directories (dot directories included: Remix keeps server code in `app/.server/`), plus the
 * `.gitignore` files. The listings of a run (sources, Prisma schemas, manifests) filter the same
 * walk instead of walking again.
 */
export interface TreeWalk {
  readonly root: string;
  /** The `exclude` globs the walk pruned directories by. */
  readonly exclude: readonly string[];
  /** Root-relative POSIX paths, sorted: regular files, FIFOs and the like, symlinks to files (or to nothing). */
  readonly files: readonly string[];
  /** Root-relative POSIX paths of the `.gitignore` files. */
  readonly gitignores: readonly string[];
  /**
   * Root-relative POSIX paths of the files that document environment variables without values
   * (`.env.example`, `.env.production.example`, `.env.template`, `.env.sample`); never `.env` or `.env.local`.
   */
  readonly envExamples: readonly string[];
  /** Directories that could not be listed (permission denied...), sorted. */
  readonly unreadable: readonly UnreadableDirectory[];
  /** Is the file tracked by git? A tracked file is listed whatever a `.gitignore` says, as git itself does. */
  readonly isTracked?: (file: string) => boolean;
}

export interface WalkOptions {
  /** See {@link TreeWalk.isTracked}: asked only for files a `.gitignore` ignores. */
  readonly isTracked?: (file: string) => boolean;
}

/** `.env.example`, `.env.local.example`, `.env.template`, `.env.sample`, `.env.example.production`. */
export const ENV_EXAMPLE_FILE = /^\.env(?:\.[\w-]+)*\.(?:example|template|sample)(?:\.[\w-]+)*$/;

/**
 * Walks `root` (symlinked directories are never followed: no loops). A directory is skipped when an
 * `exclude` glob matches it or everything under it (`**\/dist/**`), as fast-glob's `ignore` does;
 * dot entries are walked like any other (globs match them: `**` matches `.server`); a directory
 * that cannot be listed is recorded in `unreadable`.
 */
export function walkTree(root: string, exclude: readonly string[] = [], options: WalkOptions = {}): TreeWalk {
  const excluded = [...exclude, ...ALWAYS_IGNORED];
  const files: string[] = [];
  const gitignores: string[] = [];
  const envExamples: string[] = [];
  const unreadable: UnreadableDirectory[] = [];
  let resolvedRoot: string | undefined;
  const realRoot = () => (resolvedRoot ??= realpathSync(root));
  const visit = (dir: string, relativeDir: string): void => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      if (relativeDir !== "") unreadable.push({ path: relativeDir, reason: readErrorReason(error as NodeJS.ErrnoException) });
      return;
    }
    for (const entry of entries) {
      const name = entry.name;
      const path = relativeDir === "" ? name : `${relativeDir}/${name}`;
      if (name === ".gitignore" && entry.isFile()) gitignores.push(path);
      else if (ENV_EXAMPLE_FILE.test(name) && entry.isFile()) envExamples.push(path);
      if (entry.isDirectory()) {
        if (!matchesGlobs(path, excluded) && !matchesGlobs(`${path}/`, excluded)) visit(join(dir, name), path);
        continue;
      }
      if (entry.isSymbolicLink() && isDirectory(join(dir, name))) {
        // Not followed (no loops). One into the tree is walked where it points; one out of it would
        // hide its files: recorded, unless excluded.
        if (!matchesGlobs(path, excluded) && !matchesGlobs(`${path}/`, excluded) && !isInside(realRoot(), join(dir, name))) {
          unreadable.push({ path, reason: "is a symlink to a directory outside ROOT, which is not followed", symlink: true });
        }
        continue;
      }
      files.push(path);
    }
  };
  visit(root, "");
  return {
    root,
    exclude: [...exclude],
    files: files.sort(compareStrings),
    gitignores: gitignores.sort(compareStrings),
    envExamples: envExamples.sort(compareStrings),
    unreadable: unreadable.sort((a, b) => compareStrings(a.path, b.path)),
    ...(options.isTracked ? { isTracked: options.isTracked } : {}),
  };
}

/** Is the directory (root-relative POSIX) left out by a `.gitignore` of the walk (and not holding tracked files)? */
export function isIgnoredDirectory(walk: TreeWalk, directory: string): boolean {
  return gitIgnoreMatcherOf(walk)(`${directory}/`);
}

/**
 * The source files of `root` that the registry's `include`/`exclude` select, minus everything a
 * `.gitignore` (at the root or nested) ignores: relative POSIX paths, sorted. Symlinked
 * directories are never followed (no loops); symlinked files are listed (a dangling one becomes a
 * read error). `walk`: the run's walk of the root (see {@link walkTree}), if it has one.
 */
export function listSourceFiles(root: string, registry: Pick<SecretRegistry, "include" | "exclude">, walk?: TreeWalk): string[] {
  return listFiles(root, registry.include, registry.exclude, walk);
}

/** {@link listSourceFiles} for any patterns: config files, manifests. */
export function listFiles(root: string, include: readonly string[], exclude: readonly string[] = [], walk?: TreeWalk): string[] {
  const tree =
    walk && walk.root === root && sameGlobs(walk.exclude, exclude)
      ? walk
      : walkTree(root, exclude, walk?.isTracked ? { isTracked: walk.isTracked } : {});
  const excluded = [...exclude, ...ALWAYS_IGNORED];
  const ignored = gitIgnoreMatcherOf(tree);
  const isTracked = tree.isTracked ?? (() => false);
  return tree.files.filter((file) => matchesGlobs(file, include) && !matchesGlobs(file, excluded) && (!ignored(file) || isTracked(file)));
}

const gitIgnoreMatchers = new WeakMap<TreeWalk, (file: string) => boolean>();

function gitIgnoreMatcherOf(walk: TreeWalk): (file: string) => boolean {
  let matcher = gitIgnoreMatchers.get(walk);
  if (!matcher) {
    matcher = createGitIgnoreMatcher(walk.root, walk.gitignores);
    gitIgnoreMatchers.set(walk, matcher);
  }
  return matcher;
}

function sameGlobs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((glob, i) => glob === b[i]);
}

/**
 * A predicate telling whether a root-relative POSIX path is ignored by the given `.gitignore` files
 * (root-relative). Deeper files override shallower ones (`!negation` re-includes), as in git.
 */
export function createGitIgnoreMatcher(root: string, gitignoreFiles: readonly string[]): (file: string) => boolean {
  const levels: { dir: string; ignore: Ignore }[] = [];
  for (const file of gitignoreFiles) {
    let text: string;
    try {
      text = readFileSync(join(root, file), "utf8");
    } catch {
      continue; // an unreadable .gitignore ignores nothing
    }
    const dir = posix.dirname(file);
    levels.push({ dir: dir === "." ? "" : `${dir}/`, ignore: ignore().add(text) });
  }
  // Shallow first, so that deeper files decide last.
  levels.sort((a, b) => a.dir.split("/").length - b.dir.split("/").length || compareStrings(a.dir, b.dir));
  return (file: string): boolean => {
    let ignored = false;
    for (const level of levels) {
      if (!file.startsWith(level.dir)) continue;
      const result = level.ignore.test(file.slice(level.dir.length));
      if (result.ignored) ignored = true;
      else if (result.unignored) ignored = false;
    }
    return ignored;
  };
}

export interface ReadSourceFilesOptions {
  /** Files larger than this are not read (an `analysis-error`). Default 4 MB: hand-written sources are far smaller, and parsing a bigger one could take more memory than a whole run may. */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads each file (root-relative POSIX) once. Returns, in the same order, the text (BOM stripped,
 * CRLF kept) or the reason it cannot be analysed: missing or dangling symlink, symlink loop,
 * permission denied, a directory, not a regular file, too large, not valid UTF-8.
 */
export function readSourceFiles(
  root: string,
  files: readonly string[],
  options: ReadSourceFilesOptions = {},
): SourceReadResult[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  return files.map((file) => readSourceFile(root, file, maxBytes));
}

function readSourceFile(root: string, file: string, maxBytes: number): SourceReadResult {
  const path = join(root, file);
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return { file, error: "is a directory" };
    // Reading a FIFO blocks until someone writes; a device (a symlink to /dev/zero) never ends.
    if (!stats.isFile()) return { file, error: "is not a regular file (a FIFO, socket or device)" };
    if (stats.size > maxBytes) return { file, error: `too large (${stats.size} bytes; the limit is ${maxBytes})` };
    const bytes = readFileSync(path);
    let text: string;
    try {
      text = utf8.decode(bytes); // strips a UTF-8 BOM
    } catch {
      return { file, error: "not valid UTF-8" };
    }
    return { file, text };
  } catch (error) {
    return { file, error: readErrorReason(error as NodeJS.ErrnoException) };
  }
}

function readErrorReason(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case "ENOENT":
      return "does not exist (missing file or dangling symlink)";
    case "ELOOP":
      return "is a symlink loop";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    case "EISDIR":
      return "is a directory";
    default:
      return `cannot be read (${error.code ?? "I/O error"})`;
  }
}

export const ANALYSIS_ERROR_ID = "analysis-error";

/**
 * A file that could not be analysed, as a finding (`analysis-error`, error severity, never the
 * content). `message` replaces the default "Cannot analyse this file: <reason>..." wording.
 */
export function analysisErrorFinding(location: {
  file: string;
  reason: string;
  message?: string;
  line?: number;
  column?: number;
  endLine?: number;
  endColumn?: number;
}): Finding {
  const line = location.line ?? 1;
  const column = location.column ?? 1;
  return {
    ruleId: qualifiedRuleId(ANALYSIS_ERROR_ID),
    category: "analysis-error",
    engine: "checker",
    severity: "error",
    file: location.file,
    line,
    column,
    endLine: location.endLine ?? line,
    endColumn: location.endColumn ?? column,
    message:
      location.message ??
      `Cannot analyse this file: ${location.reason}. Fix or exclude it; a file that is not analysed is never a silent pass.`,
  };
}

/** What the pre-scan found in a file: which kinds of names it mentions. */
export interface PrescanMarkers {
  /** A settings model delegate (`systemSettings`) or a settings table name, used as code (`x.systemSettings`, `from(settings)`). */
  readonly delegate: boolean;
  /** A settings model name (`SystemSettings`, mostly in types). */
  readonly model: boolean;
  /** A registered secret's field or column name. */
  readonly secret: boolean;
  /** A registered secret's environment variable. */
  readonly env: boolean;
  /** Raw SQL (`$executeRaw`, `$queryRaw`, their `Unsafe` variants). */
  readonly rawSql: boolean;
  /** An admin marker: the admin procedure pattern in the text, or an admin segment in the path. */
  readonly admin: boolean;
}

export interface PrescanResult extends PrescanMarkers {
  /**
   * The file can matter to a check: it names a settings delegate or table, a secret, its env var or
   * raw SQL, or it is an admin endpoint (the admin procedure pattern with a tRPC resolver, `query`,
   * `mutation` or `subscription`, in the text; an admin route handler's path). A bare model-name
   * mention (types) or an admin page that names nothing is not.
   */
  readonly relevant: boolean;
  /** The ESLint rules can report something in it: relevant, or it names a settings model (a type annotation can mark a row). */
  readonly lintable: boolean;
  /**
   * What it exports can carry a secret to the files that import it: it uses a settings delegate or
   * table, names a secret, or runs raw SQL that names the store (not only an admin marker, an env
   * var, or a delegate's name as a word of prose).
   */
  readonly supplies: boolean;
}

interface PrescanPatterns {
  readonly names: RegExp | undefined;
  readonly groups: ReadonlyMap<string, keyof PrescanMarkers>;
  readonly admin: RegExp;
}

const patternCache = new WeakMap<object, PrescanPatterns>();

function prescanPatterns(registry: SecretRegistry): PrescanPatterns {
  const cached = patternCache.get(registry);
  if (cached) return cached;
  const groups = new Map<string, keyof PrescanMarkers>();
  const add = (name: string, marker: keyof PrescanMarkers) => {
    if (name && !groups.has(name)) groups.set(name, marker);
  };
  for (const model of registry.settingsModels) {
    add(model.delegate, "delegate");
    add(model.name, "model"); // a `@@map` table name differs and counts as a delegate
    add(model.table, "delegate");
  }
  for (const secret of registry.secrets) {
    add(secret.field, "secret");
    add(secret.column, "secret");
    for (const env of secret.envVars) add(env, "env");
  }
  const alternatives = [...groups.keys()].sort((a, b) => b.length - a.length || compareStrings(a, b)).map(escapeRegExp);
  // Raw SQL: `$executeRaw`, `$queryRawUnsafe`, ...; names: whole words only, and not a segment of
  // a path or a kebab-case name (`services/property/property.service` names no delegate).
  const source = [
    "(\\$(?:executeRaw|queryRaw)(?:Unsafe)?)",
    ...(alternatives.length > 0 ? [`(?<![\\w$/@-])(${alternatives.join("|")})(?![\\w$/-])`] : []),
  ].join("|");
  const admin = registry.admin.procedurePattern;
  const guard = registry.admin.guardPattern;
  const patterns: PrescanPatterns = {
    names: new RegExp(source, "g"),
    groups,
    admin: new RegExp(`(?:${stripAnchors(admin.source)})|(?:${stripAnchors(guard.source)})`, admin.flags.replace(/[gy]/g, "")),
  };
  patternCache.set(registry, patterns);
  return patterns;
}

/**
 * A cheap text test: which markers does `text` mention? `file` (root-relative POSIX) adds the
 * admin path marker (`app/api/admin/**`, `**\/admin/**`). One compiled regular expression per registry.
 */
export function prescan(text: string, registry: SecretRegistry, file?: string): PrescanResult {
  const patterns = prescanPatterns(registry);
  const found: Record<keyof PrescanMarkers, boolean> = {
    delegate: false,
    model: false,
    secret: false,
    env: false,
    rawSql: false,
    admin: false,
  };
  const regex = patterns.names!;
  regex.lastIndex = 0;
  let remaining = 5; // every marker but admin
  let storeWord = false;
  for (let match = regex.exec(text); match; match = regex.exec(text)) {
    const marker: keyof PrescanMarkers = match[1] !== undefined ? "rawSql" : patterns.groups.get(match[2]!)!;
    if (marker === "delegate" && !usedAsStore(text, match.index, match.index + match[0].length)) {
      storeWord = true; // a word of prose, or a table name in SQL that raw SQL may build
      continue;
    }
    if (!found[marker]) {
      found[marker] = true;
      if (--remaining === 0) break;
    }
  }
  regex.lastIndex = 0;
  const adminText = patterns.admin.test(text);
  found.admin = adminText || (file !== undefined && hasAdminPath(file, registry));
  // An admin endpoint: a tRPC resolver on an admin procedure (`adminProcedure....query(fn)`), or
  // an admin route handler. An admin page that names nothing is neither (the settings UI pages
  // are the checker's anyway, whatever they mention).
  const adminEndpoint =
    ((adminText || (file !== undefined && hasAdminPath(file, registry))) && ENDPOINT_WORD.test(text)) || (file !== undefined && isAdminRouteFile(file, registry));
  // A NestJS ConfigModule's loaders: what `configService.get("NS.KEY")` reads in other files.
  const relevant = found.delegate || found.secret || found.env || found.rawSql || adminEndpoint || CONFIG_LOADER_WORD.test(text);
  const lintable = relevant || found.model;
  // Raw SQL hands a secret on only when it can name the store (`FROM "SystemSettings"`, `system_settings`).
  const supplies = found.delegate || found.secret || (found.rawSql && (found.model || storeWord));
  return { ...found, relevant, lintable, supplies };
}

/**
 * Is the delegate or table name at `start..end` used as code (`prisma.settings.findFirst`,
 * `db.update(settings)`, `settings.key`) or SQL (`UPDATE "settings"`), not a word of prose in a
 * string or a comment (`"the settings page"`, `services/settings/settings.service`)?
 */
function usedAsStore(text: string, start: number, end: number): boolean {
  const before = text[start - 1];
  if (before === "." || before === "(") return true;
  if (SQL_TABLE_BEFORE.test(text.slice(Math.max(0, start - 16), start))) return true;
  let next = end;
  while (text[next] === " " || text[next] === "\t") next++;
  const after = text[next];
  return after === "." || after === "[" || (after === "?" && text[next + 1] === ".");
}

const SQL_TABLE_BEFORE = /\b(?:from|join|update|into|table)\s+["'`]?$/i;

/**
 * The words of an endpoint: a tRPC resolver (`query`, `mutation`, `subscription`), a NestJS
 * controller or GraphQL resolver, a router's route or middleware (`.put(`, `.use(`), a server action.
 */
const ENDPOINT_WORD = new RegExp(
  `\\b(?:${[...TRPC_RESOLVER_METHODS].join("|")})\\b|@(?:Controller|Resolver)\\b|\\.(?:get|post|put|patch|delete|all|route|use|register)\\s*\\(|["']use server["']`,
);
const CONFIG_LOADER_WORD = /\bConfigModule\s*\.\s*for(?:Root|RootAsync|Feature)\b|\bregisterAs\s*\(/;

/** Does the path have an admin segment (a route handler under `admin`, or any `admin` directory)? */
export function hasAdminPath(file: string, registry: SecretRegistry): boolean {
  if (isAdminRouteFile(file, registry)) return true;
  const segments = file.split("/");
  segments.pop();
  return segments.some((segment) => registry.admin.pathSegmentPattern.test(segment.replace(/^\((.*)\)$/, "$1")));
}

/**
 * A config glob as the listing matches it: relative to the root, POSIX, without `./` segments or
 * repeated slashes (`./apps//**` -> `apps/**`); a trailing `/` means everything under it. Undefined
 * for a glob that leaves the root (a `..` segment) or is absolute (`/x`, `C:/x`, `~/x`): it could
 * match nothing under the root, so it is a config error, never a silent no-match.
 */
export function normaliseGlob(glob: string): string | undefined {
  if (/^(?:[/\\~]|[A-Za-z]:[/\\])/.test(glob)) return undefined;
  const segments = glob.split("/").filter((segment, index, all) => segment !== "." && (segment !== "" || index === all.length - 1));
  if (segments.some((segment) => segment === "..")) return undefined;
  if (segments.at(-1) === "") segments[segments.length - 1] = "**";
  return segments.join("/");
}

/**
 * A glob written relative to a directory above the root (a `guardrails.config.json` found above
 * ROOT), as globs relative to the root that match the same files: `prefix` is the root's path
 * from that directory (`apps/web`). `apps/web/src/**` -> `src/**`; `**\/x/**` -> `**\/x/**` and
 * what `**` can skip; a glob that matches nothing under the root -> none.
 */
export function rebaseGlob(glob: string, prefix: string): string[] {
  const results = new Set<string>();
  const visit = (segments: readonly string[], rest: readonly string[]): void => {
    if (rest.length === 0) {
      if (segments.length > 0) results.add(segments.join("/"));
      return;
    }
    const [first, ...others] = segments;
    if (first === undefined) return;
    if (first === "**") {
      results.add(segments.join("/")); // `**` takes the whole prefix
      for (let skip = 0; skip < rest.length; skip++) visit(others, rest.slice(skip)); // or part of it
      return;
    }
    if (globToRegExp(first).test(rest[0]!)) visit(others, rest.slice(1));
  };
  visit(glob.split("/"), prefix.split("/").filter(Boolean));
  return [...results];
}

const globCache = new Map<string, RegExp>();

/**
 * Does a root-relative POSIX path match any of the globs (`**\/admin/**\/*.tsx`)? Supports `**`, `*`,
 * `?`, `{a,b}` and `[...]`, as fast-glob reads them (without dotfile rules).
 */
export function matchesGlobs(file: string, globs: readonly string[]): boolean {
  return globs.some((glob) => {
    let regex = globCache.get(glob);
    if (!regex) {
      regex = globToRegExp(glob);
      globCache.set(glob, regex);
    }
    return regex.test(file);
  });
}

export function globToRegExp(glob: string): RegExp {
  let source = "";
  let braces = 0;
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i]!;
    if (char === "*" && glob[i + 1] === "*") {
      const atStart = i === 0 || glob[i - 1] === "/";
      const followedBySlash = glob[i + 2] === "/";
      if (atStart && followedBySlash) {
        source += "(?:[^/]*/)*"; // `**/`: zero or more directories
        i += 2;
      } else if (atStart && i + 2 === glob.length) {
        source += ".*"; // trailing `/**`
        i += 1;
      } else {
        source += "[^/]*";
        i += 1;
      }
    } else if (char === "*") {
      source += "[^/]*";
    } else if (char === "?") {
      source += "[^/]";
    } else if (char === "{") {
      braces++;
      source += "(?:";
    } else if (char === "}" && braces > 0) {
      braces--;
      source += ")";
    } else if (char === "," && braces > 0) {
      source += "|";
    } else if (char === "[") {
      const close = glob.indexOf("]", i + 1);
      if (close < 0) {
        source += "\\[";
      } else {
        source += `[${glob.slice(i + 1, close).replace(/^!/, "^")}]`;
        i = close;
      }
    } else {
      source += escapeRegExp(char);
    }
  }
  return new RegExp(`^${source}$`);
}

function stripAnchors(source: string): string {
  return source.replace(/^\^/, "").replace(/(?<!\\)\$$/, "") || source;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Does `path` resolve to a place inside `realRoot` (a real path)? */
function isInside(realRoot: string, path: string): boolean {
  try {
    const target = realpathSync(path);
    return target === realRoot || target.startsWith(`${realRoot}${sep}`);
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
