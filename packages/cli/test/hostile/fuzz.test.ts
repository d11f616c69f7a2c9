/**
 * Fuzz: the sources and the Prisma schema of fixtures/nexus-sample, every file mutated in each run
 * (tokens deleted, duplicated, swapped or replaced, punctuation inserted, lines deleted or
 * duplicated, the file truncated, CRLF line ends, a BOM), checked in-process through `main` like
 * `guardrails check`. Each mutated file is one case; a run mutates all 28 of them, 20 runs per CI
 * run (>= 500 cases). Properties: no crash, exit code 0 or 1, nothing on stderr, every finding
 * well-formed and in order, no check crashed, every in-scope file analysed or reported.
 *
 * A new seed each run; reproduce a failure with FUZZ_SEED=<seed> (fast-check prints it), run more
 * with FUZZ_RUNS=<n>.
 */
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { isCategory } from "@secret-guardrails/core";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import type { Report } from "../../src/report.js";
import { expectEveryFileAccountedFor, FIXTURES, makeRepo, run, walk } from "./support.js";

const SAMPLE = join(FIXTURES, "nexus-sample");
const MUTABLE = walk(SAMPLE).filter((file) => /\.(tsx?|prisma)$/.test(file) && !file.includes("/generated/"));
const ORIGINAL = new Map(MUTABLE.map((file) => [file, readFileSync(join(SAMPLE, file), "utf8")]));
const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const LIGHT_RUNS = Number(process.env.FUZZ_LIGHT_RUNS ?? 10);
const SEED = process.env.FUZZ_SEED !== undefined ? Number(process.env.FUZZ_SEED) : undefined;

const KINDS = [
  "deleteTokens",
  "duplicateTokens",
  "swapTokens",
  "replaceIdentifier",
  "insertPunctuation",
  "deleteLine",
  "duplicateLine",
  "truncate",
  "crlf",
  "bom",
] as const;

interface Mutation {
  readonly kind: (typeof KINDS)[number];
  /** Positions as fractions of the file (tokens or lines), so one plan fits any file. */
  readonly at: number;
  readonly other: number;
  readonly count: number;
  readonly char: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom(...KINDS),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  other: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
  count: fc.integer({ min: 1, max: 4 }),
  char: fc.constantFrom(..."{}()[];,.=<>`'\"/?:!&|+-*@#\\"),
});

