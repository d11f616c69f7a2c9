import { WRITE_MESSAGES, type WriteMessageId } from "@secret-guardrails/analysis";
import { defineCheck } from "../check.js";

export type MessageIds = WriteMessageId;

/**
 * ADR 0001, rule 3 (and the decision itself): a registered secret written into a settings store, by
 * a Prisma write, raw SQL, or a helper in another module (reported at the call site that passes it).
 * The value-flow engine does the work; this check is its cross-file query.
 */
export default defineCheck<MessageIds>({
  id: "secret-settings-write",
  meta: {
    description: "Disallow writing runtime secrets into the settings model, also through helpers in other modules",
    category: "secret-settings-write",
    defaultSeverity: "error",
    messages: WRITE_MESSAGES,
  },
  run(context, report) {
    for (const finding of context.flow.findings("secret-settings-write")) report.engineFinding(finding);
  },
});
