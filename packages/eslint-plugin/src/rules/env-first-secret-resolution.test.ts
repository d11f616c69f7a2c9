import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import parser from "@typescript-eslint/parser";
import type { InvalidTestCase } from "@typescript-eslint/rule-tester";
import { RuleTester } from "../testing/rule-tester.js";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import rule, { type MessageIds, type Options } from "./env-first-secret-resolution.js";

const config = {
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    openAiApiKey: { env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] },
    geminiApiKey: { env: "GEMINI_API_KEY" },
    anonymizationSeed: { env: "ANONYMIZATION_SEED" },
  },
};
const settings = { "secret-guardrails": { config } };

const ruleTester = new RuleTester({ settings });

const lines = (...source: string[]): string => source.join("\n");

const valid: string[] = [
  // Presence only: which source wins does not matter when no value is used.
  "const configured = Boolean(settings.openAiApiKey || process.env.OPENAI_API_KEY);",
  "const missing = !(row.smtpPassword ?? process.env.SMTP_PASSWORD);",
  "if (row.smtpPassword || process.env.SMTP_PASSWORD) enableMail();",
  "const label = (row.smtpPassword ?? process.env.SMTP_PASSWORD) ? 'set' : 'missing';",
  // Environment first, the legacy column only as a fallback.
  "const pass = process.env.SMTP_PASSWORD ?? row.smtpPassword;",
  "const pass = process.env.SMTP_PASSWORD || row?.smtpPassword || undefined;",
  lines('import { env } from "~/env";', "const key = env.OPENAI_API_KEY ?? settings.openAiApiKey;"),
  'const key = process.env["OPENAI_API_KEY"] ?? settings?.openAiApiKey ?? undefined;',
  "const key = process.env.GEMINI_API_KEY ? process.env.GEMINI_API_KEY : row.geminiApiKey;",
  "const pass = process.env.SMTP_PASSWORD ?? decrypt(row.smtpPassword);",
  // A caller's options winning over the env is the SDK pattern, not a settings row.
  "const key = options.openAiApiKey ?? process.env.OPENAI_API_KEY;",
  // Env values held in a `const` first (module level or local).
  lines(
    "const ENV_KEY = process.env.OPENAI_API_KEY;",
    "export function client(settings: Settings) {",
    "  return new OpenAI({ apiKey: ENV_KEY ?? settings.openAiApiKey });",
    "}",
  ),
  lines("const fromEnv = process.env.SMTP_PASSWORD;", "const pass = fromEnv ?? row.smtpPassword;"),
  // A local holding the DB value, overwritten env-first or used for presence only.
  lines("let key = row.geminiApiKey;", "key = process.env.GEMINI_API_KEY ?? key;"),
  lines("const { smtpPassword } = settings;", "const status = { hasPassword: Boolean(smtpPassword) };"),
  lines("const { smtpPassword, ...metadata } = input;", "await save(metadata, smtpPassword ?? process.env.SMTP_PASSWORD);"),
  // Non-secret metadata may come from the database first.
  "const host = settings.smtpHost ?? process.env.SMTP_HOST;",
  // Not registered: another rule reports unregistered fields.
  "const hook = settings.webhookSecret ?? process.env.WEBHOOK_SECRET;",
  // Presence checks read no value.
  "const configured = Boolean(settings?.smtpHost && process.env.SMTP_PASSWORD);",
  "const stored = Boolean(settings.smtpPassword);",
  "const hasPassword = Boolean(process.env.SMTP_PASSWORD || settings.smtpPassword);",
  "const stored = !!settings.smtpPassword;",
  "const stored = settings.smtpPassword != null;",
  'const stored = typeof settings.smtpPassword === "string";',
  "if (settings.smtpPassword && process.env.SMTP_PASSWORD) warnLegacyResidue();",
  "const length = settings.smtpPassword?.length ?? 0;",
  // `if` chains where the environment already won.
  lines(
    "function geminiKey(row: Row) {",
    "  if (process.env.GEMINI_API_KEY) return process.env.GEMINI_API_KEY;",
    "  if (row.geminiApiKey) return row.geminiApiKey;",
    "  return process.env.GEMINI_API_KEY_FALLBACK;",
    "}",
  ),
  lines(
    "let pass = process.env.SMTP_PASSWORD;",
    "if (!pass && settings?.smtpPassword) pass = settings.smtpPassword;",
  ),
  lines("let pass = process.env.SMTP_PASSWORD;", "pass ??= settings.smtpPassword;"),
  // The later env read is not this secret's (NODE_ENV).
  lines(
    "function geminiKey(row: Row) {",
    "  if (row.geminiApiKey) return row.geminiApiKey;",
    '  if (process.env.NODE_ENV === "test") return "test-key";',
    "  return undefined;",
    "}",
  ),
  // The ternary only tests the DB value; no DB value wins.
  'const source = row.geminiApiKey ? "database" : process.env.GEMINI_API_KEY ? "environment" : "missing";',
  // Destructuring defaults from env objects, caller options, or with no env read.
  'const { SMTP_PASSWORD = "" } = process.env;',
  "const { openAiApiKey = process.env.OPENAI_API_KEY } = options;",
  "function createClient({ openAiApiKey = process.env.OPENAI_API_KEY }: ClientOptions = {}) { return openAiApiKey; }",
  'const { smtpPassword = "" } = settings;',
  // Writes, responses and returned objects are other rules' business.
  "await prisma.systemSettings.update({ where: { id }, data: { smtpPassword: legacy.smtpPassword } });",
  "return NextResponse.json({ password: settings.smtpPassword });",
  "res.status(200).json({ password: settings.smtpPassword });",
  "res.send(settings.smtpPassword);",
  "function view(row: Row) { return { password: row.smtpPassword }; }",
  "const body = JSON.stringify({ key: row.openAiApiKey });",
  // Request input and env objects are not database rows.
  "const transport = createTransport({ auth: { pass: input.smtpPassword } });",
  "const transport = createTransport({ auth: { pass: ctx.input.smtpPassword } });",
  "const pass = body.smtpPassword ?? process.env.SMTP_PASSWORD;",
  lines('import { env } from "~/env";', "const client = new OpenAI({ apiKey: env.openAiApiKey });"),
  // Request input parsed by a schema is not a row.
  lines("const { smtpPassword } = await schema.parseAsync(raw);", "await sendMail({ auth: { pass: smtpPassword } });"),
  "await sendMail({ auth: { pass: smtpSchema.parse(raw).smtpPassword } });",
  // An `env` binding (the Workers `fetch(request, env)` parameter) is an env object.
  lines(
    "export default {",
    "  async fetch(request: Request, env: Env) {",
    "    const settings = await loadSettings(env);",
    "    return chat(new OpenAI({ apiKey: env.OPENAI_API_KEY ?? settings.openAiApiKey }), request);",
    "  },",
    "};",
  ),
  // Objects that are not rows: `this`, a local object built from the env, an imported config module.
  "class Mailer { send() { return createTransport({ auth: { pass: this.smtpPassword } }); } }",
  lines(
    "const local = { smtpPassword: process.env.SMTP_PASSWORD };",
    "const transport = createTransport({ auth: { pass: local.smtpPassword } });",
  ),
  lines('import { appConfig } from "./config";', "const client = new OpenAI({ apiKey: appConfig.openAiApiKey });"),
  // DB-only use inside a function that does read the env var first.
  lines(
    "function hashWith(row: Row, value: string) {",
    "  const fromEnv = process.env.ANONYMIZATION_SEED;",
    '  return createHmac("sha256", fromEnv ?? row.anonymizationSeed ?? "").update(value).digest("hex");',
    "}",
  ),
  lines(
    "function hashWith(row: Row, value: string) {",
    "  if (!process.env.ANONYMIZATION_SEED) {",
    '    return createHmac("sha256", row.anonymizationSeed ?? "").update(value).digest("hex");',
    "  }",
    "  return value;",
    "}",
  ),
  // Assertions, masking and derived values are not consumers of the secret.
  "expect(status.smtpPassword).toEqual({ present: true });",
  "const shown = maskSecret(settings.smtpPassword);",
  "const isSet = hasValue(settings.smtpPassword);",
  "render(secrets?.openAiApiKey.source);",
  // DB-only use needs evidence of a settings row; these objects show none.
  lines("const { smtpPassword } = account;", "login(smtpPassword);"),
  "login(clause.smtpPassword);",
  // A member read of a secret-named property of something else.
  "const fromDatabase = legacy?.[key];",
];

