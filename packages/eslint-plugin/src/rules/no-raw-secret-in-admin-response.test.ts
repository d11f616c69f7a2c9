import { fileURLToPath } from "node:url";
import { RuleTester } from "../testing/rule-tester.js";
import type { GuardrailsConfig } from "@secret-guardrails/core";
import rule from "./no-raw-secret-in-admin-response.js";

const config: GuardrailsConfig = {
  settingsModels: ["SystemSettings"],
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    geminiApiKey: { env: ["GEMINI_API_KEY", "GOOGLE_API_KEY"] },
    anonymizationSeed: { env: "ANONYMIZATION_SEED" },
  },
};
const settings = { "secret-guardrails": { config } };

const ruleTester = new RuleTester({ settings });

const allSecrets = "'smtpPassword', 'geminiApiKey', 'anonymizationSeed'";
const wholeRow = { secrets: allSecrets, Secret: "SmtpPassword" };
const smtp = { secret: "smtpPassword", Secret: "SmtpPassword" };
const gemini = { secret: "geminiApiKey", Secret: "GeminiApiKey" };
const seed = { secret: "anonymizationSeed", Secret: "AnonymizationSeed" };

const adminRoute = "app/api/admin/settings/route.ts";

ruleTester.run("no-raw-secret-in-admin-response", rule, {
  valid: [
    // Presence and source status: the allowed shape (ADR 0001 rule 2).
    `
export const r = adminProcedure.query(async ({ ctx }) => {
  const s = await ctx.db.systemSettings.findUniqueOrThrow({ where: { id: 1 } });
  return {
    hasSmtpPassword: Boolean(process.env.SMTP_PASSWORD || s.smtpPassword),
    smtpPasswordSource: process.env.SMTP_PASSWORD ? "env" : s.smtpPassword ? "database" : "missing",
    seedStored: s.anonymizationSeed != null,
    geminiKeySet: !!s.geminiApiKey,
    geminiKeyKind: typeof s.geminiApiKey,
    legacyKeyLong: (s.geminiApiKey?.length ?? 0) > 0,
  };
});`,
    // A status object under a secret's name is still status, not the value.
    `
export const r = adminProcedure.query(async ({ ctx }) => {
  const s = await ctx.db.systemSettings.findFirst();
  return { smtpPassword: { present: Boolean(s?.smtpPassword), source: "env" } };
});`,
    // Not admin endpoints: protected/public procedures with the same code.
    `export const r = protectedProcedure.query(({ ctx }) => ctx.db.systemSettings.findUnique({ where: { id: 1 } }));`,
    `
export const r = publicProcedure.query(async ({ ctx }) => {
  const settings = await ctx.db.systemSettings.findUniqueOrThrow({ where: { id: 1 } });
  return { password: settings.smtpPassword };
});`,
    // A non-admin route with the same handler.
    {
      code: `
export async function GET() {
  const settings = await prisma.systemSettings.findUnique({ where: { id: 1 } });
  return NextResponse.json(settings);
}`,
      filename: "app/api/health/route.ts",
    },
    // An admin route file: a module-level helper and a non-HTTP export are not handlers.
    {
      code: `
const forbidden = () => NextResponse.json({ error: "Forbidden" }, { status: 403 });
export function generateMetadata() {
  return prisma.systemSettings.findFirst();
}
export async function GET() {
  if (!(await getAdminSession())) return forbidden();
  return NextResponse.json({ ok: true });
}`,
      filename: adminRoute,
    },
    // A select without a secret (an explicit `false` excludes it).
    `
export const r = adminProcedure.query(({ ctx }) =>
  ctx.db.systemSettings.findUnique({ where: { id: 1 }, select: { smtpHost: true, smtpPassword: false } }),
);`,
    // A limiting select held in an in-file const, and one imported from elsewhere (unknown: not a whole row).
    `
const metadataSelect = { smtpHost: true, geminiModel: true } as const;
export const a = adminProcedure.mutation(({ ctx }) =>
  ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpHost: "h" }, select: metadataSelect }),
);
export const b = adminProcedure.mutation(({ ctx }) =>
  ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpHost: "h" }, select: importedSelect }),
);
export const c = adminProcedure.query(({ ctx }) =>
  ctx.db.systemSettings.findFirst({ select: { ...importedSelect, smtpHost: true } }),
);`,
    // `omit` takes every secret out of the row.
    `
export const r = adminProcedure.query(({ ctx }) =>
  ctx.db.systemSettings.findUnique({ where: { id: 1 }, omit: { smtpPassword: true, geminiApiKey: true, anonymizationSeed: true } }),
);`,
    // The row only passes through a status function.
    `
export const r = adminProcedure.query(async ({ ctx }) => {
  const row = await ctx.db.systemSettings.findUnique({ where: { id: 1 } });
  return { secrets: describeRuntimeSecrets(row), checkedAt: new Date().toISOString() };
});`,
    // Field NAMES as strings.
    `
export const r = adminProcedure.mutation(() => {
  return { ignoredSecretFields: ["smtpPassword", "geminiApiKey"], env: "SMTP_PASSWORD" };
});`,
    // Non-secret settings and non-secret env vars.
    `
export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await ctx.db.systemSettings.findFirstOrThrow();
  return { host: settings.smtpHost ?? process.env.SMTP_HOST, user: settings.smtpUser, label: "key: " + settings.geminiModel };
});`,
    // Admin users: another model, a select without passwordHash (and passwordHash is no settings secret anyway).
    `
export const r = adminProcedure.query(({ ctx }) =>
  ctx.db.user.findMany({ select: { id: true, email: true, role: true } }),
);`,
    // Every secret destructured out: the rest carries none.
    `
export const r = adminProcedure.query(async ({ ctx }) => {
  const row = await ctx.db.systemSettings.findUniqueOrThrow({ where: { id: 1 } });
  const { smtpPassword: _a, geminiApiKey: _b, anonymizationSeed: _c, ...safe } = row;
  return { settings: safe };
});`,
    // Batch writes return counts, not rows.
    `
export const r = adminProcedure.mutation(({ ctx }) =>
  ctx.db.systemSettings.updateMany({ data: { smtpHost: process.env.SMTP_HOST } }),
);`,
    // The secret is used inside the handler and never returned; a nested function's return is not the response.
    `
export const r = adminProcedure.mutation(async ({ ctx }) => {
  const settings = await ctx.db.systemSettings.findFirstOrThrow();
  const keyOf = (s) => { return s.geminiApiKey; };
  await client.ping(keyOf(settings));
  return { ok: true };
});`,
    // A transaction whose result is limited by a select.
    `
export const r = adminProcedure.mutation(({ ctx, input }) =>
  ctx.db.$transaction(async (tx) => {
    const updated = await tx.systemSettings.update({ where: { id: 1 }, data: { geminiModel: input.model }, select: { geminiModel: true } });
    return updated;
  }),
);`,
    // A cross-file row without type information is unknown (the checker or the typed mode decides).
    `
export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await getSystemSettings(ctx.db);
  return { ...settings, source: "env" };
});`,
    // A reassigned variable is not followed.
    `
export const r = adminProcedure.query(async ({ ctx }) => {
  let settings = await ctx.db.systemSettings.findFirst();
  settings = await ctx.db.systemSettings.findFirst({ select: { smtpHost: true } });
  return settings;
});`,
    // Reading the request body in an admin route handler is not a response.
    {
      code: `
export async function POST(request) {
  const body = await request.json();
  await prisma.auditLog.create({ data: { body } });
  return NextResponse.json({ ok: true });
}`,
      filename: adminRoute,
    },
    // pages/api outside an admin segment.
    {
      code: `
export default async function handler(req, res) {
  const row = await prisma.systemSettings.findFirst();
  res.status(200).json(row);
}`,
      filename: "pages/api/settings.ts",
    },
  ],
  invalid: [
    // The whole row, returned directly from the delegate.
    {
      code: `export const r = adminProcedure.query(({ ctx }) => ctx.db.systemSettings.findUniqueOrThrow({ where: { id: 1 } }));`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 1, column: 52, endLine: 1, endColumn: 113 }],
    },
    // The whole row through a variable (through `.input(...).use(...)` and a const alias).
    {
      code: `
export const r = adminProcedure.input(schema).use(audit).query(async ({ ctx }) => {
  const settings = await ctx.db.systemSettings.findUnique({ where: { id: 1 } });
  const copy = settings;
  return copy;
});`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 5, column: 10, endLine: 5, endColumn: 14 }],
    },
    // A spread of the row: reported at the spread.
    {
      code: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await ctx.db.systemSettings.findFirstOrThrow();
  return { ...settings, smtpPasswordSource: "env" };
});`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 4, column: 12, endLine: 4, endColumn: 23 }],
    },
    // A returned select that includes a secret: reported at that select property.
    {
      code: `
