import { fileURLToPath } from "node:url";
import { RuleTester } from "../testing/rule-tester.js";
import type { GuardrailsConfig } from "@secret-guardrails/core";
import rule from "./no-secret-settings-write.js";

const config: GuardrailsConfig = {
  settingsModels: ["SystemSettings", "MailConfig"],
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    azureOpenAiApiKey: { env: ["AZURE_OPENAI_API_KEY", "OPENAI_API_KEY"] },
    anonymizationSeed: { env: "ANONYMIZATION_SEED", column: "anonymization_seed" },
  },
};
const settings = { "secret-guardrails": { config } };

const ruleTester = new RuleTester({ settings });

const smtp = { secret: "smtpPassword", model: "SystemSettings", envVar: "SMTP_PASSWORD" };
const azure = { secret: "azureOpenAiApiKey", model: "SystemSettings", envVar: "AZURE_OPENAI_API_KEY or OPENAI_API_KEY" };
const allSecrets = "'smtpPassword', 'azureOpenAiApiKey', 'anonymizationSeed'";

ruleTester.run("no-secret-settings-write", rule, {
  valid: [
    // Clearing a legacy value is allowed: null, undefined, `{ set: null }`, a constant null.
    `prisma.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: null, azureOpenAiApiKey: undefined } });`,
    `prisma.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: { set: null } } });`,
    `const CLEARED = null; prisma.systemSettings.updateMany({ data: { anonymizationSeed: CLEARED } });`,
    `prisma.systemSettings.createMany({ data: [{ id: 1, smtpPassword: null }, { id: 2 }] });`,
    // Secret-like names on other models are not settings secrets.
    `prisma.user.update({ where: { id }, data: { passwordHash, smtpPassword: input.smtpPassword } });`,
    `ctx.db.auditLog.create({ data: { action: "smtp", details: { smtpPassword: "changed" } } });`,
    // Reads and filters are not writes.
    `prisma.systemSettings.findUnique({ where: { id: 1 }, select: { smtpPassword: true } });`,
    `prisma.systemSettings.updateMany({ where: { smtpPassword: { not: null } }, data: { smtpPassword: null } });`,
    // Non-secret settings metadata.
    `prisma.systemSettings.upsert({ where: { id: 1 }, create: { id: 1, smtpHost: process.env.SMTP_HOST }, update: { smtpUser: input.user } });`,
    // A later property overrides the spread: the secret is explicitly left out.
    `
const schema = z.object({ smtpHost: z.string(), smtpPassword: z.string() });
export const r = adminProcedure.input(schema).mutation(({ ctx, input }) =>
  ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input, smtpPassword: undefined } }),
);`,
    // The rest element removed every secret the schema accepts (the ADR's "ignore incoming secrets").
    `
const schema = z.object({ smtpHost: z.string(), smtpPassword: z.string().optional() });
export const r = adminProcedure.input(schema).mutation(async ({ ctx, input }) => {
  const { smtpPassword: _ignored, ...metadata } = input;
  await ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...metadata } });
});`,
    // A strict schema without secret keys, validated with safeParse.
    `
const patchSchema = z.object({ smtpHost: z.string(), smtpPort: z.number() }).partial().strict();
export async function PATCH(request) {
  const parsed = patchSchema.safeParse(await request.json());
  if (!parsed.success) return;
  await prisma.systemSettings.update({ where: { id: 1 }, data: { ...parsed.data, updatedById: "u" } });
}`,
    // \`.pick\` / \`.omit\` take the secret out of a schema that has it.
    `
const full = z.object({ smtpHost: z.string(), smtpPassword: z.string() });
export const a = adminProcedure.input(full.pick({ smtpHost: true })).mutation(({ ctx, input }) =>
  ctx.db.systemSettings.update({ where: { id: 1 }, data: input }),
);
export const b = adminProcedure.input(full.omit({ smtpPassword: true })).mutation(({ ctx, input }) =>
  ctx.db.systemSettings.update({ where: { id: 1 }, data: input }),
);`,
    // Unknown shape without type information: left to the cross-file checker.
    `
export async function POST(req) {
  const body = await req.json();
  await prisma.systemSettings.update({ where: { id: 1 }, data: { ...body } });
}`,
    // Unknown shape, but the rest element removed every registered secret.
    `
export async function POST(req) {
  const { smtpPassword: _a, azureOpenAiApiKey: _b, anonymizationSeed: _c, ...rest } = await req.json();
  await prisma.systemSettings.update({ where: { id: 1 }, data: rest });
}`,
    // A shared helper's parameter: the call site decides what is written (flagged there, cross-file).
    `
export function updateSettings(db, data) {
  return db.systemSettings.update({ where: { id: 1 }, data });
}`,
    // A computed key that cannot be resolved, but the value clears.
    `prisma.systemSettings.update({ where: { id: 1 }, data: { [field]: null } });`,
    // Raw SQL that clears a secret, or writes another table.
    'prisma.$executeRaw`UPDATE "SystemSettings" SET "smtpPassword" = NULL WHERE "id" = ${id}`;',
    'prisma.$executeRaw`UPDATE "User" SET "smtpPassword" = ${value}`;',
    'const rows = await prisma.$queryRaw`SELECT "smtpPassword" FROM "SystemSettings"`;',
    // The $transaction client writing another model.
    `prisma.$transaction(async (tx) => { await tx.auditLog.create({ data: { smtpPassword: "x" } }); });`,
    // Request input checking can be turned off.
    {
      code: `
const schema = z.object({ smtpPassword: z.string() });
export const r = adminProcedure.input(schema).mutation(({ ctx, input }) =>
  ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input } }),
);`,
      options: [{ checkRequestInput: false }],
    },
    // Raw SQL checking can be turned off.
    {
      code: 'prisma.$executeRaw`UPDATE "SystemSettings" SET "smtpPassword" = ${value}`;',
      options: [{ checkRawSql: false }],
    },
    // A cleanup built from a key list: whatever the keys, every value is null.
    "prisma.systemSettings.update({ where: { id: 1 }, data: Object.fromEntries(LEGACY_KEYS.map((key) => [key, null])) });",
  ],
  invalid: [
    {
      // A plain property on create; the suggestion drops it with its comma.
      code: `prisma.systemSettings.create({ data: { id: 1, smtpPassword: input.password } });`,
      errors: [
        {
          messageId: "secretWrite",
          data: smtp,
          line: 1,
          column: 47,
          endLine: 1,
          endColumn: 75,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `prisma.systemSettings.create({ data: { id: 1 } });`,
            },
          ],
        },
      ],
    },
    {
      // A property on its own line: the suggestion removes the line.
      code: `
await ctx.db.systemSettings.update({
  where: { id: 1 },
  data: {
    smtpHost: input.host,
    smtpPassword: input.password,
    smtpUser: input.user,
  },
});`,
      errors: [
        {
          messageId: "secretWrite",
          data: smtp,
          line: 6,
          column: 5,
          endLine: 6,
          endColumn: 33,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `
await ctx.db.systemSettings.update({
  where: { id: 1 },
  data: {
    smtpHost: input.host,
    smtpUser: input.user,
  },
});`,
            },
          ],
        },
      ],
    },
    {
      // Both branches of an upsert; a sole property / the first property with a comma after it.
      code: `prisma.systemSettings.upsert({ where: { id: 1 }, create: { smtpPassword }, update: { smtpPassword, smtpHost } });`,
      errors: [
        {
          messageId: "secretWrite",
          data: smtp,
          line: 1,
          column: 60,
          endLine: 1,
          endColumn: 72,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `prisma.systemSettings.upsert({ where: { id: 1 }, create: {}, update: { smtpPassword, smtpHost } });`,
            },
          ],
        },
        {
          messageId: "secretWrite",
          data: smtp,
          line: 1,
          column: 86,
          endLine: 1,
          endColumn: 98,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `prisma.systemSettings.upsert({ where: { id: 1 }, create: { smtpPassword }, update: { smtpHost } });`,
            },
          ],
        },
      ],
    },
    {
      // createMany with an array of rows; the last property loses the comma before it.
      code: `prisma.systemSettings.createMany({ data: [{ id: 1 }, { id: 2, anonymizationSeed: seed }] });`,
      errors: [
        {
          messageId: "secretWrite",
          data: { secret: "anonymizationSeed", model: "SystemSettings", envVar: "ANONYMIZATION_SEED" },
          line: 1,
          column: 63,
          endLine: 1,
          endColumn: 86,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "anonymizationSeed" },
              output: `prisma.systemSettings.createMany({ data: [{ id: 1 }, { id: 2 }] });`,
            },
          ],
        },
      ],
    },
    {
      // updateMany copying the environment into the row.
      code: `prisma.systemSettings.updateMany({ data: { smtpPassword: process.env.SMTP_PASSWORD } });`,
      errors: [
        {
          messageId: "secretWrite",
          data: smtp,
          line: 1,
          column: 44,
          endLine: 1,
          endColumn: 83,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `prisma.systemSettings.updateMany({ data: {} });`,
            },
          ],
        },
      ],
    },
    {
      // createManyAndReturn / updateManyAndReturn; a string key and a template key.
      code: `db.systemSettings.createManyAndReturn({ data: { "smtpPassword": a } }); db.systemSettings.updateManyAndReturn({ data: { [\`azureOpenAiApiKey\`]: b } });`,
      errors: [
        {
          messageId: "secretWrite",
          data: smtp,
          line: 1,
          column: 49,
          endLine: 1,
          endColumn: 66,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `db.systemSettings.createManyAndReturn({ data: {} }); db.systemSettings.updateManyAndReturn({ data: { [\`azureOpenAiApiKey\`]: b } });`,
            },
          ],
        },
        {
          messageId: "secretWrite",
          data: azure,
          line: 1,
          column: 121,
          endLine: 1,
          endColumn: 145,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "azureOpenAiApiKey" },
              output: `db.systemSettings.createManyAndReturn({ data: { "smtpPassword": a } }); db.systemSettings.updateManyAndReturn({ data: {} });`,
            },
          ],
        },
      ],
    },
    {
      // A local alias of the delegate.
      code: `
const table = ctx.db.systemSettings;
await table.update({ where: { id: 1 }, data: { azureOpenAiApiKey: input.key } });`,
      errors: [
        {
          messageId: "secretWrite",
          data: azure,
          line: 3,
          column: 48,
          endLine: 3,
          endColumn: 76,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "azureOpenAiApiKey" },
              output: `
const table = ctx.db.systemSettings;
await table.update({ where: { id: 1 }, data: {} });`,
            },
          ],
        },
      ],
    },
    {
      // A destructured delegate of the second settings model, named in the message.
      code: `
const { mailConfig } = prisma;
await mailConfig.update({ where: { id: 1 }, data: { smtpHost: h, smtpPassword: p } });`,
      errors: [
        {
          messageId: "secretWrite",
          data: { ...smtp, model: "MailConfig" },
          line: 3,
          column: 66,
          endLine: 3,
          endColumn: 81,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `
const { mailConfig } = prisma;
await mailConfig.update({ where: { id: 1 }, data: { smtpHost: h } });`,
            },
          ],
        },
      ],
    },
    {
      // The client of a $transaction callback; a computed key resolving to a constant.
      code: `
const FIELD = "anonymizationSeed";
await prisma.$transaction(async (tx) => {
  await tx.systemSettings.update({ where: { id: 1 }, data: { [FIELD]: randomSeed() } });
});`,
      errors: [
        {
          messageId: "secretWrite",
          data: { secret: "anonymizationSeed", model: "SystemSettings", envVar: "ANONYMIZATION_SEED" },
          line: 4,
          column: 62,
          endLine: 4,
          endColumn: 83,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "anonymizationSeed" },
              output: `
const FIELD = "anonymizationSeed";
await prisma.$transaction(async (tx) => {
  await tx.systemSettings.update({ where: { id: 1 }, data: {} });
});`,
            },
          ],
        },
      ],
    },
    {
      // The whole argument object built in a local constant.
      code: `
const args = { where: { id: 1 }, data: { smtpPassword: next } };
await prisma.systemSettings.update(args);`,
      errors: [
        {
          messageId: "secretWrite",
          data: smtp,
          line: 2,
          column: 42,
          endLine: 2,
          endColumn: 60,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `
const args = { where: { id: 1 }, data: {} };
await prisma.systemSettings.update(args);`,
            },
          ],
        },
      ],
    },
    {
      // A Prisma scalar update operation writes its `set` value.
      code: `prisma.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: { set: input.password } } });`,
      errors: [
        {
          messageId: "secretWrite",
          data: smtp,
          line: 1,
          column: 58,
          endLine: 1,
          endColumn: 95,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "smtpPassword" },
              output: `prisma.systemSettings.update({ where: { id: 1 }, data: {} });`,
            },
          ],
        },
      ],
    },
    {
      // tRPC input spread whose same-file schema (extended) accepts a secret: reported at the spread.
      code: `
const base = z.object({ aiProvider: z.string() });
export const r = adminProcedure
  .input(base.extend({ azureOpenAiApiKey: z.string().optional() }))
  .mutation(({ ctx, input }) =>
    ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input, updatedById: ctx.user.id } }),
  );`,
      errors: [
        {
          messageId: "unfilteredInput",
          data: { secrets: "'azureOpenAiApiKey'", model: "SystemSettings", envVars: "AZURE_OPENAI_API_KEY, OPENAI_API_KEY" },
          line: 6,
          column: 62,
          endLine: 6,
          endColumn: 70,
        },
      ],
    },
    {
      // The whole input as data: reported at the data value.
      code: `
export const r = adminProcedure
  .input(z.object({ anonymizationMode: z.string(), anonymizationSeed: z.string().optional() }))
  .mutation(async (opts) => {
    await opts.ctx.db.systemSettings.update({ where: { id: 1 }, data: opts.input });
  });`,
      errors: [
        {
          messageId: "unfilteredInput",
          data: { secrets: "'anonymizationSeed'", model: "SystemSettings", envVars: "ANONYMIZATION_SEED" },
          line: 5,
          column: 71,
          endLine: 5,
          endColumn: 81,
        },
      ],
    },
    {
      // Object.assign of the parsed request body into the data.
      code: `
const bodySchema = z.object({ smtpHost: z.string(), smtpPassword: z.string() });
export async function POST(req) {
  const body = bodySchema.parse(await req.json());
  await prisma.systemSettings.update({ where: { id: 1 }, data: Object.assign({ updatedAt: new Date() }, body) });
}`,
      errors: [
        {
          messageId: "unfilteredInput",
          data: { secrets: "'smtpPassword'", model: "SystemSettings", envVars: "SMTP_PASSWORD" },
          line: 5,
          column: 105,
          endLine: 5,
          endColumn: 109,
        },
      ],
    },
    {
      // A rest element that removed only one of the secrets the schema accepts.
      code: `
const schema = z.object({ smtpPassword: z.string(), azureOpenAiApiKey: z.string() });
export const r = adminProcedure.input(schema).mutation(async ({ ctx, input }) => {
  const { smtpPassword: _p, ...rest } = input;
  await ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...rest } });
});`,
      errors: [
        {
          messageId: "unfilteredInput",
          data: { secrets: "'azureOpenAiApiKey'", model: "SystemSettings", envVars: "AZURE_OPENAI_API_KEY, OPENAI_API_KEY" },
          line: 5,
          column: 66,
          endLine: 5,
          endColumn: 73,
        },
      ],
    },
    {
      // A schema that passes unknown keys through can carry any secret.
      code: `
const parsed = z.object({ smtpHost: z.string() }).passthrough().safeParse(await request.json());
await prisma.systemSettings.update({ where: { id: 1 }, data: { ...parsed.data } });`,
      errors: [
        {
          messageId: "unfilteredInput",
          data: { secrets: allSecrets, model: "SystemSettings", envVars: "SMTP_PASSWORD, AZURE_OPENAI_API_KEY, OPENAI_API_KEY, ANONYMIZATION_SEED" },
          line: 3,
          column: 64,
          endLine: 3,
          endColumn: 78,
        },
      ],
    },
    {
      // A computed key that cannot be resolved statically.
      code: `prisma.systemSettings.update({ where: { id: 1 }, data: { [field]: value } });`,
      errors: [
        {
          messageId: "unprovableKeys",
          data: { model: "SystemSettings", secrets: allSecrets },
          line: 1,
          column: 58,
          endLine: 1,
          endColumn: 72,
        },
      ],
    },
    {
      // The same key list mapped to values is not a cleanup.
      code: `prisma.systemSettings.update({ where: { id: 1 }, data: Object.fromEntries(KEYS.map((k) => [k, v])) });`,
      errors: [
        {
          messageId: "unprovableKeys",
          data: { model: "SystemSettings", secrets: allSecrets },
          line: 1,
          column: 56,
          endLine: 1,
          endColumn: 99,
        },
      ],
    },
    {
      // Object.fromEntries as data.
      code: `prisma.systemSettings.update({ where: { id: 1 }, data: Object.fromEntries(entries) });`,
      errors: [
        {
          messageId: "unprovableKeys",
          data: { model: "SystemSettings", secrets: allSecrets },
          line: 1,
          column: 56,
          endLine: 1,
          endColumn: 83,
        },
      ],
    },
    {
      // A local data object filled with Reflect.set and a member assignment after it was built.
      code: `
const data = { smtpHost: host };
Reflect.set(data, key, value);
data.smtpPassword = password;
await prisma.systemSettings.update({ where: { id: 1 }, data });`,
      errors: [
        { messageId: "unprovableKeys", data: { model: "SystemSettings", secrets: allSecrets }, line: 3, column: 1, endLine: 3, endColumn: 30 },
        { messageId: "secretWrite", data: smtp, line: 4, column: 1, endLine: 4, endColumn: 29 },
      ],
    },
    {
      // A local data object and a conditional spread of an object literal.
      code: `
const data = { smtpHost: host, ...(rotate ? { anonymizationSeed: next } : {}) };
await prisma.systemSettings.update({ where: { id: 1 }, data });`,
      errors: [
        {
          messageId: "secretWrite",
          data: { secret: "anonymizationSeed", model: "SystemSettings", envVar: "ANONYMIZATION_SEED" },
          line: 2,
          column: 47,
          endLine: 2,
          endColumn: 70,
          suggestions: [
            {
              messageId: "removeSecretProperty",
              data: { secret: "anonymizationSeed" },
              output: `
const data = { smtpHost: host, ...(rotate ? {} : {}) };
await prisma.systemSettings.update({ where: { id: 1 }, data });`,
            },
          ],
        },
      ],
    },
    {
      // Raw SQL setting a secret column of the settings table: reported at the template.
      code: `
await prisma.$executeRaw\`
  UPDATE "SystemSettings"
  SET "smtpHost" = \${host}, "smtpPassword" = \${password}
\`;`,
      errors: [
        {
          messageId: "secretSqlWrite",
          data: { secrets: "'smtpPassword'", model: "SystemSettings", envVars: "SMTP_PASSWORD" },
          line: 2,
          column: 25,
          endLine: 5,
          endColumn: 2,
        },
      ],
    },
    {
      // A \`Prisma.sql\` fragment naming the mapped column of a secret.
      code: 'const statement = Prisma.sql`UPDATE "SystemSettings" SET anonymization_seed = ${seed} WHERE id = 1`;',
      errors: [
        {
          messageId: "secretSqlWrite",
          data: {
            secrets: `'anonymizationSeed' (column "anonymization_seed")`,
            model: "SystemSettings",
            envVars: "ANONYMIZATION_SEED",
          },
          line: 1,
          column: 29,
          endLine: 1,
          endColumn: 100,
        },
      ],
    },
    {
      // $executeRawUnsafe with a plain string.
      code: `await db.$executeRawUnsafe('INSERT INTO "SystemSettings" ("id", "anonymizationSeed") VALUES ($1, $2)', 1, seed);`,
      errors: [
        {
          messageId: "secretSqlWrite",
          data: {
            secrets: `'anonymizationSeed' (column "anonymization_seed")`,
            model: "SystemSettings",
            envVars: "ANONYMIZATION_SEED",
          },
          line: 1,
          column: 28,
          endLine: 1,
          endColumn: 102,
        },
      ],
    },
  ],
});

