import { createRequire } from "node:module";
import { rules as ruleModules } from "./rules/index.js";

const { name, version } = createRequire(import.meta.url)("../package.json") as { name: string; version: string };

export type RuleName = keyof typeof ruleModules;

/**
 * A rule as the plugin's public type shows it: loose, like typescript-eslint's compatibility types,
 * so that the plugin and its configs fit ESLint's `defineConfig`, `Linter.Config`, `ESLint.Plugin`
 * and `tseslint.config` alike, under `--strict` without `skipLibCheck`. (The rules themselves are
 * typescript-eslint `RuleModule`s; their precise types stay internal.)
 */
export interface SecretGuardrailsRule {
  // `any`, as typescript-eslint's `LooseRuleCreateFunction`: each of ESLint's and typescript-eslint's
  // rule context types must be assignable to it.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  create(context: any): Record<string, ((...args: any[]) => void) | undefined>;
  meta?: object | undefined;
}

export interface SecretGuardrailsPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: Record<RuleName, SecretGuardrailsRule>;
  configs: SecretGuardrailsConfigs;
}

/** A shared config: the plugin and the rules it turns on, nothing else (no parser, no parserOptions). */
export interface SecretGuardrailsConfig {
  name: string;
  plugins: { "secret-guardrails": SecretGuardrailsPlugin };
  rules: Record<string, "error" | "warn" | "off">;
}

// A type, not an interface: ESLint's `Plugin["configs"]` is a record, which needs the implicit index signature.
export type SecretGuardrailsConfigs = {
  /** Every recommended rule. The rules work on syntax alone; this is the one line to add. */
  recommended: SecretGuardrailsConfig;
  /**
   * The same rules, for a config that provides type information (typescript-eslint's
   * `parserOptions.projectService`): with it they also see spreads and `data: input` whose type holds a
   * secret. Like typescript-eslint's `recommendedTypeChecked`, it leaves `parserOptions` to you.
   */
  recommendedTypeChecked: SecretGuardrailsConfig;
  /** Alias of `recommendedTypeChecked` (the name of 0.1.0). */
  "recommended-type-checked": SecretGuardrailsConfig;
};

const recommendedRules = Object.fromEntries(
  Object.entries(ruleModules)
    .filter(([, rule]) => rule.meta.docs?.recommended)
    .map(([ruleName]) => [`secret-guardrails/${ruleName}`, "error" as const]),
);

const plugin: SecretGuardrailsPlugin = {
  meta: { name, version, namespace: "secret-guardrails" },
  rules: ruleModules as unknown as Record<RuleName, SecretGuardrailsRule>,
  configs: {} as SecretGuardrailsConfigs,
};

const recommendedTypeChecked: SecretGuardrailsConfig = {
  name: "secret-guardrails/recommended-type-checked",
  plugins: { "secret-guardrails": plugin },
  rules: recommendedRules,
};

Object.assign(plugin.configs, {
  recommended: { name: "secret-guardrails/recommended", plugins: { "secret-guardrails": plugin }, rules: recommendedRules },
  recommendedTypeChecked,
  "recommended-type-checked": recommendedTypeChecked,
} satisfies SecretGuardrailsConfigs);

export const { configs, meta, rules } = plugin;
export type { PluginSettings } from "./utils/registry.js";
export default plugin;
// `require("eslint-plugin-secret-guardrails")` (an `eslint.config.cjs`, on a Node that can require ES
// modules: 20.19+, 22.12+) returns the plugin object itself, `configs` included, not the namespace.
export { plugin as "module.exports" };