export const r = adminProcedure.query(({ ctx }) =>
  ctx.db.systemSettings.findUnique({
    where: { id: 1 },
    select: { geminiModel: true, geminiApiKey: true },
  }),
);`,
      errors: [{ messageId: "selectedSecretResponse", data: gemini, line: 5, column: 34, endLine: 5, endColumn: 52 }],
    },
    // The same select through a variable: reported at the returned value, naming only the selected secret.
    {
      code: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const ai = await ctx.db.systemSettings.findUnique({ where: { id: 1 }, select: { geminiModel: true, geminiApiKey: true } });
  return ai;
});`,
      errors: [{ messageId: "wholeRowResponse", data: { secrets: "'geminiApiKey'", Secret: "GeminiApiKey" }, line: 4, column: 10, endLine: 4, endColumn: 12 }],
    },
    // A property carrying the value; the suggestion returns a presence flag.
    {
      code: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await getSystemSettings(ctx.db);
  return { host: settings.smtpHost, password: settings.smtpPassword };
});`,
      errors: [
        {
          messageId: "rawSecretResponse",
          data: smtp,
          line: 4,
          column: 37,
          endLine: 4,
          endColumn: 68,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasSmtpPassword" },
              output: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await getSystemSettings(ctx.db);
  return { host: settings.smtpHost, hasSmtpPassword: Boolean(settings.smtpPassword) };
});`,
            },
          ],
        },
      ],
    },
    // The environment's value is still the secret's value, here in a nested object.
    {
      code: `
export const r = adminProcedure.query(() => ({
  host: process.env.SMTP_HOST,
  auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASSWORD },
}));`,
      errors: [
        {
          messageId: "rawSecretResponse",
          data: smtp,
          line: 4,
          column: 40,
          endLine: 4,
          endColumn: 71,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasSmtpPassword" },
              output: `
export const r = adminProcedure.query(() => ({
  host: process.env.SMTP_HOST,
  auth: { user: process.env.SMTP_USER, hasSmtpPassword: Boolean(process.env.SMTP_PASSWORD) },
}));`,
            },
          ],
        },
      ],
    },
    // A second env var of the same secret, destructured from process.env; no suggestion when the flag key exists.
    {
      code: `
export const r = adminProcedure.query(() => {
  const { GOOGLE_API_KEY } = process.env;
  return { hasGeminiApiKey: true, key: GOOGLE_API_KEY };
});`,
      errors: [{ messageId: "rawSecretResponse", data: gemini, line: 4, column: 35, endLine: 4, endColumn: 54, suggestions: [] }],
    },
    // The row nested under a property.
    {
      code: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const row = await ctx.db.systemSettings.findFirst();
  return { ok: true, config: row };
});`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 4, column: 22, endLine: 4, endColumn: 33 }],
    },
    // Route handler: NextResponse.json(row) in an admin route file.
    {
      code: `
