/** The finding categories of the report contract (`report-contract.md`), each tied to a rule of ADR 0001. */
export const CATEGORIES = [
  "secret-settings-write",
  "db-before-env",
  "raw-secret-response",
  "secret-in-admin-input",
  "missing-secret-cleanup",
  "missing-env-guidance",
  "unregistered-secret-field",
  "analysis-error",
] as const;

export type Category = (typeof CATEGORIES)[number];

export type Severity = "error" | "warning";

export interface CategoryInfo {
  /** One line: what a finding of this category means. */
  readonly description: string;
  /** The implementation rule of ADR 0001 that the category enforces. */
  readonly adrRule: string;
  /**
   * The ESLint rule that reports it, when one does: its findings carry this rule's id whichever
   * driver of the value-flow engine (the ESLint plugin or the checker) found them.
   */
  readonly rule?: string;
}

export const CATEGORY_INFO: Readonly<Record<Category, CategoryInfo>> = {
  "secret-settings-write": {
    rule: "no-secret-settings-write",
    description: "a secret value is written into a settings model",
    adrRule: "3. admin settings updates ignore incoming secret payloads",
  },
  "db-before-env": {
    rule: "env-first-secret-resolution",
    description: "a secret is resolved from the database before, or instead of, its environment variable",
    adrRule: "1. runtime consumers resolve supported secret values from environment first",
  },
  "raw-secret-response": {
    rule: "no-raw-secret-in-admin-response",
    description: "an admin endpoint returns a secret's value instead of presence/source status",
    adrRule: "2. admin settings reads expose presence and source status, not secret values",
  },
  "secret-in-admin-input": {
    rule: "no-secret-in-admin-input",
    description: "an admin update's input schema accepts a secret field and the handler does not drop it",
    adrRule: "3. admin settings updates ignore incoming secret payloads",
  },
  "missing-secret-cleanup": {
    description: "no cleanup action clears every registered secret field of the settings model",
    adrRule: "5. a dedicated cleanup action removes legacy database-stored secret values",
  },
  "missing-env-guidance": {
    description: "the admin settings UI does not name the expected environment variable of a registered secret",
    adrRule: "4. the UI explains the expected environment variables for each runtime secret",
  },
  "unregistered-secret-field": {
    description: "a settings model has a secret-looking field that the registry does not cover",
    adrRule: "Decision: operational runtime secrets must be provisioned outside the application database",
  },
  "analysis-error": {
    description: "a file or config could not be analysed (fail closed)",
    adrRule: "(tooling) every file in scope is analysed or reported",
  },
};

/** The rule id (without prefix) a finding of the category carries: its ESLint rule's, else `check`. */
export function ruleNameOf(category: Category, check: string): string {
  return CATEGORY_INFO[category].rule ?? check;
}

export function isCategory(value: unknown): value is Category {
  return typeof value === "string" && (CATEGORIES as readonly string[]).includes(value);
}
