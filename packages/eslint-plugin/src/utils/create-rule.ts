import { ESLintUtils } from "@typescript-eslint/utils";
import { docsUrl } from "@secret-guardrails/core";

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

export const createRule = ESLintUtils.RuleCreator<SecretGuardrailsDocs>((name) => docsUrl(name));
