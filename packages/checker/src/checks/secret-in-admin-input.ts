import { ADMIN_INPUT_MESSAGES, type AdminInputMessageId } from "@secret-guardrails/analysis";
import { defineCheck } from "../check.js";

export type MessageIds = AdminInputMessageId;

/**
 * ADR 0001, rule 3: admin updates ignore incoming secret payloads. An admin endpoint whose input
 * schema accepts a secret that its handler writes into a settings store (through helpers too).
 */
export default defineCheck<MessageIds>({
  id: "secret-in-admin-input",
  meta: {
    description: "Disallow admin update inputs that accept a runtime secret and write it into the settings model",
    category: "secret-in-admin-input",
    defaultSeverity: "error",
    messages: ADMIN_INPUT_MESSAGES,
  },
  run(context, report) {
    for (const finding of context.flow.findings("secret-in-admin-input")) report.engineFinding(finding);
  },
});
