/**
 * The changed-files modes: which files git says changed, and (for `--staged`) their content as
 * staged in the index rather than in the working copy.
 */
import { spawnSync } from "node:child_process";

export class GitError extends Error {
  override name = "GitError";
}

const overridesByRoot = new Map<string, readonly string[]>();

/**
 * Options that keep git from running programs named in the scanned repository's `.git/config`:
 * `core.fsmonitor` (run by `diff`, `diff --cached`, `ls-files`) and filter drivers (`clean`, run
 * to compare the working tree in `--changed-since`). Reading the config runs nothing.
 */
function noRepoPrograms(root: string): readonly string[] {
  let overrides = overridesByRoot.get(root);
  if (!overrides) {
    const filters = spawnSync("git", ["config", "-z", "--name-only", "--get-regexp", String.raw`^filter\..*\.(clean|smudge|process)$`], { cwd: root });
    const keys = filters.status === 0 ? nulSeparated(filters.stdout) : [];
    overrides = ["-c", "core.fsmonitor=false", ...keys.flatMap((key) => ["-c", `${key}=`])];
    overridesByRoot.set(root, overrides);
  }
  return overrides;
}

function git(root: string, args: readonly string[], input?: string): Buffer {
  const result = spawnSync("git", [...noRepoPrograms(root), ...args], {
    cwd: root,
    input,
    maxBuffer: 1024 * 1024 * 1024,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: "0" },
  });
  if (result.error) throw new GitError(`git ${args[0]}: ${result.error.message}`);
  if (result.status !== 0) {
    const detail = result.stderr.toString("utf8").trim().split("\n")[0] ?? "";
    throw new GitError(`git ${args.join(" ")} failed${detail ? `: ${detail}` : ""}`);
  }
  return result.stdout;
}

function nulSeparated(output: Buffer): string[] {
  return output
    .toString("utf8")
    .split("\0")
    .filter((path) => path.length > 0);
}

/** Files added, copied, modified or renamed in the index, relative to `root` (only those under it). */
export function stagedFiles(root: string): string[] {
  return nulSeparated(git(root, ["diff", "--cached", "--name-only", "--diff-filter=ACMR", "--relative", "-z"])).sort();
}

/**
 * Files changed on this branch since `ref` (from the merge base of `ref` and HEAD to the working
 * tree, plus untracked files), relative to `root`.
 */
export function filesChangedSince(root: string, ref: string): string[] {
  git(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  let base = ref;
  try {
    base = git(root, ["merge-base", ref, "HEAD"]).toString("utf8").trim() || ref;
  } catch {
    // No common ancestor (or no HEAD yet): compare with the ref itself.
  }
  const changed = nulSeparated(git(root, ["diff", "--name-only", "--diff-filter=ACMR", "--relative", "-z", base]));
  const untracked = nulSeparated(git(root, ["ls-files", "--others", "--exclude-standard", "-z"]));
  return [...new Set([...changed, ...untracked])].sort();
}

/**
 * The staged (index) content of files relative to `root`. Every name git prints is NUL-separated
 * (`-z`) and `cat-file` is given object ids only, never names: a file name holding a line break
 * cannot shift one file's content onto another. A file missing from the index (or not a file)
 * maps to an Error.
 */
export function readStagedFiles(root: string, files: readonly string[]): Map<string, string | Error> {
  const contents = new Map<string, string | Error>();
  if (files.length === 0) return contents;
  // `<mode> <object> <stage>\t<path>\0` for every index entry under the root (relative to it).
  const entries = new Map<string, { mode: string; object: string; stage: string }>();
  for (const record of nulSeparated(git(root, ["ls-files", "--stage", "-z"]))) {
    const match = /^(\d+) ([0-9a-f]+) (\d)\t([\s\S]*)$/.exec(record);
    if (match) entries.set(match[4]!, { mode: match[1]!, object: match[2]!, stage: match[3]! });
  }
  const wanted: { file: string; object: string }[] = [];
  for (const file of files) {
    const entry = entries.get(file);
    if (!entry) contents.set(file, new Error("not in the git index"));
    else if (entry.stage !== "0") contents.set(file, new Error("has unresolved merge conflicts in the git index"));
    else if (entry.mode === "160000") contents.set(file, new Error("is a submodule, not a file"));
    else wanted.push({ file, object: entry.object });
  }
  if (wanted.length === 0) return contents;
  const output = git(root, ["cat-file", "--batch"], wanted.map(({ object }) => `${object}\n`).join(""));
  let offset = 0;
  for (const { file, object } of wanted) {
    const newline = output.indexOf(0x0a, offset);
    if (newline < 0) {
      contents.set(file, new Error("missing from git cat-file output"));
      continue;
    }
    const header = output.subarray(offset, newline).toString("utf8");
    offset = newline + 1;
    const match = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!match || match[1] !== object) {
      contents.set(file, new Error(`not readable from the git index (${header.split(" ").pop()})`));
      continue;
    }
    const size = Number(match[3]);
    contents.set(file, output.subarray(offset, offset + size).toString("utf8"));
    offset += size + 1;
  }
  return contents;
}

/**
 * The files git tracks under `root` (relative to it), or undefined when `root` is not in a git work
 * tree. NUL-separated: any file name is read back exactly.
 */
export function trackedFiles(root: string): ReadonlySet<string> | undefined {
  if (!isGitWorkTree(root)) return undefined;
  return new Set(nulSeparated(git(root, ["ls-files", "--cached", "-z"])));
}

/** Is `root` inside a git work tree? */
export function isGitWorkTree(root: string): boolean {
  try {
    return git(root, ["rev-parse", "--is-inside-work-tree"]).toString("utf8").trim() === "true";
  } catch {
    return false;
  }
}
