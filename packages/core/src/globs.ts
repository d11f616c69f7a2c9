/**
 * The globs of the config (`include`, `exclude`, `admin.uiGlobs`) as the listing reads them: normalised
 * to the root, rebased from a config above it, matched as fast-glob would (without dotfile rules).
 */
import { escapeRegExp } from "./strings.js";

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
