/**
 * The two drivers of the engine, as the matrix test runs them on one file: the ESLint plugin (the
 * editor: the file alone) and the checker (an in-memory project of that file). Each returns its
 * findings as `category line:column`, the verdict the two must agree on.
 */
import parser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import plugin from "eslint-plugin-secret-guardrails";
import type { GuardrailsConfig, PrismaModel } from "@secret-guardrails/core";
import { checks, applyCheck } from "@secret-guardrails/checker";
import { createTestContext } from "../../checker/src/testing/create-test-context.js";

/** Categories a single file can show (the project-level ones need a schema, a UI, a cleanup). */
const FILE_CATEGORIES = new Set(["secret-settings-write", "db-before-env", "raw-secret-response", "secret-in-admin-input"]);

// (The plugin's public rule type is loose, like typescript-eslint's: `meta` is an `object`.)
const categoryOfRule = new Map(
  Object.entries(plugin.rules).map(([name, rule]) => [`secret-guardrails/${name}`, (rule.meta as { docs: { category: string } }).docs.category]),
);

export function eslintVerdict(code: string, filename: string, config: GuardrailsConfig, models: readonly PrismaModel[] = []): string[] {
  const linter = new Linter({ configType: "flat", cwd: "/repo" });
  const messages = linter.verify(
    code,
    [
      {
        files: ["**/*.ts", "**/*.tsx"],
        languageOptions: { parser: parser as unknown as Linter.Parser },
        plugins: { "secret-guardrails": plugin as never },
        rules: plugin.configs.recommended.rules as Linter.RulesRecord,
        settings: { "secret-guardrails": { config, prismaModels: models, root: "/repo" } },
      },
    ],
    { filename: `/repo/${filename}` },
  );
  const fatal = messages.filter((message) => message.fatal);
  if (fatal.length > 0) throw new Error(`parse error in ${filename}: ${fatal[0]!.message}`);
  return messages.map((message) => `${categoryOfRule.get(message.ruleId ?? "") ?? message.ruleId} ${message.line}:${message.column}`).sort();
}

export function checkerVerdict(code: string, filename: string, config: GuardrailsConfig, models: readonly PrismaModel[] = []): string[] {
  const context = createTestContext({ [filename]: code }, config, { noLib: true }, models);
  return checks
    .flatMap((check) => applyCheck(check, context))
    .filter((finding) => FILE_CATEGORIES.has(finding.category))
    .map((finding) => `${finding.category} ${finding.line}:${finding.column}`)
    .sort();
}