export async function GET() {
  const settings = await prisma.systemSettings.findUnique({ where: { id: 1 } });
  if (!settings) return NextResponse.json({ error: "missing" }, { status: 404 });
  return NextResponse.json(settings);
}`,
      filename: adminRoute,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 5, column: 28, endLine: 5, endColumn: 36 }],
    },
    // Route handler as an exported const with Response.json and a property (route group `(admin)` counts).
    {
      code: `
export const GET = async () => {
  const row = await prisma.systemSettings.findFirstOrThrow();
  return Response.json({ mode: row.anonymizationMode, seed: row.anonymizationSeed });
};`,
      filename: "src/app/(admin)/anonymization/route.ts",
      errors: [
        {
          messageId: "rawSecretResponse",
          data: seed,
          line: 4,
          column: 55,
          endLine: 4,
          endColumn: 82,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasAnonymizationSeed" },
              output: `
export const GET = async () => {
  const row = await prisma.systemSettings.findFirstOrThrow();
  return Response.json({ mode: row.anonymizationMode, hasAnonymizationSeed: Boolean(row.anonymizationSeed) });
};`,
            },
          ],
        },
      ],
    },
    // `new Response(JSON.stringify(row))` in a wrapped handler exported by name: at the value inside the serialisation.
    {
      code: `
