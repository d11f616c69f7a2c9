import { describe, expect, it } from "vitest";
import { sortFindings, type GuardrailsConfig } from "@secret-guardrails/core";
import { applyCheck } from "../check.js";
import { ANALYSIS_COMPILER_OPTIONS } from "../load-project.js";
import { createTestContext } from "../testing/create-test-context.js";
import dbBeforeEnv from "./db-before-env.js";

const config: GuardrailsConfig = {
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    geminiApiKey: { env: "GEMINI_API_KEY" },
    anonymizationSeed: { env: "ANONYMIZATION_SEED" },
  },
};

/** A settings row loaded in `src/lib/settings.ts`, shared by most cases. */
const STORE = `
import { db } from "./db";
export async function loadSettings() {
  return db.systemSettings.findUniqueOrThrow({ where: { id: "singleton" } });
}
`;

/** The analysis project's small lib keeps each in-memory project quick to bind. */
const context = (files: Record<string, string>) =>
  createTestContext({ "src/lib/settings.ts": STORE, ...files }, config, { lib: ANALYSIS_COMPILER_OPTIONS.lib, types: [] });

function run(files: Record<string, string>) {
  return sortFindings(applyCheck(dbBeforeEnv, context(files))).map(
    (finding) => ({
      file: finding.file,
      line: finding.line,
      column: finding.column,
      endLine: finding.endLine,
      endColumn: finding.endColumn,
      secret: finding.secret,
    }),
  );
}

const at = (file: string, line: number, column: number, endColumn: number, secret: string, endLine = line) => ({
  file,
  line,
  column,
  endLine,
  endColumn,
  secret,
});

describe("db-before-env: valid", () => {
  it.each([
    ["environment first with ??", `const a = process.env.SMTP_PASSWORD ?? settings.smtpPassword;`],
    ["environment first with ||", `const a = process.env.GEMINI_API_KEY || settings?.geminiApiKey || undefined;`],
    ["non-secret field DB-first", `const host = settings.smtpHost ?? process.env.SMTP_HOST;`],
    ["presence with Boolean()", `const has = Boolean(settings.smtpPassword || process.env.SMTP_PASSWORD);`],
    ["presence with !!", `const has = !!(settings.smtpPassword ?? process.env.SMTP_PASSWORD);`],
    ["presence in a condition", `if (settings.smtpPassword || process.env.SMTP_PASSWORD) console.log("configured");`],
    ["comparison", `const stored = (settings.smtpPassword ?? process.env.SMTP_PASSWORD) !== null;`],
    ["&& test", `const ok = settings.smtpPassword && process.env.SMTP_PASSWORD;`],
    ["request input first", `const input = { smtpPassword: "" }; const a = input.smtpPassword ?? process.env.SMTP_PASSWORD;`],
    ["ternary testing the environment", `const k = process.env.GEMINI_API_KEY ? process.env.GEMINI_API_KEY : settings.geminiApiKey;`],
    ["logging the residue", `console.log(settings.smtpPassword);`],
    ["presence passed on", `report(Boolean(settings.smtpPassword));`],
    ["an env value that overrides a spread row", `report({ ...settings, smtpPassword: process.env.SMTP_PASSWORD });`],
    ["a migration script writing the legacy value to a file", `await writeFile(".env.migrated", \`SMTP_PASSWORD=\${settings.smtpPassword}\\n\`);`],
    ["predicates and maskers", `report(maskSecret(settings.smtpPassword)); report(isStrong(settings.geminiApiKey));`],
    ["Prisma write (another check)", `await db.systemSettings.update({ where: { id: "x" }, data: { smtpPassword: settings.smtpPassword } });`],
  ])("%s", (_name, body) => {
    const source = `
import { db } from "./lib/db";
import { loadSettings } from "./lib/settings";
declare function report(value: unknown): void;
declare function maskSecret(value: unknown): string;
declare function isStrong(value: unknown): boolean;
declare function writeFile(path: string, text: string): Promise<void>;
export async function main() {
  const settings = await loadSettings();
  ${body}
}
`;
    expect(run({ "src/main.ts": source })).toEqual([]);
  });

  it("accepts an environment guard before the legacy fallback", () => {
    const source = `
import type { SystemSettings } from "@prisma/client";
export function geminiKey(settings: SystemSettings): string | undefined {
  if (process.env.GEMINI_API_KEY) return process.env.GEMINI_API_KEY;
  if (settings.geminiApiKey) return settings.geminiApiKey;
  return undefined;
}
`;
    expect(run({ "src/key.ts": source })).toEqual([]);
  });

  it("accepts a fallback assignment that only fills a missing env value", () => {
    const source = `
import type { SystemSettings } from "@prisma/client";
export function password(settings: SystemSettings) {
  let value = process.env.SMTP_PASSWORD;
  if (!value && settings.smtpPassword) value = settings.smtpPassword;
  return value;
}
`;
    expect(run({ "src/password.ts": source })).toEqual([]);
  });

  it("accepts consumers of env-first helpers in other files", () => {
    const helper = `
import type { SystemSettings } from "@prisma/client";
export function getSmtpPassword(legacy: Pick<SystemSettings, "smtpPassword"> | null) {
  return process.env.SMTP_PASSWORD ?? legacy?.smtpPassword ?? undefined;
}
`;
    const mailer = `
import { createTransport } from "nodemailer";
import { loadSettings } from "./lib/settings";
import { getSmtpPassword } from "./lib/secrets";
export async function transport() {
  const settings = await loadSettings();
  const password = getSmtpPassword(settings);
  return createTransport({ host: settings.smtpHost, auth: { user: settings.smtpUser, pass: password } });
}
`;
    expect(run({ "src/lib/secrets.ts": helper, "src/mailer.ts": mailer })).toEqual([]);
  });

  it("accepts a row's secret consumed where the env var is read first", () => {
    const source = `
import { connect } from "smtp";
import { loadSettings } from "./lib/settings";
export async function main() {
  const settings = await loadSettings();
  const fromEnv = process.env.SMTP_PASSWORD;
  if (!fromEnv) return connect({ password: settings.smtpPassword });
  return connect({ password: fromEnv });
}
`;
    expect(run({ "src/main.ts": source })).toEqual([]);
  });

  it("does not treat objects of unknown origin or built from env as settings rows when consumed", () => {
    const source = `
import { connect } from "smtp";
export function viaOptions(options: { smtpPassword?: string }) {
  return connect(options.smtpPassword);
}
export function viaLiteral() {
  const config = { smtpPassword: process.env.SMTP_PASSWORD };
  return connect(config.smtpPassword);
}
`;
    expect(run({ "src/main.ts": source })).toEqual([]);
  });

  it("accepts an env default for a destructured options parameter", () => {
    const source = `
import { connect } from "smtp";
export function open({ smtpPassword = process.env.SMTP_PASSWORD }: { smtpPassword?: string } = {}) {
  return connect({ password: smtpPassword });
}
`;
    expect(run({ "src/open.ts": source })).toEqual([]);
  });

  it("accepts a getter that reads the environment first, and its consumers", () => {
    const source = `
import type { SystemSettings } from "@prisma/client";
import { connect } from "smtp";
export class MailConfig {
  constructor(private readonly row: SystemSettings) {}
  get smtpPassword() {
    return process.env.SMTP_PASSWORD ?? this.row.smtpPassword;
  }
}
export function open(row: SystemSettings) {
  const config = new MailConfig(row);
  return connect({ password: config.smtpPassword });
}
`;
    expect(run({ "src/config.ts": source })).toEqual([]);
  });
});