const invalid: InvalidTestCase<MessageIds, Options>[] = [
  {
    code: "const pass = row.smtpPassword ?? process.env.SMTP_PASSWORD;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 30, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "SMTP_PASSWORD" }, output: "const pass = process.env.SMTP_PASSWORD ?? row.smtpPassword;" }] }],
  },
  {
    code: lines('import { env } from "~/env";', "const key = row.openAiApiKey || env.OPENAI_API_KEY;"),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 2, column: 13, endLine: 2, endColumn: 29, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "OPENAI_API_KEY" }, output: lines('import { env } from "~/env";', "const key = env.OPENAI_API_KEY || row.openAiApiKey;") }] }],
  },
  {
    // A row returned by an imported getter is still a row (the import is the function, not the row).
    code: lines(
      'import { getSystemSettings } from "./settings-store";',
      "const settings = await getSystemSettings(db);",
      "const pass = settings.smtpPassword ?? process.env.SMTP_PASSWORD;",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 3, column: 14, endLine: 3, endColumn: 35, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "SMTP_PASSWORD" }, output: lines(
      'import { getSystemSettings } from "./settings-store";',
      "const settings = await getSystemSettings(db);",
      "const pass = process.env.SMTP_PASSWORD ?? settings.smtpPassword;",
    ) }] }],
  },
  {
    // `env` as a parameter (Workers) is an env object too.
    code: "const handler = (settings: Settings, env: Env) => settings.openAiApiKey ?? env.OPENAI_API_KEY;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 51, endLine: 1, endColumn: 72, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "OPENAI_API_KEY" }, output: "const handler = (settings: Settings, env: Env) => env.OPENAI_API_KEY ?? settings.openAiApiKey;" }] }],
  },
  {
    // Optional chaining on the row.
    code: "const key = settings?.openAiApiKey ?? process.env.OPENAI_API_KEY;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 13, endLine: 1, endColumn: 35, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "OPENAI_API_KEY" }, output: "const key = process.env.OPENAI_API_KEY ?? settings?.openAiApiKey;" }] }],
  },
  {
    // Computed env access and a computed secret key.
    code: 'const key = settings["openAiApiKey"] ?? process.env["AZURE_OPENAI_API_KEY"];',
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 13, endLine: 1, endColumn: 37, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "OPENAI_API_KEY" }, output: 'const key = process.env["AZURE_OPENAI_API_KEY"] ?? settings["openAiApiKey"];' }] }],
  },
  {
    // A variable destructured from `process.env` is an env read.
    code: lines("const { SMTP_PASSWORD } = process.env;", "const pass = settings.smtpPassword || SMTP_PASSWORD;"),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 2, column: 14, endLine: 2, endColumn: 35, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "SMTP_PASSWORD" }, output: lines("const { SMTP_PASSWORD } = process.env;", "const pass = SMTP_PASSWORD || settings.smtpPassword;") }] }],
  },
  {
    // Longer chain: only the DB read and the env read next to it swap; the final default stays last.
    code: 'const seed = settings.anonymizationSeed ?? process.env.ANONYMIZATION_SEED ?? "";',
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 40, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "ANONYMIZATION_SEED" }, output: 'const seed = process.env.ANONYMIZATION_SEED ?? settings.anonymizationSeed ?? "";' }] }],
  },
  {
    // The env read is not next to the DB read: swapping would reorder `fallback`, so no fix.
    code: "const pass = settings.smtpPassword ?? fallback ?? process.env.SMTP_PASSWORD;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 35 }],
  },
  {
    // A call on the env side is not side-effect free: no fix.
    code: "const pass = settings.smtpPassword ?? process.env.SMTP_PASSWORD?.trim();",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 35 }],
  },
  {
    // `await` on the DB side: no fix.
    code: "const pass = (await loadSettings()).smtpPassword ?? process.env.SMTP_PASSWORD;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 49 }],
  },
  {
    // Two DB reads before the env read: one swap would not reach a fixed point, so no fix.
    code: "const key = row.openAiApiKey ?? legacy.openAiApiKey ?? process.env.OPENAI_API_KEY;",
    output: null,
    errors: [
      { messageId: "dbBeforeEnv", line: 1, column: 13, endLine: 1, endColumn: 29 },
      { messageId: "dbBeforeEnv", line: 1, column: 33, endLine: 1, endColumn: 52 },
    ],
  },
  {
    // `x as T` moves into parentheses so it keeps its precedence.
    code: "const pass = settings.smtpPassword as string ?? process.env.SMTP_PASSWORD;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 35, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "SMTP_PASSWORD" }, output: "const pass = process.env.SMTP_PASSWORD ?? (settings.smtpPassword as string);" }] }],
  },
  {
    code: "const pass = (settings.smtpPassword as string) || (process.env.SMTP_PASSWORD ?? undefined);",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 15, endLine: 1, endColumn: 36, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "SMTP_PASSWORD" }, output: "const pass = (process.env.SMTP_PASSWORD ?? undefined) || (settings.smtpPassword as string);" }] }],
  },
  {
    // The env read in a nested consumer argument: reported once, as DB-before-env.
    code: "const client = new OpenAI({ apiKey: settings.openAiApiKey || process.env.OPENAI_API_KEY });",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 37, endLine: 1, endColumn: 58, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "OPENAI_API_KEY" }, output: "const client = new OpenAI({ apiKey: process.env.OPENAI_API_KEY || settings.openAiApiKey });" }] }],
  },
  {
    // Ternary testing the DB value first: the consequent wins.
    code: "const key = row.geminiApiKey ? row.geminiApiKey : process.env.GEMINI_API_KEY;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 32, endLine: 1, endColumn: 48 }],
  },
  {
    code: "const key = !row.geminiApiKey ? process.env.GEMINI_API_KEY : row.geminiApiKey;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 62, endLine: 1, endColumn: 78 }],
  },
  {
    code: "const key = row?.geminiApiKey != null ? row.geminiApiKey : process.env.GEMINI_API_KEY;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 41, endLine: 1, endColumn: 57 }],
  },
  {
    // `if` returning the DB value before the env value.
    code: lines(
      "function geminiKey(row: Row) {",
      "  if (row.geminiApiKey) {",
      "    return row.geminiApiKey;",
      "  }",
      "  return process.env.GEMINI_API_KEY;",
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 3, column: 12, endLine: 3, endColumn: 28 }],
  },
  {
    code: lines(
      "function geminiKey(row: Row) {",
      "  if (!row.geminiApiKey) return process.env.GEMINI_API_KEY;",
      "  return row.geminiApiKey;",
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 3, column: 10, endLine: 3, endColumn: 26 }],
  },
  {
    code: lines(
      "function geminiKey(mode: string, row: Row) {",
      '  if (mode === "off") return undefined;',
      "  else if (row.geminiApiKey) return row.geminiApiKey;",
      "  else return process.env.GEMINI_API_KEY;",
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 3, column: 37, endLine: 3, endColumn: 53 }],
  },
  {
    // The DB value overrides a variable that already holds the env value.
    code: lines(
      "let pass = process.env.SMTP_PASSWORD;",
      "if (settings?.smtpPassword) {",
      "  pass = settings.smtpPassword;",
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 3, column: 10, endLine: 3, endColumn: 31 }],
  },
  {
    code: lines(
      "let pass: string | undefined;",
      "if (row.smtpPassword) pass = row.smtpPassword;",
      "else pass = process.env.SMTP_PASSWORD;",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 2, column: 30, endLine: 2, endColumn: 46 }],
  },
  {
    // The env value is only a destructuring default: the row's value wins.
    code: "const { smtpPassword = process.env.SMTP_PASSWORD, smtpHost } = settings;",
    output: null,
    errors: [{ messageId: "envOnlyDestructuringDefault", line: 1, column: 9, endLine: 1, endColumn: 49 }],
  },
  {
    code: lines(
      'import { env } from "~/env";',
      "const { openAiApiKey: apiKey = env.OPENAI_API_KEY } = await loadSettings();",
    ),
    output: null,
    errors: [{ messageId: "envOnlyDestructuringDefault", line: 2, column: 9, endLine: 2, endColumn: 50 }],
  },
  {
    // A value derived from the DB read wins just the same; no fix for a call.
    code: "const pass = decrypt(row.smtpPassword) ?? process.env.SMTP_PASSWORD;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 22, endLine: 1, endColumn: 38 }],
  },
  {
    code: lines(
      "async function smtpPassword(row: Row) {",
      "  if (row.smtpPassword) return await decrypt(row.smtpPassword);",
      "  return process.env.SMTP_PASSWORD;",
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 2, column: 46, endLine: 2, endColumn: 62 }],
  },
  {
    // A string method keeps the secret's value.
    code: "const pass = row.smtpPassword?.trim() || process.env.SMTP_PASSWORD;",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 30 }],
  },
  {
    // One hop through a destructured local: reported at the destructured property.
    code: lines(
      "const { smtpPassword } = settings;",
      "const transport = createTransport({ auth: { pass: smtpPassword ?? process.env.SMTP_PASSWORD } });",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 9, endLine: 1, endColumn: 21 }],
  },
  {
    code: lines("const stored = row.openAiApiKey;", "const client = new OpenAI({ apiKey: stored });"),
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 1, column: 16, endLine: 1, endColumn: 32 }],
  },
  {
    // The env value only fills in for a missing DB value.
    code: lines("let key = row.geminiApiKey;", "key ??= process.env.GEMINI_API_KEY;"),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 11, endLine: 1, endColumn: 27 }],
  },
  {
    code: lines("let key = row.geminiApiKey;", "if (!key) key = process.env.GEMINI_API_KEY;"),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 11, endLine: 1, endColumn: 27 }],
  },
  {
    code: lines(
      "function geminiKey(row: Row) {",
      "  const fromDatabase = row.geminiApiKey;",
      "  if (fromDatabase) return fromDatabase;",
      "  return process.env.GEMINI_API_KEY;",
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 2, column: 24, endLine: 2, endColumn: 40 }],
  },
  {
    // Ternary choosing between whole option objects.
    code: "const client = new OpenAI(row.openAiApiKey ? { apiKey: row.openAiApiKey } : { apiKey: process.env.OPENAI_API_KEY });",
    output: null,
    errors: [{ messageId: "dbBeforeEnv", line: 1, column: 56, endLine: 1, endColumn: 72 }],
  },
  {
    // DB-only use: the env var is never read.
    code: lines(
      "function hashIdentifier(value: string, row: Row) {",
      '  return createHmac("sha256", row.anonymizationSeed ?? "").update(value).digest("hex");',
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 2, column: 31, endLine: 2, endColumn: 52 }],
  },
  {
    code: "const client = new OpenAI({ apiKey: settings.openAiApiKey });",
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 1, column: 37, endLine: 1, endColumn: 58 }],
  },
  {
    // Evidence of a settings row: read from the settings delegate.
    code: lines(
      "const s = await prisma.systemSettings.findFirst();",
      "const transport = nodemailer.createTransport({ auth: { user: s.smtpUser, pass: s.smtpPassword } });",
    ),
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 2, column: 80, endLine: 2, endColumn: 94 }],
  },
  {
    // A settings-delegate read is a row even under an input-like name.
    code: lines("const data = await prisma.systemSettings.findUnique({ where: { id } });", "connect(data.smtpPassword);"),
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 2, column: 9, endLine: 2, endColumn: 26 }],
  },
  {
    // Evidence of a settings row: the parameter's type names the settings model.
    code: lines(
      'function seedOf(source: Pick<SystemSettings, "anonymizationSeed">, value: string) {',
      '  return createHmac("sha256", source.anonymizationSeed).update(value).digest("hex");',
      "}",
    ),
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 2, column: 31, endLine: 2, endColumn: 55 }],
  },
  {
    code: "await fetch(url, { headers: { authorization: `Bearer ${row.openAiApiKey}` } });",
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 1, column: 56, endLine: 1, endColumn: 72 }],
  },
  {
    code: "const model = new GoogleGenerativeAI(settings.geminiApiKey ?? undefined);",
    output: null,
    errors: [{ messageId: "dbOnlySecret", line: 1, column: 38, endLine: 1, endColumn: 59 }],
  },
];

