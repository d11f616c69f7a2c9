import type { SecretClear, TS } from "@secret-guardrails/analysis";
import type { SecretEntry } from "@secret-guardrails/core";
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
        "No cleanup write clears '{{secret}}': legacy values of it stay in the {{model}} settings table. Set it to null here too once {{envVars}} is provisioned.",
      noCleanup:
        "Nothing clears the legacy secrets ({{secrets}}) from the {{model}} settings table. Add a cleanup action that sets them to null once their environment variables are provisioned.",
    },
  },
  run(context, report) {
    const { registry } = context;
    if (registry.secrets.length === 0) return;
    const { clears, unknownClears } = context.flow;
    const model = registry.settingsModels[0]?.name ?? "settings";

    if (clears.length === 0 && unknownClears.length === 0) {
      const schemaModel = registry.settingsModels.find((candidate) => candidate.schema)?.schema;
      if (!schemaModel) return;
      report.atLocation(
        { file: schemaModel.file, line: schemaModel.line, column: schemaModel.column },
        {
          messageId: "noCleanup",
          data: { secrets: registry.secrets.map((secret) => `'${secret.field}'`).join(", "), model: schemaModel.name },
        },
      );
      return;
    }
    // A cleanup that nulls keys it does not name (`data[key] = null` over an unresolved list) may clear anything.
    if (unknownClears.length > 0) return;

    const cleared = new Set(clears.map((clear) => clear.secret));
    const missing = registry.secrets.filter((secret) => !cleared.has(secret));
    if (missing.length === 0) return;
    const anchor = mainCleanup(clears);
    for (const secret of missing) {
      report.atCompilerNode(anchor, {
        messageId: "secretNotCleared",
        data: { secret: secret.field, model, envVars: envVars(secret) },
        secret: secret.field,
      });
    }
  },
});

/** The cleanup data object that clears the most secrets (first in file order on a tie). */
function mainCleanup(clears: readonly SecretClear[]): TS.Node {
  const bySite = new Map<TS.Node, Set<SecretEntry>>();
  for (const clear of clears) {
    const set = bySite.get(clear.node) ?? new Set();
    set.add(clear.secret);
    bySite.set(clear.node, set);
  }
  const position = (node: TS.Node) => `${node.getSourceFile().fileName}\u0000${String(node.getStart()).padStart(10, "0")}`;
  return [...bySite.entries()].sort(
    ([a, left], [b, right]) => right.size - left.size || (position(a) < position(b) ? -1 : 1),
  )[0]![0];
}

function envVars(secret: SecretEntry): string {
  return secret.envVars.join(" or ");
}
