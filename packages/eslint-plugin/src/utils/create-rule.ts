import { ESLintUtils } from "@typescript-eslint/utils";
import { docsUrl } from "@secret-guardrails/core";

export interface SecretGuardrailsDocs {
  /** Part of `recommended` (and `recommended-type-checked`). */
  recommended?: boolean;
  /** Uses type information when `parserOptions.projectService` is on (never requires it). */
  requiresTypeChecking?: boolean;
  /** The report category of the contract this rule produces. */
  category: string;
}

export const createRule = ESLintUtils.RuleCreator<SecretGuardrailsDocs>((name) => docsUrl(name));