// One mutation (or two in a row) for every mutable file.
const plan = fc.tuple(...MUTABLE.map(() => fc.array(mutation, { minLength: 1, maxLength: 2 })));

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|`(?:[^`\\]|\\.)*`|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|\d[\w.]*|[A-Za-z_$][\w$]*|[\s\S]/g;

/** Applies a mutation; every kind changes the text of a non-trivial file. */
function mutate(text: string, m: Mutation): string {
  const tokens = text.match(TOKEN) ?? [];
  const code = tokens.map((token, index) => ({ token, index })).filter(({ token }) => !/^\s+$/.test(token));
  const pick = (fraction: number) => code[Math.floor(fraction * code.length)]?.index ?? 0;
  const lines = text.split("\n");
  const line = Math.floor(m.at * lines.length);
  switch (m.kind) {
    case "deleteTokens": {
      const start = pick(m.at);
      return [...tokens.slice(0, start), ...tokens.slice(start + m.count)].join("");
    }
    case "duplicateTokens": {
      const start = pick(m.at);
      return [...tokens.slice(0, start + m.count), ...tokens.slice(start, start + m.count), ...tokens.slice(start + m.count)].join("");
    }
    case "swapTokens": {
      const [a, b] = [pick(m.at), pick(m.other)];
      const out = [...tokens];
      [out[a], out[b]] = [out[b]!, out[a]!];
      return out.join("");
    }
    case "replaceIdentifier": {
      const identifiers = code.filter(({ token }) => /^[A-Za-z_$]/.test(token));
      if (identifiers.length < 2) return `${text}${m.char}`;
      const target = identifiers[Math.floor(m.at * identifiers.length)]!.index;
      const source = identifiers[Math.floor(m.other * identifiers.length)]!.token;
      const out = [...tokens];
      out[target] = source === out[target] ? `${source}${m.count}` : source;
      return out.join("");
    }
    case "insertPunctuation": {
      const at = pick(m.at);
      return [...tokens.slice(0, at), m.char.repeat(m.count), ...tokens.slice(at)].join("");
    }
    case "deleteLine":
      return [...lines.slice(0, line), ...lines.slice(line + m.count)].join("\n");
    case "duplicateLine":
      return [...lines.slice(0, line + 1), ...lines.slice(line, line + m.count), ...lines.slice(line + 1)].join("\n");
    case "truncate":
      return text.slice(0, Math.floor(m.at * text.length));
    case "crlf":
      return text.replace(/\r?\n/g, "\r\n") + (m.count > 2 ? "\r\n" : "\n");
    case "bom":
      return `\uFEFF${text}${"\n".repeat(m.count)}`;
  }
}

let casesRun = 0;
let runsDone = 0;
let findingsSeen = 0;
afterAll(() => {
  console.info(`fuzz: ${casesRun} mutated files in ${runsDone} runs, ${findingsSeen} findings checked`);
});

async function checkMutated(mutations: readonly (readonly Mutation[])[]): Promise<void> {
  const root = makeRepo({});
  cpSync(SAMPLE, root, { recursive: true, verbatimSymlinks: true });
  MUTABLE.forEach((file, index) => {
    const text = (mutations[index] ?? []).reduce(mutate, ORIGINAL.get(file)!);
    if (text !== ORIGINAL.get(file)) casesRun++;
    writeFileSync(join(root, file), text);
  });
  runsDone++;

  const result = await run(["check", root, "--format", "json"]);
  expect(result.stderr).toBe("");
  expect([0, 1]).toContain(result.code);
  const report = JSON.parse(result.stdout) as Report;
  findingsSeen += report.findings.length;
  expect(result.code).toBe(report.summary.errors > 0 ? 1 : 0);

  const problems: string[] = [];
  const files = new Set(walk(root));
  report.findings.forEach((finding, index) => {
    const where = `${finding.file}:${finding.line}:${finding.column} ${finding.ruleId}`;
    if (!files.has(finding.file)) problems.push(`${where}: not a file of the tree`);
    if (!isCategory(finding.category) || !finding.ruleId.startsWith("secret-guardrails/")) problems.push(`${where}: bad category or rule`);
    for (const key of ["line", "column", "endLine", "endColumn"] as const) {
      if (!Number.isInteger(finding[key]) || finding[key] < 1) problems.push(`${where}: ${key} is ${finding[key]}`);
    }
    if (finding.endLine < finding.line || (finding.endLine === finding.line && finding.endColumn < finding.column)) problems.push(`${where}: ends before it starts`);
    if (!finding.message.trim()) problems.push(`${where}: empty message`);
    if (/failed \(|This is a bug in Secret Guardrails/.test(finding.message)) problems.push(`${where}: a check crashed: ${finding.message}`);
    const previous = report.findings[index - 1];
    if (previous && compare(previous, finding) > 0) problems.push(`${where}: out of order`);
  });
  expect(problems).toEqual([]);
  expectEveryFileAccountedFor(root, report);
}

function compare(a: Report["findings"][number], b: Report["findings"][number]): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0);
}

/** Light plans: two or three files, mutations that often keep the code parseable (deeper analysis). */
const LIGHT_KINDS = ["replaceIdentifier", "swapTokens", "deleteLine", "duplicateLine"] as const;
const lightPlan = fc
  .uniqueArray(fc.nat({ max: MUTABLE.length - 1 }), { minLength: 2, maxLength: 3 })
  .chain((indexes) =>
    fc.tuple(fc.constant(indexes), fc.array(mutation.map((m) => ({ ...m, kind: LIGHT_KINDS[Math.floor(m.at * 4)]! })), { minLength: indexes.length, maxLength: indexes.length })),
  )
  .map(([indexes, mutations]) => MUTABLE.map((_, index) => (indexes.includes(index) ? [mutations[indexes.indexOf(index)]!] : [])));

describe("fuzz: mutated sources of the sample", () => {
  it("the mutator changes text (a case is a changed file)", () => {
    const text = ORIGINAL.get("packages/db/prisma/seed.ts")!;
    for (const kind of KINDS) expect(mutate(text, { kind, at: 0.5, other: 0.25, count: 2, char: "{" })).not.toBe(text);
    expect(MUTABLE.length).toBeGreaterThanOrEqual(25);
  });

  it(`${RUNS} runs, every source and schema file mutated in each: no crash, exit 0/1, every file accounted for`, async () => {
    await fc.assert(fc.asyncProperty(plan, checkMutated), {
      numRuns: RUNS,
      ...(SEED !== undefined ? { seed: SEED } : {}),
      // A run costs about a second: report the failing case as found rather than shrink for minutes.
      endOnFailure: true,
      verbose: fc.VerbosityLevel.None,
    });
    if (RUNS >= 20) expect(casesRun).toBeGreaterThanOrEqual(500);
  }, Math.max(240_000, RUNS * 10_000));

  it(`${LIGHT_RUNS} light runs (2-3 files, mutations that often still parse): the same properties`, async () => {
    await fc.assert(fc.asyncProperty(lightPlan, checkMutated), {
      numRuns: LIGHT_RUNS,
      ...(SEED !== undefined ? { seed: SEED } : {}),
      endOnFailure: true,
      verbose: fc.VerbosityLevel.None,
    });
  }, Math.max(240_000, LIGHT_RUNS * 10_000));
});
