import { describe, expect, it } from "vitest";
import { sortFindings, type GuardrailsConfig } from "@secret-guardrails/core";
import { applyCheck } from "../check.js";
import { createTestContext } from "../testing/create-test-context.js";
import { expectedFinding, locate } from "../testing/locate.js";
import check from "./secret-in-admin-input.js";

const CONFIG: GuardrailsConfig = {
  secrets: { smtpPassword: { env: "SMTP_PASSWORD" }, openAiApiKey: { env: "OPENAI_API_KEY" } },
};
const ENV: Record<string, string> = { smtpPassword: "SMTP_PASSWORD", openAiApiKey: "OPENAI_API_KEY" };

type Files = Record<string, string>;

function run(files: Files) {
  return sortFindings(applyCheck(check, createTestContext(files, CONFIG, { noLib: true })));
}

function accepted(files: Files, file: string, snippet: string, secret: string, endpoint: string, context?: string, key = secret) {
  return expectedFinding(
    check,
    locate(files, file, snippet, context),
    "secretInAdminInput",
    {
      endpoint,
      key: key === secret ? `'${secret}'` : `'${key}' (written as '${secret}')`,
      model: "SystemSettings",
      envVars: ENV[secret]!,
    },
    { secret },
  );
}

const TRPC = `export const adminProcedure: any = {};
export const protectedProcedure: any = {};
export const settingsProcedure = adminProcedure.use(() => {});
`;

describe("secret-in-admin-input: tRPC admin procedures", () => {
  it("reports the schema property when the handler writes the key, spread or whole", () => {
    const files: Files = {
      "src/trpc.ts": TRPC,
      "src/router.ts": `import { z } from "zod";
import { adminProcedure } from "./trpc";
const base = z.object({ smtpHost: z.string() });
export const router = {
  smtp: adminProcedure
    .input(base.extend({ smtpPassword: z.string().optional() }))
    .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ data: { ...input } })),
  key: adminProcedure
    .input(z.object({ openAiApiKey: z.string(), model: z.string() }))
    .mutation(async ({ ctx, input }) => {
      await ctx.db.systemSettings.update({ data: { model: input.model, openAiApiKey: input.openAiApiKey } });
    }),
  renamed: adminProcedure
    .input(z.object({ password: z.string() }))
    .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ data: { smtpPassword: input.password } })),
};
`,
    };
    expect(run(files)).toEqual([
      accepted(files, "src/router.ts", "smtpPassword: z.string().optional()", "smtpPassword", "smtp"),
      accepted(files, "src/router.ts", "openAiApiKey: z.string()", "openAiApiKey", "key"),
      accepted(files, "src/router.ts", "password: z.string()", "smtpPassword", "renamed", undefined, "password"),
    ]);
  });

  it("leaves inputs whose secret is destructured away or never written, and non-admin procedures", () => {
    const files: Files = {
      "src/trpc.ts": TRPC,
      "src/router.ts": `import { z } from "zod";
import { adminProcedure, protectedProcedure } from "./trpc";
const legacy = z.object({ smtpHost: z.string(), smtpPassword: z.string().optional() });
export const router = {
  ignoring: adminProcedure.input(legacy).mutation(async ({ ctx, input }) => {
    const { smtpPassword: _legacy, ...metadata } = input;
    await ctx.db.systemSettings.update({ data: metadata });
    return { ignored: input.smtpPassword !== undefined };
  }),
  hostOnly: adminProcedure.input(legacy).mutation(({ ctx, input }) =>
    ctx.db.systemSettings.update({ data: { smtpHost: input.smtpHost } }),
  ),
  elsewhere: adminProcedure.input(legacy).mutation(({ ctx, input }) => ctx.db.mailLog.create({ data: input })),
  notAdmin: protectedProcedure.input(legacy).mutation(({ ctx, input }) => ctx.db.systemSettings.update({ data: input })),
};
`,
    };
    expect(run(files)).toEqual([]);
  });

  it("reports at the .input(...) argument when the schema property sits in another file; follows procedure constants", () => {
    const files: Files = {
      "src/trpc.ts": TRPC,
      "src/schemas.ts": `import { z } from "zod";
export const aiSchema = z.object({ model: z.string() });
export const aiWithKey = aiSchema.merge(z.object({ openAiApiKey: z.string().min(20) })).partial();
`,
      "src/router.ts": `import { aiWithKey } from "./schemas";
import { settingsProcedure } from "./trpc";
export const router = {
  ai: settingsProcedure.input(aiWithKey).mutation(({ ctx, input }) => ctx.db.systemSettings.update({ data: input })),
};
`,
    };
    expect(run(files)).toEqual([accepted(files, "src/router.ts", "aiWithKey", "openAiApiKey", "ai", ".input(")]);
  });

  it("reports when the handler passes the input to a helper in another module that writes it", () => {
    const files: Files = {
      "src/trpc.ts": TRPC,
      "src/store.ts": `export function saveSettings(db: any, patch: object) {
  return db.systemSettings.update({ where: { id: 1 }, data: patch });
}
`,
      "src/router.ts": `import { z } from "zod";
import { adminProcedure } from "./trpc";
import { saveSettings } from "./store";
export const router = {
  save: adminProcedure
    .input(z.object({ smtpHost: z.string(), smtpPassword: z.string() }))
    .mutation(({ ctx, input }) => saveSettings(ctx.db, input)),
  raw: adminProcedure
    .input(z.object({ openAiApiKey: z.string() }))
    .mutation(({ ctx, input }) => ctx.db.$executeRaw\`UPDATE "SystemSettings" SET "openAiApiKey" = \${input.openAiApiKey}\`),
};
`,
    };
    expect(run(files)).toEqual([
      accepted(files, "src/router.ts", "smtpPassword: z.string()", "smtpPassword", "save"),
      accepted(files, "src/router.ts", "openAiApiKey: z.string()", "openAiApiKey", "raw"),
    ]);
  });
});

