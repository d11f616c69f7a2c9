import { RESPONSE_MESSAGES, type ResponseMessageId } from "@secret-guardrails/analysis";
import { defineCheck } from "../check.js";

export type MessageIds = ResponseMessageId;

/**
 * ADR 0001, rule 2: admin reads expose presence and source, never a secret's value. What an admin
 * endpoint returns or puts in a response body, followed through helpers in other modules.
 */
export default defineCheck<MessageIds>({
  id: "raw-secret-response",
  meta: {
    description: "Disallow returning a secret's value from an admin endpoint",
    category: "raw-secret-response",
    defaultSeverity: "error",
    messages: RESPONSE_MESSAGES,
  },
  run(context, report) {
    for (const finding of context.flow.findings("raw-secret-response")) report.engineFinding(finding);
  },
});
