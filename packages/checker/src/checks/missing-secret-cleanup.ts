import { cleanupGap } from "../cleanup.js";
import { defineCheck } from "../check.js";

export type MessageIds = "secretNotCleared" | "noCleanup";

/**
 * ADR 0001 requires a dedicated cleanup action that removes legacy secret values from the settings
 * model. A cleanup write sets registered secrets to `null` (a Prisma write, through helpers, or raw
 * SQL `SET "x" = NULL`). Every registered secret must be cleared by some cleanup write.
 */
export default defineCheck<MessageIds>({
  id: "missing-secret-cleanup",
  meta: {
    description: "Require a cleanup action that clears every registered secret from the settings model",
    category: "missing-secret-cleanup",
    defaultSeverity: "error",
    messages: {
      secretNotCleared:
        "No cleanup write clears '{{secret}}': legacy values of it stay in the settings table '{{model}}'. Set it to null here too once {{envVars}} is provisioned.",
      noCleanup:
        "Nothing clears the legacy secrets ({{secrets}}) from the settings table '{{model}}'. Add a cleanup action that sets them to null once their environment variables are provisioned.",
    },
  },
  run(context, report) {
    const { registry } = context;
    const gap = cleanupGap(registry, context.flow);
    if (gap?.kind === "no-cleanup") {
      const { schemaModel } = gap;
      report.atLocation(
        { file: schemaModel.file, line: schemaModel.line, column: schemaModel.column },
        {
          messageId: "noCleanup",
          data: { secrets: registry.secrets.map((secret) => `'${secret.field}'`).join(", "), model: schemaModel.name },
        },
      );
    } else if (gap?.kind === "not-cleared") {
      const model = registry.settingsModels[0]?.name ?? "settings";
      for (const secret of gap.secrets) {
        report.atCompilerNode(gap.anchor, {
          messageId: "secretNotCleared",
          data: { secret: secret.field, model, envVars: secret.envVars.join(" or ") },
          secret: secret.field,
        });
      }
    }
  },
});