describe("secret-in-admin-input: builders and helper parameters", () => {
  it("follows input through a data builder in another file and a helper that writes one property of its parameter", () => {
    const files: Files = {
      "src/trpc.ts": TRPC,
      "src/build.ts": `export function buildSmtpData(values: { smtpHost: string; smtpPassword?: string }) {
  return { smtpHost: values.smtpHost, smtpPassword: values.smtpPassword };
}
export function saveKey(db: any, options: { key: string }) {
  return db.systemSettings.update({ data: { openAiApiKey: options.key } });
}
`,
      "src/router.ts": `import { z } from "zod";
import { adminProcedure } from "./trpc";
import { buildSmtpData, saveKey } from "./build";
export const router = {
  smtp: adminProcedure
    .input(z.object({ smtpHost: z.string(), smtpPassword: z.string() }))
    .mutation(({ ctx, input }) => ctx.db.systemSettings.update({ data: buildSmtpData(input) })),
  key: adminProcedure
    .input(z.object({ key: z.string() }))
    .mutation(({ ctx, input }) => saveKey(ctx.db, input)),
  other: adminProcedure
    .input(z.object({ label: z.string() }))
    .mutation(({ ctx, input }) => saveKey(ctx.db, input)),
};
`,
    };
    expect(run(files)).toEqual([
      accepted(files, "src/router.ts", "smtpPassword: z.string()", "smtpPassword", "smtp"),
      accepted(files, "src/router.ts", "key: z.string()", "openAiApiKey", "key", undefined, "key"),
    ]);
  });
});

describe("secret-in-admin-input: admin route handlers", () => {
  const route = `import { z } from "zod";
import { prisma } from "@acme/db";
const smtpSchema = z.object({ smtpHost: z.string(), smtpPassword: z.string().optional() });
export async function PATCH(req: Request) {
  const body = smtpSchema.parse(await req.json());
  await prisma.systemSettings.update({ where: { id: 1 }, data: body });
  return Response.json({ ok: true });
}
`;

  it("reports a parsed body written by a handler under an admin path, not under another path", () => {
    const files: Files = {
      "app/api/admin/smtp/route.ts": route,
      "app/api/smtp/route.ts": route,
    };
    expect(run(files)).toEqual([accepted(files, "app/api/admin/smtp/route.ts", "smtpPassword: z.string().optional()", "smtpPassword", "PATCH")]);
  });
});
