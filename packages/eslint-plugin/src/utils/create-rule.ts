import { ESLintUtils, type TSESLint } from "@typescript-eslint/utils";
import { docsUrl } from "@secret-guardrails/core";
import { fileCanMatter, getRegistry } from "./registry.js";

export interface SecretGuardrailsDocs {
  /** Part of `recommended` (and `recommended-type-checked`). */
  recommended?: boolean;
  /**
   * Needs type information to run (as in typescript-eslint). Our rules never do: they work on syntax
   * and use types as extra evidence when `parserOptions.projectService` is on.
   */
  requiresTypeChecking?: boolean;
  /** The report category of the contract this rule produces. */
  category: string;
}

const createBaseRule = ESLintUtils.RuleCreator<SecretGuardrailsDocs>((name) => docsUrl(name));

/**
 * typescript-eslint's `RuleCreator`, with the file gate in front of the rule: without a registered
 * secret, or on a file that cannot matter (see `fileCanMatter`), the rule registers no listener, and
 * nothing else runs (`RuleCreator` would first clone the default options, for every file).
 */
export const createRule: typeof createBaseRule = (rule) => {
  const created = createBaseRule(rule);
  return {
    ...created,
    create(context) {
      const gateContext = context as unknown as Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
      const registry = getRegistry(gateContext);
      // Nothing registered and no key-value store (whose secret keys show where the code names them): nothing to do.
      const nothingToGuard = registry.secrets.length === 0 && !registry.settingsModels.some((model) => model.kind === "key-value");
      return nothingToGuard || !fileCanMatter(gateContext, registry) ? {} : created.create(context);
    },
  };
};
