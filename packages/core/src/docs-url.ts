export const REPOSITORY_URL = "https://github.com/secret-guardrails/secret-guardrails";

/** Where the documentation page of a rule or check lives (`docs/rules/<id>.md`). */
export function docsUrl(id: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${id}.md`;
}

/** The rule id prefix shared by ESLint rules and checker checks. */
const RULE_PREFIX = "secret-guardrails";

export function qualifiedRuleId(id: string): string {
  return `${RULE_PREFIX}/${id}`;
}
