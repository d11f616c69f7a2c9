import { DECISION_MESSAGES, type DecisionMessageId } from "@secret-guardrails/analysis";
import { defineCheck } from "../check.js";

export type MessageIds = DecisionMessageId;

/**
 * ADR 0001, rule 1: runtime consumers resolve secrets from the environment first. The database read
 * that wins over the environment variable (inside the helper that does it), and a row's secret that
 * reaches a consumer with no environment read at all. The cross-file query of the value-flow engine.
 */
export default defineCheck<MessageIds>({
  id: "db-before-env",
  meta: {
    description: "Disallow resolving a secret from the database before its environment variable",
    category: "db-before-env",
    defaultSeverity: "error",
    messages: DECISION_MESSAGES,
  },
  run(context, report) {
    for (const finding of context.flow.findings("db-before-env")) report.engineFinding(finding);
  },
});