ruleTester.run("env-first-secret-resolution", rule, {
  valid: [
    ...valid,
    {
      code: "const client = new OpenAI({ apiKey: settings.openAiApiKey });",
      options: [{ checkDbOnlyUse: false }],
    },
  ],
  invalid: [
    ...invalid,
    {
      // With `checkDbOnlyUse: false` the ordering checks still run.
      code: "const pass = row.smtpPassword ?? process.env.SMTP_PASSWORD;",
      options: [{ checkDbOnlyUse: false }],
      output: null,
      errors: [{ messageId: "dbBeforeEnv", line: 1, column: 14, endLine: 1, endColumn: 30, suggestions: [{ messageId: "suggestEnvFirst", data: { envVar: "SMTP_PASSWORD" }, output: "const pass = process.env.SMTP_PASSWORD ?? row.smtpPassword;" }] }],
    },
  ],
});

describe("env-first-secret-resolution messages", () => {
  it("names the secret and its env var, never a value", () => {
    const linter = new Linter({ configType: "flat" });
    const [message] = linter.verify(
      'const key = row.openAiApiKey ?? process.env.OPENAI_API_KEY ?? "sk-live-123";',
      flatConfig(),
      "file.ts",
    );
    expect(message?.message).toBe(
      "The legacy database value of 'openAiApiKey' wins over OPENAI_API_KEY. Read the environment first and fall back to the database: `process.env.OPENAI_API_KEY ?? <db value>`.",
    );
  });
});

