import type { TSESLint } from "@typescript-eslint/utils";
import { createRequire } from "node:module";
import { rules } from "./rules/index.js";

const { name, version } = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

type FlatConfig = TSESLint.FlatConfig.Config;

const recommendedRules: FlatConfig["rules"] = Object.fromEntries(
  Object.entries(rules)
    .filter(([, rule]) => rule.meta.docs?.recommended)
    .map(([ruleName]) => [`secret-guardrails/${ruleName}`, "error"]),
);

const plugin = {
  meta: { name, version, namespace: "secret-guardrails" },
  rules,
  configs: {} as Record<"recommended" | "recommended-type-checked", FlatConfig>,
};

plugin.configs.recommended = {
  name: "secret-guardrails/recommended",
  plugins: { "secret-guardrails": plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules,
};

/** The same rules; with `parserOptions.projectService` they also use types (spreads, `data: input`). */
plugin.configs["recommended-type-checked"] = {
  name: "secret-guardrails/recommended-type-checked",
  plugins: { "secret-guardrails": plugin as unknown as TSESLint.FlatConfig.Plugin },
  languageOptions: { parserOptions: { projectService: true } },
  rules: recommendedRules,
};

export { rules };
export type { PluginSettings } from "./utils/registry.js";
export default plugin;
