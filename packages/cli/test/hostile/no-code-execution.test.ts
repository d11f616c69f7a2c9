/**
 * No code execution from the scanned repository: its ESLint configs (flat and legacy), plugins,
 * parsers, `.prisma-astrc*`, `guardrails.config.{js,ts}`, package.json scripts, the Prisma
 * generator, TypeScript plugins, `node_modules` shadows of our own dependencies, its sources and
 * git's `core.fsmonitor` would each leave a `MARKER-*` file if run (fixtures/hostile/code-execution).
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { git } from "../helpers.js";
import { FORMATS } from "../../src/reporters/index.js";
import { brief, copyFixture, makeRepo, parseReport, run, walk } from "./support.js";

/** A CommonJS module that leaves `MARKER-<name>` at the root of the tree when it is loaded. */
function markerModule(root: string, name: string): string {
  return `require("node:fs").writeFileSync(${JSON.stringify(join(root, `MARKER-${name}`))}, "executed\\n");\nmodule.exports = new Proxy(function () {}, { get: () => module.exports, apply: () => module.exports });\n`;
}

/** Packages that would win over ours if anything resolved modules from the scanned tree. */
const SHADOWED_PACKAGES = [
  "eslint",
  "eslint-plugin-secret-guardrails",
  "@typescript-eslint/parser",
  "@typescript-eslint/typescript-estree",
  "typescript",
  "ts-morph",
  "@mrleebo/prisma-ast",
  "fast-glob",
  "ignore",
  "zod",
  "hostile-ts-plugin",
  "eslint-plugin-hostile-marker",
  "hostile-marker-parser",
  "lilconfig",
];

function hostileTree(): string {
  const root = copyFixture("hostile/code-execution");
  for (const name of SHADOWED_PACKAGES) {
    const dir = join(root, "node_modules", name);
    const module = markerModule(root, `node_modules-${name.replace("/", "+")}`);
    mkdirSync(join(dir, "lib"), { recursive: true });
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name, version: "99.0.0", main: "index.js", exports: { ".": "./index.js", "./*": "./index.js" } }));
    writeFileSync(join(dir, "index.js"), module);
    writeFileSync(join(dir, "lib/typescript.js"), module);
    writeFileSync(join(dir, "lib/api.js"), module);
  }
  mkdirSync(join(root, "node_modules/.bin"), { recursive: true });
  for (const bin of ["eslint", "tsc", "prisma", "guardrails"]) {
    const file = join(root, "node_modules/.bin", bin);
    writeFileSync(file, `#!/bin/sh\ntouch ${JSON.stringify(join(root, `MARKER-bin-${bin}`))}\n`);
    chmodSync(file, 0o755);
  }
  // git runs `core.fsmonitor` for `diff`, `diff --cached` and `ls-files` (--staged, --changed-since).
  // A commit, then a staged change (something for both modes to compute), then the hostile config.
  git(root, "init", "-q");
  git(root, "add", "-A");
  git(root, "commit", "-q", "-m", "hostile");
  writeFileSync(join(root, "src/settings.ts"), `// changed\n${readFileSync(join(root, "src/settings.ts"), "utf8")}`);
  git(root, "add", "src/settings.ts");
  git(root, "config", "core.fsmonitor", `touch ${JSON.stringify(join(root, "MARKER-git-fsmonitor"))}; false`);
  git(root, "config", "core.hooksPath", join(root, "hooks"));
  mkdirSync(join(root, "hooks"));
  for (const hook of ["pre-commit", "post-checkout", "post-index-change", "reference-transaction"]) {
    writeFileSync(join(root, "hooks", hook), `#!/bin/sh\ntouch ${JSON.stringify(join(root, `MARKER-hook-${hook}`))}\n`);
    chmodSync(join(root, "hooks", hook), 0o755);
  }
  writeFileSync(join(root, ".gitattributes"), "*.ts diff=hostile filter=hostile\n");
  git(root, "config", "diff.hostile.textconv", `touch ${JSON.stringify(join(root, "MARKER-git-textconv"))}; cat`);
  git(root, "config", "filter.hostile.clean", `touch ${JSON.stringify(join(root, "MARKER-git-clean"))}; cat`);
  git(root, "config", "filter.hostile.smudge", `touch ${JSON.stringify(join(root, "MARKER-git-smudge"))}; cat`);
  return root;
}

const markers = (root: string) => walk(root).filter((file) => /(^|\/)MARKER-/.test(file));

describe("the scanned repository is data, never code", () => {
  // First in this file on purpose: @mrleebo/prisma-ast looks for a `.prisma-astrc*` (JavaScript
  // allowed) from the working directory the first time it loads, and this run starts in the tree.
  it("`guardrails check .` from inside the tree runs nothing of it", async () => {
    const root = hostileTree();
    expect(markers(root)).toEqual([]);
    const report = parseReport(await run(["check", ".", "--format", "json"], { cwd: root }));
    expect(brief(report)).toEqual(["src/settings.ts secret-settings-write 6:94"]);
    expect(markers(root)).toEqual([]);
  });

  it("every format, --debug, baselines, shards, explicit files, --staged and --changed-since: no marker", async () => {
    const root = hostileTree();
    const out = makeRepo({});
    const runs: (readonly string[])[] = [
      ...FORMATS.map((format) => ["check", root, "--format", format, "--debug", "--verbose"]),
      ["check", root, "--baseline", join(out, "baseline.json"), "--update-baseline"],
      ["check", root, "--baseline", join(out, "baseline.json")],
      ["check", root, "--shard", "1/2", "--format", "json", "--output", join(out, "1.json")],
      ["check", root, "--shard", "2/2", "--format", "json", "--output", join(out, "2.json")],
      ["merge", join(out, "1.json"), join(out, "2.json")],
      ["check", root, join(root, "src/settings.ts"), join(root, "eslint.config.js")],
      ["check", root, "--changed-since", "HEAD"],
      ["check", root, "--staged"],
    ];
    const codes: number[] = [];
    for (const args of runs) {
      const result = await run(args, { cwd: root });
      expect(result.stderr.replace(/^(debug|guardrails: wrote).*\n/gm, "")).toBe("");
      codes.push(result.code);
    }
    expect(codes.every((code) => code === 0 || code === 1)).toBe(true);
    expect(codes.at(-1)).toBe(1); // --staged still finds the write
    expect(markers(root)).toEqual([]);
  });
});
