#!/usr/bin/env node
// What the ESLint plugin finds on its own, as an editor runs it: each file alone, no type information,
// the plugin's `recommended` config. Writes the findings as a guardrail JSON report (contract
// categories, so the acceptance scorer reads it) and prints recall per category against a labelled
// corpus, over the categories the plugin has rules for (the project checks, cleanup / UI guidance /
// unregistered fields, are the checker's alone).
//
//   node scripts/plugin-alone.mjs ROOT EXPECTED.json [--output REPORT.json]
//
// Cases the plugin misses are listed: the ones that need another file (a helper, a schema or a
// procedure defined elsewhere) are the checker's by design; see docs/architecture.md.
import { readFileSync, writeFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { ESLint } from "eslint";
import tsParser from "@typescript-eslint/parser";
import plugin from "eslint-plugin-secret-guardrails";
import { CATEGORY_INFO } from "@secret-guardrails/core";

const args = process.argv.slice(2);
const outputAt = args.indexOf("--output");
const output = outputAt >= 0 ? args.splice(outputAt, 2)[1] : undefined;
const [rootArg, expectedPath] = args;
if (!rootArg || !expectedPath) {
  console.error("usage: plugin-alone.mjs ROOT EXPECTED.json [--output REPORT.json]");
  process.exit(2);
}
const root = resolve(rootArg);
const expected = JSON.parse(readFileSync(expectedPath, "utf8")).expected;

/** ESLint rule name -> contract category. */
const categoryOfRule = new Map(Object.entries(CATEGORY_INFO).flatMap(([category, info]) => (info.rule ? [[info.rule, category]] : [])));

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    { ignores: ["**/node_modules/**", "**/dist/**", "**/.next/**"] },
    { files: ["**/*.{ts,tsx,mts,cts}"], languageOptions: { parser: tsParser } },
    plugin.configs.recommended,
  ],
});
const started = performance.now();
const results = await eslint.lintFiles(["**/*.{ts,tsx,mts,cts}"]);
const ms = performance.now() - started;

const findings = [];
let fatal = 0;
for (const result of results) {
  const file = relative(root, result.filePath).split(sep).join("/");
  for (const message of result.messages) {
    if (message.fatal) fatal++;
    const category = categoryOfRule.get((message.ruleId ?? "").replace(/^secret-guardrails\//, ""));
    if (category) findings.push({ category, file, line: message.line, column: message.column, ruleId: message.ruleId });
  }
}
if (output) writeFileSync(output, `${JSON.stringify({ schemaVersion: 1, tool: "eslint-plugin-secret-guardrails (alone)", root, findings }, null, 2)}\n`);

// Matching as the acceptance scorer does: same category and file, line inside the labelled range.
const pluginCategories = new Set(categoryOfRule.values());
const rows = new Map();
const missed = [];
for (const entry of expected) {
  if (!pluginCategories.has(entry.category)) continue;
  const row = rows.get(entry.category) ?? { found: 0, total: 0 };
  rows.set(entry.category, row);
  row.total++;
  const hit = findings.some((f) => f.category === entry.category && (entry.file == null || f.file === entry.file) && (!entry.lines || (f.line >= entry.lines[0] && f.line <= entry.lines[1])));
  if (hit) row.found++;
  else missed.push(entry);
}
const extra = findings.filter(
  (f) => !expected.some((entry) => f.category === entry.category && (entry.file == null || f.file === entry.file) && (!entry.lines || (f.line >= entry.lines[0] && f.line <= entry.lines[1]))),
);

console.log(`ESLint plugin alone on ${results.length} files in ${(ms / 1000).toFixed(1)} s (no type information${fatal ? `; ${fatal} parse errors` : ""})`);
for (const [category, row] of rows) console.log(`  ${category.padEnd(24)} ${row.found}/${row.total}`);
const found = [...rows.values()].reduce((n, row) => n + row.found, 0);
const total = [...rows.values()].reduce((n, row) => n + row.total, 0);
for (const entry of missed) console.log(`  MISSED ${entry.category} ${entry.file ?? "*"}:${entry.lines ? entry.lines.join("-") : "*"}`);
for (const finding of extra) console.log(`  EXTRA  ${finding.category} ${finding.file}:${finding.line}`);
console.log(`plugin alone: recall ${((100 * found) / Math.max(total, 1)).toFixed(1)}% (${found}/${total}) of the plugin's categories; ${extra.length} finding(s) outside the labels`);
