import type { GuardrailsConfig } from "@secret-guardrails/core";
import { RuleTester } from "../testing/rule-tester.js";
import rule from "./no-secret-in-admin-input.js";

const config: GuardrailsConfig = {
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    geminiApiKey: { env: "GEMINI_API_KEY" },
  },
};
const ruleTester = new RuleTester({ settings: { "secret-guardrails": { config } } });

const smtp = { endpoint: "updateSmtp", key: "'smtpPassword'", model: "SystemSettings", envVars: "SMTP_PASSWORD" };

ruleTester.run("no-secret-in-admin-input", rule, {
  valid: [
    // The secret is destructured away: the ADR's "ignore incoming secret payloads".
    `
export const router = { updateSmtp: adminProcedure
  .input(z.object({ smtpHost: z.string(), smtpPassword: z.string().optional() }))
  .mutation(({ ctx, input }) => {
    const { smtpPassword: _ignored, ...metadata } = input;
    return ctx.db.systemSettings.update({ where: { id: 1 }, data: metadata, select: { id: true } });
  }) };`,
    // A later property overrides the spread secret.
    `
export const updateSmtp = adminProcedure
  .input(z.object({ smtpHost: z.string(), smtpPassword: z.string() }))
  .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input, smtpPassword: undefined }, select: { id: true } }));`,
    // Accepted but never written.
    `
export const testSmtp = adminProcedure
  .input(z.object({ smtpPassword: z.string() }))
  .mutation(async ({ input }) => { await verify(input.smtpPassword); return { ok: true }; });`,
    // Not an admin endpoint (its write is still a no-secret-settings-write finding).
    `
export const updateSmtp = protectedProcedure
  .input(z.object({ smtpPassword: z.string() }))
  .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: input.smtpPassword }, select: { id: true } }));`,
    // Written to another model.
    `
export const updateUser = adminProcedure
  .input(z.object({ smtpPassword: z.string() }))
  .mutation(({ ctx, input }) => ctx.db.user.update({ where: { id: 1 }, data: { smtpPassword: input.smtpPassword } }));`,
  ],
  invalid: [
    {
      // Written property by property: reported at the schema property that accepts it.
      code: `
export const router = { updateSmtp: adminProcedure
  .input(z.object({ smtpHost: z.string(), smtpPassword: z.string().optional() }))
  .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: input.smtpPassword }, select: { id: true } })) };`,
      errors: [{ messageId: "secretInAdminInput", data: smtp, line: 3, column: 43, endLine: 3, endColumn: 78 }],
    },
    {
      // The whole input spread, its schema extended in place.
      code: `
const base = z.object({ geminiModel: z.string() });
export const updateGemini = adminProcedure
  .input(base.extend({ geminiApiKey: z.string() }))
  .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input }, select: { id: true } }));`,
      errors: [
        {
          messageId: "secretInAdminInput",
          data: { endpoint: "updateGemini", key: "'geminiApiKey'", model: "SystemSettings", envVars: "GEMINI_API_KEY" },
          line: 4,
          column: 24,
          endLine: 4,
          endColumn: 48,
        },
      ],
    },
    {
      // Through a helper in the same file.
      code: `
function save(db, data) { return db.systemSettings.update({ where: { id: 1 }, data }); }
export const updateSmtp = adminProcedure
  .input(z.object({ smtpPassword: z.string() }))
  .mutation(async ({ ctx, input }) => { await save(ctx.db, { smtpPassword: input.smtpPassword }); return { ok: true }; });`,
      errors: [{ messageId: "secretInAdminInput", data: smtp, line: 4, column: 21, endLine: 4, endColumn: 45 }],
    },
    {
      // Carried under another key: the schema property the value comes from, named with the column.
      code: `
export const updateSmtp = adminProcedure
  .input(z.object({ password: z.string() }))
  .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: input.password }, select: { id: true } }));`,
      errors: [
        {
          messageId: "secretInAdminInput",
          data: { ...smtp, key: "'password' (written as 'smtpPassword')" },
          line: 3,
          column: 21,
          endLine: 3,
          endColumn: 41,
        },
      ],
    },
    {
      // An admin route handler whose parsed body is written.
      code: `
const schema = z.object({ smtpHost: z.string(), smtpPassword: z.string() });
export async function PATCH(request: Request) {
  const body = schema.parse(await request.json());
  await prisma.systemSettings.update({ where: { id: 1 }, data: body });
  return Response.json({ ok: true });
}`,
      filename: "app/api/admin/settings/route.ts",
      errors: [{ messageId: "secretInAdminInput", data: { ...smtp, endpoint: "PATCH" }, line: 2, column: 49, endLine: 2, endColumn: 73 }],
    },
  ],
});
