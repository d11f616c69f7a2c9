import type { Node } from "ts-morph";
import type { RelatedLocation, SecretEntry } from "@secret-guardrails/core";
import { defineCheck, type CheckContext } from "../check.js";
import { analyzeSettingsWrites, type SecretWrite } from "../analysis/settings-writes.js";
import { nameOfCode } from "../code-name.js";

export type MessageIds = "secretWrite" | "secretWriteThroughHelper" | "unprovableKeys" | "secretSqlWrite";

/**
 * A secret written into a settings model, followed across files: through shared helpers and
 * repository methods (reported at the call site), barrels, `$transaction`, delegate aliases,
 * spreads of validated input, computed keys, and raw SQL.
 */
export default defineCheck<MessageIds>({
  id: "secret-settings-write",
  meta: {
    description: "Disallow writing runtime secrets into the settings model, also through helpers in other modules",
    category: "secret-settings-write",
    defaultSeverity: "error",
    messages: {
      secretWrite:
        "{{secrets}} is written into the {{model}} settings table. Runtime secrets come from the environment ({{envVars}}); drop it from this write (setting it to null to clear a legacy value is allowed).",
      secretWriteThroughHelper:
        "{{secrets}} is passed to {{helper}}, which writes it into the {{model}} settings table. Runtime secrets come from the environment ({{envVars}}); do not pass it (setting it to null to clear a legacy value is allowed).",
      unprovableKeys:
        "The keys written into the {{model}} settings table here could not be proven safe ({{reason}}), so they may include runtime secrets ({{secrets}}). Write the settings fields with static keys and leave the secrets to the environment.",
      secretSqlWrite:
        "Raw SQL writes {{secrets}} into the {{model}} settings table. Runtime secrets come from the environment ({{envVars}}); drop the column from this statement (SET it to NULL to clear a legacy value is allowed).",
    },
  },
  run(context, report) {
    const { writes } = analyzeSettingsWrites(context);
    const all = context.registry.secrets;
    for (const write of writes) {
      const related = relatedOf(write, context);
      if (write.kind === "unknown") {
        report.atNode(write.node, {
          messageId: "unprovableKeys",
          data: { model: write.model, reason: write.reason ?? "unknown keys", secrets: names(all) },
          related,
        });
        continue;
      }
      const data = { secrets: names(write.secrets), model: write.model, envVars: envVars(write.secrets) };
      const secret = write.secrets.length === 1 ? write.secrets[0]!.field : undefined;
      if (write.kind === "sql") {
        report.atNode(write.node, { messageId: "secretSqlWrite", data, ...(secret ? { secret } : {}) });
      } else if (write.via.length > 0) {
        report.atNode(write.node, {
          messageId: "secretWriteThroughHelper",
          data: { ...data, helper: calleeName(write.via[0]!) },
          ...(secret ? { secret } : {}),
          related,
        });
      } else {
        report.atNode(write.node, { messageId: "secretWrite", data, ...(secret ? { secret } : {}) });
      }
    }
  },
});

function names(secrets: readonly SecretEntry[]): string {
  return secrets.map((secret) => `'${secret.field}'`).join(", ");
}

function envVars(secrets: readonly SecretEntry[]): string {
  return secrets.map((secret) => secret.envVars.join(" or ")).join(", ");
}

function calleeName(call: Node): string {
  return `'${nameOfCode((call as Node & { getExpression(): Node }).getExpression())}'`;
}

/** "written here": the settings write inside the helper, when the finding sits at a call site. */
function relatedOf(write: SecretWrite, context: CheckContext): RelatedLocation[] {
  if (write.via.length === 0) return [];
  const sourceFile = write.write.getSourceFile();
  const { line, column } = sourceFile.getLineAndColumnAtPos(write.write.getStart());
  return [{ file: context.relativePath(sourceFile), line, column, message: `the ${write.model} write` }];
}
