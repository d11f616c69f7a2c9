/**
 * One walk of the tree per run, and the listings that filter it: the source files, the config
 * files, the manifests. Never follows a symlinked directory; records what it cannot list.
 */
import { readdirSync, realpathSync } from "node:fs";
import { join, sep } from "node:path";
import { createGitIgnoreMatcher } from "./gitignore.js";
import { matchesGlobs } from "./globs.js";
import { isDirectory, readErrorReason } from "./read-files.js";
import { compareStrings } from "./strings.js";

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
const ENV_EXAMPLE_FILE = /^\.env(?:\.[\w-]+)*\.(?:example|template|sample)(?:\.[\w-]+)*$/;

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
export function listSourceFiles(root: string, registry: { readonly include: readonly string[]; readonly exclude: readonly string[] }, walk?: TreeWalk): string[] {
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


/** One `.gitignore` matcher per walk. */
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

/** Does `path` resolve to a place inside `realRoot` (a real path)? */
function isInside(realRoot: string, path: string): boolean {
  try {
    const target = realpathSync(path);
    return target === realRoot || target.startsWith(`${realRoot}${sep}`);
  } catch {
    return false;
  }
}
