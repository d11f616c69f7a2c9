import { unguidedSecrets } from "../admin-ui.js";
import { defineCheck } from "../check.js";

export type MessageIds = "envVarNotNamed";

export default defineCheck<MessageIds>({
  id: "missing-env-guidance",
  meta: {
    description: "Require the admin settings UI to name the environment variable of every registered secret",
    category: "missing-env-guidance",
    defaultSeverity: "error",
    messages: {
      envVarNotNamed:
        "The admin settings UI shows `{{secret}}` but never names its environment variable {{envVars}}. Tell operators where the secret comes from, e.g. \"Set {{envVar}} in the deployment environment\".",
    },
  },
  run(context, report) {
    for (const { secret, element, file } of unguidedSecrets(context)) {
      const descriptor = {
        messageId: "envVarNotNamed" as const,
        secret: secret.field,
        data: {
          secret: secret.field,
          envVars: secret.envVars.map((name) => `\`${name}\``).join(" or "),
          envVar: secret.envVars[0] ?? "",
        },
      };
      if (element) report.atNode(element, descriptor);
      else report.atLocation({ file: context.relativePath(file), line: 1, column: 1 }, descriptor);
    }
  },
});
