import { isAbsolute, relative, sep } from "node:path";

/**
 * The path of the linted file as the admin-route matchers expect it: POSIX and relative to `root`
 * (the config root or ESLint's cwd). A file outside `root` keeps its absolute POSIX path; the
 * matchers only look at the segments after the last `app` / `pages` folder.
 */
export function lintedFilePath(filename: string, root: string): string {
  if (!isAbsolute(filename)) return filename.split(sep).join("/");
  const rel = relative(root, filename);
  const chosen = rel === "" || rel.startsWith("..") || isAbsolute(rel) ? filename : rel;
  return chosen.split(sep).join("/");
}
