import { RESPONSE_MESSAGES, SUGGESTION_MESSAGES, type ResponseMessageId } from "@secret-guardrails/analysis";
import { createRule } from "../utils/create-rule.js";
import { reportCategory } from "../utils/engine.js";

export type Options = [];

export type MessageIds = ResponseMessageId | "suggestPresenceFlag";

export default createRule<Options, MessageIds>({
  name: "no-raw-secret-in-admin-response",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow admin endpoints that return a runtime secret's value instead of its presence and source",
      recommended: true,
      requiresTypeChecking: false,
      category: "raw-secret-response",
    },
    hasSuggestions: true,
    messages: { ...RESPONSE_MESSAGES, suggestPresenceFlag: SUGGESTION_MESSAGES.suggestPresenceFlag },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return {
      "Program:exit"() {
        reportCategory(context, "raw-secret-response");
      },
    };
  },
});
