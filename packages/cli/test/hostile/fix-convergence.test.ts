/**
 * Fixes converge: over every invalid case of every rule's RuleTester table, applying our autofixes
 * reaches a fixed point in one pass (a second pass changes nothing) and never produces code that
 * fails to parse; every suggestion's output parses too. RuleTester itself checks one pass only.
 *
 * The tables are collected by loading the rules' own test files with RuleTester replaced by a
 * recorder, inside a skipped suite (so their other tests are not run twice).
 */
import { join } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { Linter, type Rule } from "eslint";
import plugin from "eslint-plugin-secret-guardrails";
import { describe, expect, it, vi } from "vitest";
import { parses, WORKSPACE } from "./support.js";

interface RecordedRun {
  readonly name: string;
  readonly rule: Rule.RuleModule;
  readonly config: { settings?: Record<string, unknown>; languageOptions?: { parserOptions?: Record<string, unknown> } };
  readonly invalid: readonly InvalidCase[];
}

interface InvalidCase {
  readonly code: string;
  readonly filename?: string;
  readonly options?: readonly unknown[];
  readonly settings?: Record<string, unknown>;
  readonly languageOptions?: { parserOptions?: Record<string, unknown> };
  readonly output?: string | null | readonly string[];
}

const recorded = vi.hoisted(() => [] as RecordedRun[]);

vi.mock("@typescript-eslint/rule-tester", () => ({
  RuleTester: class {
    static afterAll: unknown;
    static describe: unknown;
    static it: unknown;
    static itOnly: unknown;
    constructor(private readonly config: RecordedRun["config"] = {}) {}
    run(name: string, rule: Rule.RuleModule, tests: { invalid: readonly (InvalidCase | string)[] }) {
      recorded.push({ name, rule, config: this.config, invalid: tests.invalid.map((item) => (typeof item === "string" ? { code: item } : item)) });
    }
  },
}));

const RULE_NAMES = Object.keys(plugin.rules).sort();

describe.skip("(collecting the rules' RuleTester tables)", async () => {
  for (const name of RULE_NAMES) {
    await import(join(WORKSPACE, `packages/eslint-plugin/src/rules/${name}.test.ts`));
  }
});

/** The untyped runs (type-aware testers need their project on disk; their fixes are the same code paths). */
const runs = () => recorded.filter((run) => !run.config.languageOptions?.parserOptions?.projectService);

function linterConfig(run: RecordedRun, item: InvalidCase): Linter.Config[] {
  const ruleName = RULE_NAMES.find((name) => (plugin.rules as Record<string, unknown>)[name] === run.rule)!;
  return [
    {
      files: ["**/*.{ts,tsx}"],
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        ecmaVersion: "latest",
        sourceType: "module",
        parserOptions: { ...run.config.languageOptions?.parserOptions, ...item.languageOptions?.parserOptions },
      },
      plugins: { "secret-guardrails": { rules: { [ruleName]: run.rule } } },
      settings: { ...run.config.settings, ...item.settings },
      rules: { [`secret-guardrails/${ruleName}`]: ["error", ...(item.options ?? [])] as Linter.RuleEntry },
    },
  ];
}

const filenameOf = (item: InvalidCase) => item.filename ?? (/<[A-Za-z]/.test(item.code) ? "react.tsx" : "file.ts");

describe("fixes and suggestions over every invalid case", () => {
  it("collected the invalid cases of every rule", () => {
    const byRule = new Map<string, number>();
    for (const run of runs()) byRule.set(run.name.split(" ")[0]!, (byRule.get(run.name.split(" ")[0]!) ?? 0) + run.invalid.length);
    expect([...byRule.keys()].sort()).toEqual(RULE_NAMES);
    for (const count of byRule.values()) expect(count).toBeGreaterThanOrEqual(5);
    console.info(`fix-convergence: ${runs().reduce((sum, run) => sum + run.invalid.length, 0)} invalid cases of ${RULE_NAMES.length} rules`);
  });

  // Every change the rules could make alters what runs (which value wins, what is written), so
  // ESLint's autofix is never offered: each is a suggestion a person applies.
  it("no rule autofixes: the tables expect no output, and ESLint's fix loop changes nothing", () => {
    const failures: string[] = [];
    for (const run of runs()) {
      for (const item of run.invalid) {
        const config = linterConfig(run, item);
        const filename = filenameOf(item);
        const linter = new Linter({ configType: "flat" });
        if (typeof item.output === "string" && item.output !== item.code) failures.push(`${run.name}: the table expects an autofix\n${item.code}`);
        const fixed = linter.verifyAndFix(item.code, config, { filename, fix: true });
        if (fixed.output !== item.code) failures.push(`${run.name}: an autofix changed the code\n${item.code}`);
        if (onePass(linter, item.code, config, filename) !== item.code) failures.push(`${run.name}: a fix was offered\n${item.code}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it("every suggestion's output parses", () => {
    const failures: string[] = [];
    let suggestions = 0;
    for (const run of runs()) {
      for (const item of run.invalid) {
        const filename = filenameOf(item);
        const messages = new Linter({ configType: "flat" }).verify(item.code, linterConfig(run, item), { filename });
        for (const message of messages) {
          for (const suggestion of message.suggestions ?? []) {
            suggestions++;
            const [start, end] = suggestion.fix.range;
            const output = item.code.slice(0, start) + suggestion.fix.text + item.code.slice(end);
            if (!parses(filename, output)) failures.push(`${run.name}: suggestion "${suggestion.desc}" does not parse\n${output}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(suggestions).toBeGreaterThan(0);
  });
});

/** Applies the fixes of a single lint pass (what RuleTester compares with `output`). */
function onePass(linter: Linter, code: string, config: Linter.Config[], filename: string): string {
  const messages = linter.verify(code, config, { filename });
  const fixes = messages
    .filter((message): message is Linter.LintMessage & { fix: Rule.Fix } => message.fix !== undefined)
    .sort((a, b) => a.fix.range[0] - b.fix.range[0] || a.fix.range[1] - b.fix.range[1]);
  let output = "";
  let last = -Infinity;
  let cursor = 0;
  for (const { fix } of fixes) {
    if (fix.range[0] <= last) continue; // overlapping fixes wait for the next pass, as in ESLint
    output += code.slice(cursor, fix.range[0]) + fix.text;
    cursor = fix.range[1];
    last = fix.range[1];
  }
  return output + code.slice(cursor);
}
