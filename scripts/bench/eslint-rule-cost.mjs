#!/usr/bin/env node
// What an ESLint run costs for having rules at all, and what our rules cost on top: lints every
// .ts/.tsx file of a tree with ESLint's `Linter` (the parser of `pnpm bench`'s C, no file
// enumeration, no CLI) in a fresh process per run, for
//   C  no rules,   N  one rule that registers no listener,   E  our `recommended` config,
// each as released and with ESLint's rule contexts built as plain objects ("patched":
// `FileContext.prototype.extend` copies the file's fields instead of `Object.create(fileContext)`).
// Alternates the variants, `--runs` times (default 3), and prints the medians as a Markdown table.
//
//   node scripts/bench/eslint-rule-cost.mjs [.bench/monorepo-2000] [--runs 3]
//
// The tree must exist (`pnpm bench` writes .bench/monorepo-*); the plugin must be built.

import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const require = createRequire(join(repoRoot, "package.json"));
const VARIANTS = ["C", "N", "E"].flatMap((config) => [`${config}`, `${config} patched`]);

if (process.env.RULE_COST_CHILD) {
  await child(process.env.RULE_COST_CHILD, process.argv[2]);
} else {
  parent(process.argv.slice(2));
}

function parent(argv) {
  let tree = join(repoRoot, ".bench/monorepo-2000");
  let runs = 3;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") runs = Number(argv[++i]);
    else tree = resolve(argv[i]);
  }
  const results = new Map(VARIANTS.map((variant) => [variant, []]));
  for (let round = 0; round < runs + 1; round++) {
    // Rotated order; round 0 warms the disk cache and is not counted.
    const order = VARIANTS.map((_, i) => VARIANTS[(i + round) % VARIANTS.length]);
    for (const variant of order) {
      const run = spawnSync(process.execPath, [fileURLToPath(import.meta.url), tree], {
        env: { ...process.env, RULE_COST_CHILD: variant },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      if (run.status !== 0) throw new Error(`${variant}: ${run.stderr}`);
      if (round > 0) results.get(variant).push(JSON.parse(run.stdout));
    }
  }
  const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  const row = (variant) => {
    const measured = results.get(variant);
    return {
      ms: median(measured.map((r) => r.ms)),
      cpuMs: median(measured.map((r) => r.cpuMs)),
      rssMb: median(measured.map((r) => r.rssKb)) / 1024,
      files: measured[0].files,
    };
  };
  const pct = (a, b) => `${a >= b ? "+" : ""}${((a / b - 1) * 100).toFixed(1)}%`;
  const lines = [
    `Linting ${row("C").files} files of ${tree.replace(`${repoRoot}/`, "")} with ESLint's Linter, median of ${runs} runs per variant:`,
    "",
    "| variant | as released: wall / CPU / peak RSS | with plain rule contexts |",
    "| --- | ---: | ---: |",
  ];
  const cell = ({ ms, cpuMs, rssMb }) => `${(ms / 1000).toFixed(2)} s / ${(cpuMs / 1000).toFixed(2)} s / ${rssMb.toFixed(0)} MB`;
  for (const config of ["C", "N", "E"]) {
    const released = row(config);
    const patched = row(`${config} patched`);
    lines.push(`| ${config} | ${cell(released)} | ${cell(patched)} |`);
  }
  const ratios = (key) => {
    const [c, n, e] = ["C", "N", "E"].map((config) => row(config)[key]);
    const [cp, np, ep] = ["C", "N", "E"].map((config) => row(`${config} patched`)[key]);
    return [
      `  - any rule (N/C - 1): as released ${pct(n, c)}, patched ${pct(np, cp)}`,
      `  - our rules over no rules (E/C - 1): as released ${pct(e, c)}, patched ${pct(ep, cp)}`,
      `  - our rules' own cost (E/N - 1): as released ${pct(e, n)}, patched ${pct(ep, np)}`,
    ];
  };
  lines.push("", "- wall time:", ...ratios("ms"), "- CPU time (user + system; less sensitive to other processes):", ...ratios("cpuMs"));
  console.log(lines.join("\n"));
}

async function child(variant, tree) {
  const [config, patched] = variant.split(" ");
  const eslintDir = dirname(require.resolve("eslint/package.json"));
  // The module ESLint's Linter uses (same path, same CommonJS instance).
  if (patched) await import("./eslint-plain-contexts.mjs");
  const { Linter } = require("eslint");
  const { FlatConfigArray } = require(join(eslintDir, "lib/config/flat-config-array.js"));
  const parser = require("@typescript-eslint/parser");
  const files = ["**/*.ts", "**/*.tsx"];
  const configs = [{ files, languageOptions: { parser } }];
  if (config === "N") {
    const bench = { rules: { noop: { meta: { type: "problem", schema: [] }, create: () => ({}) } } };
    configs.push({ files, plugins: { bench }, rules: { "bench/noop": "error" } });
  } else if (config === "E") {
    const { default: plugin } = await import(pathToFileURL(join(repoRoot, "packages/eslint-plugin/dist/index.js")).href);
    configs.push({ files, ...plugin.configs.recommended }, { settings: { "secret-guardrails": { root: tree } } });
  }
  const configArray = new FlatConfigArray(configs, { basePath: tree });
  configArray.normalizeSync();
  const paths = readdirSync(tree, { recursive: true })
    .filter((path) => /\.tsx?$/.test(path) && !path.endsWith(".d.ts") && !/(^|\/)(node_modules|\.git)\//.test(path))
    .map((path) => join(tree, path))
    .sort();
  const linter = new Linter({ cwd: tree });
  const started = performance.now();
  const cpuStarted = process.cpuUsage();
  for (const path of paths) linter.verify(readFileSync(path, "utf8"), configArray, path);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rssKb: process.resourceUsage().maxRSS, files: paths.length }));
}
