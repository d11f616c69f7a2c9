import { describe, expect, it } from "vitest";
import { sortFindings, type GuardrailsConfig } from "@secret-guardrails/core";
import { applyCheck } from "../check.js";
import { createTestContext } from "../testing/create-test-context.js";
import { expectedFinding, locate } from "../testing/locate.js";
import check from "./missing-secret-cleanup.js";

const CONFIG: GuardrailsConfig = {
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    openAiApiKey: { env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] },
    webhookSecret: { env: "WEBHOOK_SECRET" },
  },
};
const ENV: Record<string, string> = {
  smtpPassword: "SMTP_PASSWORD",
  openAiApiKey: "OPENAI_API_KEY or AZURE_OPENAI_API_KEY",
  webhookSecret: "WEBHOOK_SECRET",
};

const SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

model SystemSettings {
  id            String  @id
  smtpHost      String?
  smtpPassword  String? @map("smtp_password")
  openAiApiKey  String?
  webhookSecret String?
  @@map("system_settings")
}
`;

type Files = Record<string, string>;

function run(files: Files, config: GuardrailsConfig = CONFIG) {
  return sortFindings(applyCheck(check, createTestContext(files, config, { noLib: true })));
}

function notCleared(files: Files, file: string, snippet: string, secret: string) {
  return expectedFinding(
    check,
    locate(files, file, snippet),
    "secretNotCleared",
    { secret, model: "SystemSettings", envVars: ENV[secret]! },
    { secret },
  );
}

describe("missing-secret-cleanup", () => {
  it("reports one finding at the settings model when nothing clears the secrets", () => {
    const files: Files = {
      "prisma/schema.prisma": SCHEMA,
      "src/a.ts": `export const f = (db: any) => db.systemSettings.update({ data: { smtpHost: null } });`,
    };
    const at = locate(files, "prisma/schema.prisma", "model SystemSettings");
    expect(run(files)).toEqual([
      expectedFinding(
        check,
        { file: at.file, line: at.line, column: at.column, endLine: at.line, endColumn: at.column },
        "noCleanup",
        { secrets: "'smtpPassword', 'openAiApiKey', 'webhookSecret'", model: "SystemSettings" },
      ),
    ]);
  });

  it("reports each secret no cleanup clears, at the data object of the cleanup that clears the most", () => {
    const files: Files = {
      "prisma/schema.prisma": SCHEMA,
      "src/cleanup.ts": `export async function clearLegacySecrets(db: any) {
  await db.systemSettings.update({ where: { id: 1 }, data: { smtpHost: "kept", smtpPassword: null } });
  await db.systemSettings.update({
    where: { id: 1 },
    data: { smtpPassword: null, openAiApiKey: null },
  });
}
`,
    };
    expect(run(files)).toEqual([
      notCleared(files, "src/cleanup.ts", "{ smtpPassword: null, openAiApiKey: null }", "webhookSecret"),
    ]);
  });

  it("counts clears through helpers, raw SQL and Object.fromEntries over a constant key list", () => {
    const files: Files = {
      "prisma/schema.prisma": SCHEMA,
      "src/store.ts": `export const update = (db: any, data: object) => db.systemSettings.update({ where: { id: 1 }, data });`,
      "src/keys.ts": `export const LEGACY_KEYS = ["openAiApiKey"] as const;`,
      "src/cleanup.ts": `import { update } from "./store";
import { LEGACY_KEYS } from "./keys";
export async function clearAll(db: any) {
  await update(db, { smtpPassword: null });
  await db.$executeRaw\`UPDATE system_settings SET "webhookSecret" = NULL\`;
  await db.systemSettings.updateMany({ data: Object.fromEntries(LEGACY_KEYS.map((key) => [key, null])) });
}
`,
    };
    expect(run(files)).toEqual([]);
  });

  it("does not count undefined (Prisma leaves the column as it is) as clearing", () => {
    const files: Files = {
      "prisma/schema.prisma": SCHEMA,
      "src/cleanup.ts": `export const clear = (db: any) =>
  db.systemSettings.update({ data: { smtpPassword: null, openAiApiKey: null, webhookSecret: undefined } });
`,
    };
    expect(run(files)).toEqual([
      notCleared(files, "src/cleanup.ts", "{ smtpPassword: null, openAiApiKey: null, webhookSecret: undefined }", "webhookSecret"),
    ]);
  });

  it("stays silent when a cleanup nulls keys it does not name, or when no secret is registered", () => {
    const files: Files = {
      "prisma/schema.prisma": SCHEMA,
      "src/cleanup.ts": `export async function clear(db: any, keys: string[]) {
  const data: Record<string, null> = {};
  for (const key of keys) data[key] = null;
  await db.systemSettings.update({ data });
}
`,
    };
    expect(run(files)).toEqual([]);
    expect(run({ "prisma/schema.prisma": SCHEMA }, { secrets: {} })).toEqual([]);
  });
});
