/** `.gitignore` files as git reads them: nested ones, negations, deeper files deciding last. */
import { readFileSync } from "node:fs";
import { join, posix } from "node:path";
import ignore, { type Ignore } from "ignore";
import { compareStrings } from "./strings.js";

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
