// The CLI package's `prepack` / `postpack`: copies the docs it ships into packages/cli/docs (the rule
// pages become SARIF's help.markdown: packages/cli/src/rule-docs.ts reads them) and removes the copy afterwards.
//   node ../../scripts/pack-docs.mjs           copy (prepack)
//   node ../../scripts/pack-docs.mjs --remove  remove (postpack)
import { cpSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

const docs = fileURLToPath(new URL("../docs/", import.meta.url));
const target = fileURLToPath(new URL("../packages/cli/docs/", import.meta.url));

rmSync(target, { recursive: true, force: true });
if (!process.argv.includes("--remove")) {
  mkdirSync(`${target}rules`, { recursive: true });
  for (const page of ["adr-0001.md", "cli.md", "pre-commit.md", "reporters.md"]) cpSync(`${docs}${page}`, `${target}${page}`);
  for (const page of readdirSync(`${docs}rules`).filter((name) => name.endsWith(".md"))) cpSync(`${docs}rules/${page}`, `${target}rules/${page}`);
}