describe("env-first-secret-resolution suggestions", () => {
  const linter = new Linter({ configType: "flat" });

  // Which value wins at run time changes with the swap: ESLint reserves autofixes for changes that
  // keep behaviour, so the swap is only ever a suggestion.
  it.each(invalid.map((testCase) => [testCase.code, testCase] as const))("never autofixes, and a suggestion leaves env-first code: %s", (code, testCase) => {
    const ruleOptions = testCase.options ?? [];
    const messages = linter.verify(code, flatConfig(ruleOptions), "file.ts");
    expect(messages.filter((message) => message.fatal)).toEqual([]);
    expect(messages.filter((message) => message.fix)).toEqual([]);
    for (const message of messages) {
      for (const suggestion of message.suggestions ?? []) {
        const fixed = code.slice(0, suggestion.fix.range[0]) + suggestion.fix.text + code.slice(suggestion.fix.range[1]);
        const again = linter.verify(fixed, flatConfig(ruleOptions), "file.ts");
        expect(again.filter((other) => other.fatal)).toEqual([]);
        expect(again.filter((other) => other.messageId === "dbBeforeEnv" && other.line === message.line)).toEqual([]);
      }
    }
  });
});

describe("env-first-secret-resolution with type information", () => {
  const root = mkdtempSync(join(tmpdir(), "env-first-"));
  writeFileSync(
    join(root, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "ESNext", noEmit: true }, include: ["*.ts"] }),
  );
  writeFileSync(join(root, "file.ts"), "");
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const typedTester = new RuleTester({
    settings,
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: root } },
  });

  typedTester.run("env-first-secret-resolution (typed)", rule, {
    valid: [
      // Typed as a status object, not a string: not the secret's value.
      lines(
        "declare const runtimeStatus: { smtpPassword: { present: boolean } };",
        "declare function render(value: unknown): void;",
        "render(runtimeStatus.smtpPassword);",
      ),
    ],
    invalid: [
      {
        code: lines(
          "declare const row: { smtpPassword: string | null };",
          "declare function createTransport(options: object): void;",
          "createTransport({ auth: { pass: row.smtpPassword } });",
        ),
        output: null,
        errors: [{ messageId: "dbOnlySecret", line: 3, column: 33, endLine: 3, endColumn: 49 }],
      },
    ],
  });
});

function flatConfig(ruleOptions: readonly unknown[] = []): Linter.Config[] {
  return [
    {
      files: ["**/*.ts"],
      languageOptions: { parser: parser as Linter.Parser },
      plugins: { "secret-guardrails": { rules: { "env-first-secret-resolution": rule as never } } },
      rules: { "secret-guardrails/env-first-secret-resolution": ["error", ...ruleOptions] as Linter.RuleEntry },
      settings,
    },
  ];
}

