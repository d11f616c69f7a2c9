/**
 * The rule pages (`docs/rules/<id>.md`) for SARIF's `help.markdown`: read by the CLI, handed to the
 * reporter (which stays a pure function). The CLI package ships them (`docs/`, copied when packed);
 * in this repository they are read from the repository's `docs/`.
 */
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { REPOSITORY_URL } from "@secret-guardrails/core";
import { shortRuleId } from "./reporters/shared.js";

/** The package's copy first (`<package>/docs`), else the repository's (`<repository>/docs`). */
const DOCS_DIRS = [new URL("../docs/", import.meta.url), new URL("../../../docs/", import.meta.url)].map((url) => fileURLToPath(url));

/** The directory holding `rules/`, if any. */
export function docsDir(candidates: readonly string[] = DOCS_DIRS): string | undefined {
  return candidates.find((dir) => existsSync(`${dir}rules`));
}

/**
 * Short rule id -> the Markdown of its page, for the given rule ids (`secret-guardrails/<id>` or
 * `<id>`); ids without a page are left out. Relative links are made absolute (to the repository),
 * since the text is shown far from the docs folder.
 */
export function readRuleHelp(ruleIds: Iterable<string>, dir = docsDir()): Map<string, string> {
  const help = new Map<string, string>();
  if (dir === undefined) return help;
  for (const id of new Set([...ruleIds].map(shortRuleId))) {
    if (!/^[a-z0-9-]+$/.test(id)) continue;
    try {
      help.set(id, absoluteLinks(readFileSync(`${dir}rules/${id}.md`, "utf8")));
    } catch {
      // No page for this id: the result keeps its help URI only.
    }
  }
  return help;
}

/** `](./x.md)` -> the page of `docs/rules/x.md`; `](../x.md)` -> `docs/x.md` in the repository. */
export function absoluteLinks(markdown: string): string {
  const base = `${REPOSITORY_URL}/blob/main/docs`;
  return markdown.replace(/\]\(\.\/(?!\/)/g, `](${base}/rules/`).replace(/\]\(\.\.\/(?!\.)/g, `](${base}/`);
}
