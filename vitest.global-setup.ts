/**
 * Once per test run: is the build output (packages/*\/dist) there and as new as the sources? The
 * tests of the built CLI (and of the built plugin) ask with `expectFreshBuild()` and fail, never
 * skip, when it is not: a missing dist/ would hide them, a stale one would test old code.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** Why the build output cannot be tested (missing or older than its sources), or "". */
    buildProblem: string;
  }
}

const WORKSPACE = fileURLToPath(new URL(".", import.meta.url));

export default function setup(project: TestProject): void {
  project.provide("buildProblem", buildProblem(WORKSPACE));
}

/**
 * Each source file `tsc -b` compiles (src/**\/*.ts minus the tsconfig's `exclude`) must have its
 * dist/**\/*.js, no older than the source unless the package's last build is newer (`tsc -b`
 * rewrites its tsbuildinfo, not the output of a file whose text did not change).
 */
function buildProblem(workspace: string): string {
  const missing: string[] = [];
  const stale: string[] = [];
  const packages = join(workspace, "packages");
  for (const name of readdirSync(packages).sort()) {
    const dir = join(packages, name);
    if (!existsSync(join(dir, "tsconfig.json"))) continue;
    const excluded = excludedBy(dir);
    const info = join(dir, "tsconfig.tsbuildinfo");
    const lastBuild = existsSync(info) ? statSync(info).mtimeMs : 0;
    for (const file of sourceFiles(join(dir, "src"))) {
      const path = `src/${file}`;
      if (excluded(path)) continue;
      const source = join(dir, path);
      const output = join(dir, "dist", file.replace(/\.ts$/, ".js"));
      if (!existsSync(output)) missing.push(relative(workspace, output));
      else if (statSync(source).mtimeMs > Math.max(statSync(output).mtimeMs, lastBuild)) stale.push(relative(workspace, source));
    }
  }
  const list = (files: string[]) => files.slice(0, 3).join(", ") + (files.length > 3 ? ` and ${files.length - 3} more` : "");
  if (missing.length > 0) return `The build output is missing (${list(missing)}): run \`pnpm build\` before the tests of the built CLI.`;
  if (stale.length > 0) return `The build output is older than its sources (${list(stale)} changed since): run \`pnpm build\` before the tests of the built CLI.`;
  return "";
}

/** `src/` files relative to it, POSIX, `.ts` but not `.d.ts`. */
function sourceFiles(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((entry) => {
    const path = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) return sourceFiles(dir, path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The package tsconfig's `exclude`: globs (`src/**\/*.test.ts`) and directories (`src/testing`). */
function excludedBy(dir: string): (path: string) => boolean {
  const { exclude = [] } = JSON.parse(readFileSync(join(dir, "tsconfig.json"), "utf8")) as { exclude?: string[] };
  const patterns = exclude.map((pattern) => {
    if (!pattern.includes("*")) return new RegExp(`^${escape(pattern.replace(/\/$/, ""))}(?:/|$)`);
    const source = pattern
      .split(/(\*\*\/|\*)/)
      .map((part) => (part === "**/" ? "(?:.*/)?" : part === "*" ? "[^/]*" : escape(part)))
      .join("");
    return new RegExp(`^${source}$`);
  });
  return (path) => patterns.some((pattern) => pattern.test(path));
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
