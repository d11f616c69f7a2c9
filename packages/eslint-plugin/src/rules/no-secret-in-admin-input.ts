import { ADMIN_INPUT_MESSAGES, type AdminInputMessageId } from "@secret-guardrails/analysis";
import { createRule } from "../utils/create-rule.js";
import { reportCategory } from "../utils/engine.js";

export type Options = [];

export type MessageIds = AdminInputMessageId;

export default createRule<Options, MessageIds>({
  name: "no-secret-in-admin-input",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow admin endpoint input schemas that accept a runtime secret the handler then writes into the settings table",
      recommended: true,
      requiresTypeChecking: false,
      category: "secret-in-admin-input",
    },
    messages: { ...ADMIN_INPUT_MESSAGES },
    schema: [],
    defaultOptions: [],
  },
  create(context) {
    return {
      "Program:exit"() {
        reportCategory(context, "secret-in-admin-input");
      },
    };
  },
});