const handler = withAdmin(async () => {
  const row = await prisma.systemSettings.findFirst();
  return new Response(JSON.stringify(row), { headers: { "content-type": "application/json" } });
});
export { handler as GET };`,
      filename: adminRoute,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 4, column: 38, endLine: 4, endColumn: 41 }],
    },
    // pages/api: `res.status(200).json(row)` and `res.send({ ... })` in an admin handler.
    {
      code: `
export default async function handler(req, res) {
  const row = await prisma.systemSettings.findFirst();
  if (req.query.raw) return res.send({ key: row.geminiApiKey });
  res.status(200).json(row);
}`,
      filename: "pages/api/admin/settings.ts",
      errors: [
        {
          messageId: "rawSecretResponse",
          data: gemini,
          line: 4,
          column: 40,
          endLine: 4,
          endColumn: 61,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasGeminiApiKey" },
              output: `
export default async function handler(req, res) {
  const row = await prisma.systemSettings.findFirst();
  if (req.query.raw) return res.send({ hasGeminiApiKey: Boolean(row.geminiApiKey) });
  res.status(200).json(row);
}`,
            },
          ],
        },
        { messageId: "wholeRowResponse", data: wholeRow, line: 5, column: 24, endLine: 5, endColumn: 27 },
      ],
    },
    // A rest-destructured row still carries every secret it did not take out.
    {
      code: `
export async function GET() {
  const settings = await prisma.systemSettings.findUniqueOrThrow({ where: { id: 1 } });
  const { id, updatedAt, smtpPassword: _dropped, ...exportable } = settings;
  return NextResponse.json({ version: 1, lastModified: updatedAt, settings: exportable });
}`,
      filename: adminRoute,
      errors: [
        {
          messageId: "wholeRowResponse",
          data: { secrets: "'geminiApiKey', 'anonymizationSeed'", Secret: "GeminiApiKey" },
          line: 5,
          column: 67,
          endLine: 5,
          endColumn: 87,
        },
      ],
    },
    // A destructured secret returned in shorthand.
    {
      code: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const { smtpHost, smtpPassword } = await ctx.db.systemSettings.findFirstOrThrow();
  return { smtpHost, smtpPassword };
});`,
      errors: [
        {
          messageId: "rawSecretResponse",
          data: smtp,
          line: 4,
          column: 22,
          endLine: 4,
          endColumn: 34,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasSmtpPassword" },
              output: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const { smtpHost, smtpPassword } = await ctx.db.systemSettings.findFirstOrThrow();
  return { smtpHost, hasSmtpPassword: Boolean(smtpPassword) };
});`,
            },
          ],
        },
      ],
    },
    // A write without a limiting select returns the written row.
    {
      code: `
export const r = adminProcedure.mutation(async ({ ctx, input }) => {
  return ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpHost: input.smtpHost } });
});`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 3, column: 10, endLine: 3, endColumn: 96 }],
    },
    // A transaction that returns the row; the procedure chain is reached through a namespace and a const alias.
    {
      code: `