describe("db-before-env: invalid, in one file", () => {
  const wrap = (body: string) => `
import { loadSettings } from "./lib/settings";
import { env } from "./env";
export async function main() {
  const settings = await loadSettings();
${body}
}
`;

  it("reports the DB read of `row.x ?? process.env.X`", () => {
    expect(run({ "src/main.ts": wrap(`  return settings.smtpPassword ?? process.env.SMTP_PASSWORD;`) })).toEqual([
      at("src/main.ts", 6, 10, 31, "smtpPassword"),
    ]);
  });

  it("reports `row?.x || env.X` with an imported env object, and a longer chain once", () => {
    const body = `  const a = settings?.geminiApiKey || env.GEMINI_API_KEY;
  const b = settings.smtpPassword ?? process.env.SMTP_PASSWORD ?? "";
  return [a, b];`;
    expect(run({ "src/main.ts": wrap(body) })).toEqual([
      at("src/main.ts", 6, 13, 35, "geminiApiKey"),
      at("src/main.ts", 7, 13, 34, "smtpPassword"),
    ]);
  });

  it("reports the consequent of a ternary that tests the DB value", () => {
    const body = `  return settings.geminiApiKey ? settings.geminiApiKey : process.env.GEMINI_API_KEY;`;
    expect(run({ "src/main.ts": wrap(body) })).toEqual([at("src/main.ts", 6, 34, 55, "geminiApiKey")]);
  });

  it("reports the DB read that wins inside `if (row.x) return row.x`", () => {
    const body = `  if (settings.geminiApiKey) {
    return settings.geminiApiKey;
  }
  return process.env.GEMINI_API_KEY;`;
    expect(run({ "src/main.ts": wrap(body) })).toEqual([at("src/main.ts", 7, 12, 33, "geminiApiKey")]);
  });

  it("reports an override of an env-initialised variable", () => {
    const body = `  let password = process.env.SMTP_PASSWORD;
  if (settings?.smtpPassword) {
    password = settings.smtpPassword;
  }
  return password;`;
    expect(run({ "src/main.ts": wrap(body) })).toEqual([at("src/main.ts", 8, 16, 37, "smtpPassword")]);
  });

  it("reports a destructuring default at the binding", () => {
    const body = `  const { geminiApiKey = process.env.GEMINI_API_KEY, geminiModel } = settings;
  return [geminiApiKey, geminiModel];`;
    expect(run({ "src/main.ts": wrap(body) })).toEqual([at("src/main.ts", 6, 11, 52, "geminiApiKey")]);
  });

  it("reports an env default of a destructured parameter typed as a settings row", () => {
    const source = `
import type { SystemSettings } from "@prisma/client";
export function password({ smtpPassword = process.env.SMTP_PASSWORD }: Pick<SystemSettings, "smtpPassword">) {
  return smtpPassword;
}
`;
    expect(run({ "src/password.ts": source })).toEqual([at("src/password.ts", 3, 28, 68, "smtpPassword")]);
  });

  it("reports a DB value only completed by the environment (`if (!v) v = env`, `v ??= env`)", () => {
    const body = `  let password = settings.smtpPassword;
  if (!password) password = process.env.SMTP_PASSWORD;
  let key = settings.geminiApiKey;
  key ??= process.env.GEMINI_API_KEY;
  return [password, key];`;
    expect(run({ "src/main.ts": wrap(body) })).toEqual([
      at("src/main.ts", 6, 18, 39, "smtpPassword"),
      at("src/main.ts", 8, 13, 34, "geminiApiKey"),
    ]);
  });

  it("reports `if (!row.x) return env; return row.x`", () => {
    const body = `  if (!settings.smtpPassword) return process.env.SMTP_PASSWORD;
  return settings.smtpPassword;`;
    expect(run({ "src/main.ts": wrap(body) })).toEqual([at("src/main.ts", 7, 10, 31, "smtpPassword")]);
  });

  it("reports a DB read before an env value that comes through a variable or helper", () => {
    const body = `  const fromEnv = process.env.SMTP_PASSWORD;
  const a = settings.smtpPassword ?? fromEnv;
  const b = settings.geminiApiKey ?? readGemini();
  return [a, b];`;
    const source = `${wrap(body)}
function readGemini() {
  return process.env.GEMINI_API_KEY?.trim();
}
`;
    expect(run({ "src/main.ts": source })).toEqual([
      at("src/main.ts", 7, 13, 34, "smtpPassword"),
      at("src/main.ts", 8, 13, 34, "geminiApiKey"),
    ]);
  });

  it("reports a row spread over env defaults, and a transformed DB value before the env", () => {
    const body = `  const mail = { host: process.env.SMTP_HOST, smtpPassword: process.env.SMTP_PASSWORD, ...settings };
  const key = decrypt(settings.geminiApiKey) ?? process.env.GEMINI_API_KEY;
  return [mail, key];`;
    const source = `${wrap(body)}
declare function decrypt(value: string | null): string | undefined;
`;
    expect(run({ "src/main.ts": source })).toEqual([
      at("src/main.ts", 6, 88, 99, "smtpPassword"),
      at("src/main.ts", 7, 23, 44, "geminiApiKey"),
    ]);
  });

  it("reports a DB read before a value of an opaque env module named after the env var", () => {
    const source = `
import { serverEnv } from "./server-env";
import { loadSettings } from "./lib/settings";
export async function main() {
  const settings = await loadSettings();
  return settings.smtpPassword ?? serverEnv.SMTP_PASSWORD;
}
`;
    const env = `
import { createEnv } from "@t3-oss/env-core";
export const serverEnv = createEnv({ runtimeEnv: process.env });
`;
    expect(run({ "src/main.ts": source, "src/server-env.ts": env })).toEqual([at("src/main.ts", 6, 10, 31, "smtpPassword")]);
  });

  it("reports a row's secret used by a consumer with no env read (nested, through `?? \"\"`)", () => {
    const source = `
import { createHmac } from "node:crypto";
import type { SystemSettings } from "@prisma/client";
import { GeminiClient } from "gemini";
export function hashIdentifier(value: string, settings: Pick<SystemSettings, "anonymizationSeed">) {
  return createHmac("sha256", settings.anonymizationSeed ?? "").update(value).digest("hex");
}
export function client(settings: SystemSettings) {
  return new GeminiClient({ auth: { apiKey: settings.geminiApiKey } });
}
`;
    expect(run({ "src/anon.ts": source })).toEqual([
      at("src/anon.ts", 6, 31, 57, "anonymizationSeed"),
      at("src/anon.ts", 9, 45, 66, "geminiApiKey"),
    ]);
  });
});

