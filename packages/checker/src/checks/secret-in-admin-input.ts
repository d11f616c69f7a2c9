import type { Node } from "ts-morph";
import { defineCheck, type CheckContext } from "../check.js";
import { adminEndpointsIn, type AdminEndpoint } from "../analysis/admin-endpoints.js";
import type { Origin } from "../analysis/object-flow.js";
import { analyzeSettingsWrites } from "../analysis/settings-writes.js";

export type MessageIds = "secretInAdminInput";

/**
 * An admin endpoint's validated input accepts a registered secret and the handler writes it into
 * the settings model (directly, spread, whole, or through a helper). Inputs that accept a legacy
 * secret key but drop it before writing (destructured away, never written) are fine: ADR 0001 says
 * admin settings updates ignore incoming secret payloads.
 */
export default defineCheck<MessageIds>({
  id: "secret-in-admin-input",
  meta: {
    description: "Disallow admin update inputs that accept a runtime secret and write it into the settings model",
    category: "secret-in-admin-input",
    defaultSeverity: "error",
    messages: {
      secretInAdminInput:
        "The input of the admin endpoint {{endpoint}} accepts {{key}} and the handler writes it into the {{model}} settings table. Admin settings updates must ignore incoming secret payloads ({{envVars}} is the source): remove the key from the schema, or destructure it away before writing.",
    },
  },
  run(context, report) {
    const { writes } = analyzeSettingsWrites(context);
    const reported = new Set<Node>();
    for (const write of writes) {
      if (write.kind === "unknown") continue;
      for (const origin of write.origins) {
        // The origins of a write are the schema keys its secret values came from; a key may be renamed
        // on the way (`smtpPassword: input.password`).
        const named = context.registry.secret(origin.key);
        const secret = named && write.secrets.includes(named) ? named : write.secrets.length === 1 ? write.secrets[0] : undefined;
        if (!secret) continue;
        const endpoint = adminEndpointOf(origin, context);
        if (!endpoint) continue;
        const node = origin.property.getSourceFile() === origin.schemaUse.getSourceFile() ? origin.property : origin.schemaUse;
        if (reported.has(node)) continue;
        reported.add(node);
        report.atNode(node, {
          messageId: "secretInAdminInput",
          data: {
            endpoint: `'${endpoint.name}'`,
            key: origin.key === secret.field ? `'${secret.field}'` : `'${origin.key}' (written as '${secret.field}')`,
            model: write.model,
            envVars: secret.envVars.join(" or "),
          },
          secret: secret.field,
        });
      }
    }
  },
});

/** The admin endpoint whose handler received the validated input, if the origin is one. */
function adminEndpointOf(origin: Origin, context: CheckContext): AdminEndpoint | undefined {
  const sourceFile = origin.schemaUse.getSourceFile();
  const endpoints = adminEndpointsIn(sourceFile, context.relativePath(sourceFile), context.registry);
  return endpoints.find(
    (endpoint) =>
      endpoint.handler === origin.handler ||
      (endpoint.kind !== "trpc" && origin.schemaUse.getAncestors().includes(endpoint.handler)),
  );
}
