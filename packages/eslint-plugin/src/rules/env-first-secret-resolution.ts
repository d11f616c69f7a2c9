import { DECISION_MESSAGES, SUGGESTION_MESSAGES, type DecisionMessageId } from "@secret-guardrails/analysis";
import { createRule } from "../utils/create-rule.js";
import { reportCategory } from "../utils/engine.js";

export type Options = [
  {
    /** Report a settings-row secret handed to a consumer with no environment read at all. */
    checkDbOnlyUse?: boolean;
  },
];

export type MessageIds = DecisionMessageId | "suggestEnvFirst";

export default createRule<Options, MessageIds>({
  name: "env-first-secret-resolution",
  meta: {
    type: "problem",
    docs: {
      description: "Require runtime secrets to be resolved from the environment before any legacy settings-row value",
      recommended: true,
      requiresTypeChecking: false,
      category: "db-before-env",
    },
    hasSuggestions: true,
    messages: { ...DECISION_MESSAGES, suggestEnvFirst: SUGGESTION_MESSAGES.suggestEnvFirst },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkDbOnlyUse: {
            type: "boolean",
            description:
              "Also report a settings-row secret passed to a call or `new` (directly, via `?? fallback`, or inside an object argument) when its environment variable is not read in that function or at the module's top level.",
          },
        },
      },
    ],
    defaultOptions: [{ checkDbOnlyUse: true }],
  },
  create(context, [options]) {
    return {
      "Program:exit"() {
        reportCategory(context, "db-before-env", (finding) => options.checkDbOnlyUse !== false || finding.messageId !== "dbOnlySecret");
      },
    };
  },
});
