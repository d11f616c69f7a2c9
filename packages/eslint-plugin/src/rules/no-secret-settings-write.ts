import { SUGGESTION_MESSAGES, WRITE_MESSAGES, type WriteMessageId } from "@secret-guardrails/analysis";
import { createRule } from "../utils/create-rule.js";
import { FILE_NOT_ANALYSED, reportCategory } from "../utils/engine.js";

export type Options = [
  {
    /** Report request input whose validated shape can hold a registered secret. */
    checkRequestInput?: boolean;
    /** Report raw SQL that sets a secret column of a settings table. */
    checkRawSql?: boolean;
  },
];

export type MessageIds = WriteMessageId | "removeSecretProperty" | "fileNotAnalysed";

const SQL_MESSAGES: ReadonlySet<string> = new Set(["secretSqlWrite", "unprovableSqlColumn"] satisfies WriteMessageId[]);

export default createRule<Options, MessageIds>({
  name: "no-secret-settings-write",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow writing runtime secrets into the settings table",
      recommended: true,
      requiresTypeChecking: false,
      category: "secret-settings-write",
    },
    hasSuggestions: true,
    messages: {
      ...WRITE_MESSAGES,
      removeSecretProperty: SUGGESTION_MESSAGES.removeSecretProperty,
      fileNotAnalysed: FILE_NOT_ANALYSED,
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkRequestInput: {
            type: "boolean",
            description:
              "Report request input (spreads, `data: input`, `Object.assign`) whose validated shape can hold a registered secret.",
          },
          checkRawSql: {
            type: "boolean",
            description: "Report raw SQL (`$executeRaw`, `Prisma.sql`, `sql` tags) that sets a secret column of a settings table.",
          },
        },
      },
    ],
    defaultOptions: [{ checkRequestInput: true, checkRawSql: true }],
  },
  create(context, [options]) {
    return {
      "Program:exit"() {
        reportCategory(context, "secret-settings-write", (finding) => {
          if (options.checkRequestInput === false && finding.messageId === "unfilteredInput") return false;
          if (options.checkRawSql === false && SQL_MESSAGES.has(finding.messageId)) return false;
          return true;
        });
      },
    };
  },
});
