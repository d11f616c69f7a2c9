import { toEnvVarName } from "@secret-guardrails/core";
import { defineCheck } from "../check.js";

export type MessageIds = "unregisteredField";

export default defineCheck<MessageIds>({
  id: "unregistered-secret-field",
  meta: {
    description: "Require every secret-looking field of a settings model to be in the secret registry",
    category: "unregistered-secret-field",
    defaultSeverity: "error",
    messages: {
      unregisteredField:
        "`{{model}}.{{field}}` looks like a runtime secret but is not in the secret registry, so no guardrail protects it. Register it in guardrails.config.json (\"secrets\": { \"{{field}}\": { \"env\": \"{{envVar}}\" } }) and provision it from the environment, or rename the field if it holds no secret.",
    },
  },
  run(context, report) {
    // Only an explicit registry can miss a field: a discovered one registers every candidate.
    if (context.registry.source !== "config") return;
    for (const field of context.registry.unregisteredFields) {
      report.atLocation(
        { file: field.file, line: field.line, column: field.column, endLine: field.line, endColumn: field.endColumn },
        {
          messageId: "unregisteredField",
          data: { model: field.model, field: field.field, envVar: toEnvVarName(field.field) },
        },
      );
    }
  },
});