describe("db-before-env: invalid, across files", () => {
  it("reports inside the helper that returns the DB value first, not at its callers", () => {
    const helper = `
import type { SystemSettings } from "@prisma/client";
export type AiSettings = Pick<SystemSettings, "geminiApiKey" | "geminiModel">;
export function geminiKey(settings: AiSettings): string | undefined {
  if (settings.geminiApiKey) {
    return settings.geminiApiKey;
  }
  return process.env.GEMINI_API_KEY;
}
`;
    const factory = `
import { GeminiClient } from "gemini";
import { geminiKey, type AiSettings } from "./lib/ai-key";
export function createClient(settings: AiSettings) {
  const apiKey = geminiKey(settings);
  return new GeminiClient({ apiKey, model: settings.geminiModel });
}
`;
    const router = `
import { loadSettings } from "./lib/settings";
import { createClient } from "./factory";
export async function chat() {
  return createClient(await loadSettings());
}
`;
    expect(run({ "src/lib/ai-key.ts": helper, "src/factory.ts": factory, "src/router.ts": router })).toEqual([
      at("src/lib/ai-key.ts", 6, 12, 33, "geminiApiKey"),
    ]);
  });

  it("reports a DB-only helper at its read when a consumer in another file uses its value", () => {
    const helper = `
import { loadSettings } from "./settings";
export async function slackToken() {
  const settings = await loadSettings();
  return settings?.smtpPassword;
}
`;
    const consumer = `
import { slackToken } from "./lib/token";
export async function notify(text: string) {
  const token = await slackToken();
  return fetch("https://example.invalid", { headers: { authorization: \`Bearer \${token}\` }, body: text });
}
`;
    const findings = applyCheck(dbBeforeEnv, context({ "src/lib/token.ts": helper, "src/notify.ts": consumer }));
    expect(findings).toEqual([
      expect.objectContaining({
        file: "src/lib/token.ts",
        line: 5,
        column: 10,
        secret: "smtpPassword",
        message:
          "'smtpPassword' is used straight from the database; its environment variable SMTP_PASSWORD is never read. Resolve it from the environment first: `process.env.SMTP_PASSWORD ?? <db value>`.",
        related: [{ file: "src/notify.ts", line: 5, column: 71, message: "the value is used here" }],
      }),
    ]);
  });

  it("reports inside a config class getter that prefers the row", () => {
    const source = `
import type { SystemSettings } from "@prisma/client";
export class MailConfig {
  private readonly row: SystemSettings;
  constructor(row: SystemSettings) {
    this.row = row;
  }
  get smtpPassword() {
    return this.row.smtpPassword ?? process.env.SMTP_PASSWORD;
  }
}
`;
    const consumer = `
import { connect } from "smtp";
import { MailConfig } from "./config";
import { loadSettings } from "./lib/settings";
export async function open() {
  const config = new MailConfig(await loadSettings());
  return connect({ password: config.smtpPassword });
}
`;
    expect(run({ "src/config.ts": source, "src/open.ts": consumer })).toEqual([at("src/config.ts", 9, 12, 33, "smtpPassword")]);
  });

  it("reports a DB-only getter at its read when consumed", () => {
    const source = `
import type { SystemSettings } from "@prisma/client";
import { connect } from "smtp";
export class MailConfig {
  constructor(private readonly row: SystemSettings) {}
  get password() {
    return this.row.smtpPassword;
  }
}
export function open(config: MailConfig) {
  return connect({ password: config.password });
}
`;
    expect(run({ "src/config.ts": source })).toEqual([at("src/config.ts", 7, 12, 33, "smtpPassword")]);
  });

  it("names the message's env vars and secret", () => {
    const source = `
import { loadSettings } from "./lib/settings";
export async function main() {
  const settings = await loadSettings();
  return settings.smtpPassword || process.env.SMTP_PASSWORD;
}
`;
    const [finding] = applyCheck(dbBeforeEnv, context({ "src/main.ts": source }));
    expect(finding).toMatchObject({
      ruleId: "secret-guardrails/env-first-secret-resolution",
      category: "db-before-env",
      engine: "checker",
      severity: "error",
      message:
        "The legacy database value of 'smtpPassword' wins over SMTP_PASSWORD. Read the environment first and fall back to the database: `process.env.SMTP_PASSWORD ?? <db value>`.",
    });
  });
});