const adminWrite = procedures.adminProcedure.input(schema);
export const r = adminWrite.mutation(({ ctx }) =>
  ctx.db.$transaction(async (tx) => tx.systemSettings.findFirst()),
);`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 4, column: 3, endLine: 4, endColumn: 67 }],
    },
    // A conditional that yields the value; a template literal that embeds it (no presence suggestion there).
    {
      code: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const s = await getSystemSettings(ctx.db);
  return {
    password: s.smtpPassword ? s.smtpPassword : null,
    header: \`Bearer \${s.geminiApiKey}\`,
  };
});`,
      errors: [
        {
          messageId: "rawSecretResponse",
          data: smtp,
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 53,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasSmtpPassword" },
              output: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const s = await getSystemSettings(ctx.db);
  return {
    hasSmtpPassword: Boolean(s.smtpPassword ? s.smtpPassword : null),
    header: \`Bearer \${s.geminiApiKey}\`,
  };
});`,
            },
          ],
        },
        { messageId: "rawSecretResponse", data: gemini, line: 6, column: 5, endLine: 6, endColumn: 39, suggestions: [] },
      ],
    },
    // `include` adds relations and limits nothing; `Object.assign` copies the row.
    {
      code: `
export const r = adminProcedure.query(async ({ ctx }) => {
  const row = await ctx.db.systemSettings.findFirst({ include: { updatedBy: true } });
  return Object.assign({ source: "db" }, row);
});`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 4, column: 42, endLine: 4, endColumn: 45 }],
    },
    // A validated env object (t3-env's imported \`env\`) reads the environment like \`process.env\`.
    {
      code: `
import { env } from "~/env";
export const r = adminProcedure.query(() => ({ provider: "gemini", apiKey: env.GEMINI_API_KEY }));`,
      errors: [
        {
          messageId: "rawSecretResponse",
          data: gemini,
          line: 3,
          column: 68,
          endLine: 3,
          endColumn: 94,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasGeminiApiKey" },
              output: `
import { env } from "~/env";
export const r = adminProcedure.query(() => ({ provider: "gemini", hasGeminiApiKey: Boolean(env.GEMINI_API_KEY) }));`,
            },
          ],
        },
      ],
    },
    // findMany rows in an array literal, and the handler passed by name.
    {
      code: `
async function listSettings({ ctx }) {
  const rows = await ctx.db.systemSettings.findMany();
  return { first: rows[0], all: [...rows] };
}
export const r = adminProcedure.query(listSettings);`,
      errors: [
        { messageId: "wholeRowResponse", data: wholeRow, line: 4, column: 12, endLine: 4, endColumn: 26 },
        { messageId: "wholeRowResponse", data: wholeRow, line: 4, column: 34, endLine: 4, endColumn: 41 },
      ],
    },
  ],
});

// Type-aware: a row returned by a helper in another file is only known through its type.
const typedRuleTester = new RuleTester({
  settings,
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ["*.ts"] },
      tsconfigRootDir: fileURLToPath(new URL("../../test-fixtures/raw-secret-response", import.meta.url)),
    },
  },
});

const typedPrelude = `import { getSystemSettings, describeRuntimeSecrets, getMetadata } from "./settings-store";
declare const adminProcedure: { query<T>(fn: (opts: { ctx: { db: unknown } }) => T): T };
`;

typedRuleTester.run("no-raw-secret-in-admin-response (type-aware)", rule, {
  valid: [
    // Status records keyed by secret names hold objects, not the values.
    `${typedPrelude}export const r = adminProcedure.query(async ({ ctx }) => ({ secrets: describeRuntimeSecrets(await getSystemSettings(ctx.db)) }));`,
    // A helper whose type has no secret field.
    `${typedPrelude}export const r = adminProcedure.query(({ ctx }) => getMetadata(ctx.db));`,
    // A status record's entry is an object, not the value (syntactically this member read is flagged).
    `${typedPrelude}export const r = adminProcedure.query(async ({ ctx }) => {
  const status = describeRuntimeSecrets(await getSystemSettings(ctx.db));
  return { smtp: status.smtpPassword };
});`,
    // Presence of a typed row.
    `${typedPrelude}export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await getSystemSettings(ctx.db);
  return { hasSmtpPassword: Boolean(settings.smtpPassword), host: settings.smtpHost };
});`,
  ],
  invalid: [
    // The spread of a cross-file row.
    {
      code: `${typedPrelude}export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await getSystemSettings(ctx.db);
  return { ...settings, source: "env" };
});`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 5, column: 12, endLine: 5, endColumn: 23 }],
    },
    // A typed string value is still reported.
    {
      code: `${typedPrelude}export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await getSystemSettings(ctx.db);
  return { host: settings.smtpHost, password: settings.smtpPassword };
});`,
      errors: [
        {
          messageId: "rawSecretResponse",
          data: smtp,
          line: 5,
          column: 37,
          endLine: 5,
          endColumn: 68,
          suggestions: [
            {
              messageId: "suggestPresenceFlag",
              data: { flag: "hasSmtpPassword" },
              output: `${typedPrelude}export const r = adminProcedure.query(async ({ ctx }) => {
  const settings = await getSystemSettings(ctx.db);
  return { host: settings.smtpHost, hasSmtpPassword: Boolean(settings.smtpPassword) };
});`,
            },
          ],
        },
      ],
    },
    // The helper's promise returned directly.
    {
      code: `${typedPrelude}export const r = adminProcedure.query(({ ctx }) => getSystemSettings(ctx.db));`,
      errors: [{ messageId: "wholeRowResponse", data: wholeRow, line: 3, column: 52, endLine: 3, endColumn: 77 }],
    },
  ],
});
