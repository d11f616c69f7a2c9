/**
 * One bad file never hides the others, even when the bad thing is our own bug: a rule that throws
 * on one file (ESLint's CLI would abort the whole run) becomes an analysis-error for that file.
 */
import { describe, expect, it, vi } from "vitest";
import type { Rule } from "eslint";
import { baseFiles, secretWrite } from "../helpers.js";
import { brief, checkJson, makeRepo } from "./support.js";

vi.mock("eslint-plugin-secret-guardrails", async (importOriginal) => {
  const actual = (await importOriginal()) as { default: { rules: Record<string, Rule.RuleModule> } };
  const rules = Object.fromEntries(
    Object.entries(actual.default.rules).map(([name, rule]) => [
      name,
      {
        ...rule,
        create(context: Rule.RuleContext) {
          if (name !== "no-secret-settings-write" || !context.filename.includes("crash-")) return rule.create(context);
          const crash = () => {
            throw new TypeError('Cannot read properties of undefined (reading "sk-live-do-not-print")');
          };
          // Throwing while ESLint creates the rule, or while it visits the tree.
          if (context.filename.includes("crash-create")) crash();
          return { ...rule.create(context), CallExpression: crash };
        },
      },
    ]),
  );
  const plugin = { ...actual.default, rules };
  return { ...actual, default: plugin, rules };
});

describe("a rule that throws on one file", () => {
  it("is an analysis-error for that file; the other files are still checked", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "src/crash-create.ts": secretWrite(), "src/crash-visit.ts": secretWrite() }));
    const report = await checkJson(root);
    expect(brief(report)).toEqual([
      "src/crash-create.ts analysis-error 1:1",
      "src/crash-create.ts secret-settings-write 4:68", // the checker still sees the write
      "src/crash-visit.ts analysis-error 1:1",
      "src/crash-visit.ts secret-settings-write 4:68",
      "src/settings.ts secret-settings-write 4:68",
    ]);
    const crashes = report.findings.filter((finding) => finding.category === "analysis-error");
    for (const crash of crashes) {
      expect(crash).toMatchObject({ engine: "eslint", severity: "error" });
      expect(crash.message).toBe(
        'Cannot analyse this file: the rule secret-guardrails/no-secret-settings-write failed on it (Cannot read properties of undefined (reading "[redacted]")); this is a bug in Secret Guardrails, please report it. Fix or exclude it; a file that is not analysed is never a silent pass.',
      );
    }
  });
});