// With type information, a spread of request input whose declared type has a secret key is caught.
const typeAwareCode = (type: string) => `
export async function POST(req: Request) {
  const body = (await req.json()) as ${type};
  await prisma.systemSettings.update({ where: { id: 1 }, data: { ...body } });
}
declare const prisma: { systemSettings: { update(args: unknown): Promise<unknown> } };
`;
const secretType = "{ smtpHost: string; smtpPassword?: string }";

const typedRuleTester = new RuleTester({
  settings,
  languageOptions: {
    parserOptions: {
      projectService: { allowDefaultProject: ["*.ts*"] },
      tsconfigRootDir: fileURLToPath(new URL("../../test-fixtures/type-aware", import.meta.url)),
    },
  },
});

typedRuleTester.run("no-secret-settings-write (type-aware)", rule, {
  valid: [typeAwareCode("{ smtpHost: string; smtpPort: number }")],
  invalid: [
    {
      code: typeAwareCode(secretType),
      errors: [
        {
          messageId: "unfilteredInput",
          data: { secrets: "'smtpPassword'", model: "SystemSettings", envVars: "SMTP_PASSWORD" },
          line: 4,
          column: 66,
          endLine: 4,
          endColumn: 73,
        },
      ],
    },
  ],
});

// The declared type of the asserted body is read from the syntax too: the same finding without type information.
ruleTester.run("no-secret-settings-write (syntactic, same code)", rule, {
  valid: [typeAwareCode("{ smtpHost: string; smtpPort: number }")],
  invalid: [
    {
      code: typeAwareCode(secretType),
      errors: [
        {
          messageId: "unfilteredInput",
          data: { secrets: "'smtpPassword'", model: "SystemSettings", envVars: "SMTP_PASSWORD" },
          line: 4,
          column: 66,
          endLine: 4,
          endColumn: 73,
        },
      ],
    },
  ],
});

// The per-file budget (settings fileBudgetMs, default 10 s): a file whose analysis runs past it is
// reported as not analysed, once, at its first line, instead of hanging the editor. A budget of 0 ms
// runs out at the first site.
const budgetTester = new RuleTester({ settings: { "secret-guardrails": { config, fileBudgetMs: 0 } } });
budgetTester.run("no-secret-settings-write (file budget)", rule, {
  valid: [
    // Nothing to analyse: no site, no budget spent.
    "export type Mail = { host: string };",
  ],
  invalid: [
    {
      code: 'await prisma.systemSettings.update({ where: { id: "s" }, data: { smtpHost: "mail" } });',
      errors: [
        {
          messageId: "fileNotAnalysed",
          line: 1,
          column: 1,
          data: { reason: "the analysis of file.ts took longer than 0 ms" },
        },
      ],
    },
  ],
});
