import { describe, expect, it } from "vitest";
import { sortFindings, type GuardrailsConfig } from "@secret-guardrails/core";
import { applyCheck } from "../check.js";
import { ANALYSIS_COMPILER_OPTIONS } from "../load-project.js";
import { createTestContext } from "../testing/create-test-context.js";
import rawSecretResponse from "./raw-secret-response.js";

const config: GuardrailsConfig = {
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    geminiApiKey: { env: "GEMINI_API_KEY" },
    anonymizationSeed: { env: "ANONYMIZATION_SEED" },
  },
};

/** Shared modules: a row-returning store, an env-first resolver and a status helper. */
const LIB = {
  "src/trpc.ts": `
export declare const adminProcedure: any;
export declare const protectedProcedure: any;
export declare function router(routes: object): unknown;
`,
  "src/lib/store.ts": `
import type { PrismaClient } from "@prisma/client";
export const metadataSelect = { smtpHost: true, smtpUser: true, geminiModel: true } satisfies Record<string, boolean>;
export async function getSettings(db: PrismaClient) {
  const existing = await db.systemSettings.findUnique({ where: { id: "singleton" } });
  if (existing) return existing;
  return db.systemSettings.create({ data: { id: "singleton" } });
}
export function getMetadata(db: PrismaClient) {
  return db.systemSettings.findUniqueOrThrow({ where: { id: "singleton" }, select: metadataSelect });
}
`,
  "src/lib/env.ts": `
import { createEnv } from "@t3-oss/env-core";
export const serverEnv = createEnv({ runtimeEnv: process.env });
export const HINTS = { SMTP_PASSWORD: "Set SMTP_PASSWORD in the deployment" };
`,
  "src/lib/settings-service.ts": `
import type { PrismaClient } from "@prisma/client";
export class SettingsService {
  constructor(private readonly db: PrismaClient) {}
  load() {
    return this.db.systemSettings.findFirstOrThrow();
  }
  async summary() {
    const row = await this.load();
    return { host: row.smtpHost, hasPassword: Boolean(row.smtpPassword) };
  }
}
`,
  "src/lib/secrets.ts": `
type Key = "smtpPassword" | "geminiApiKey" | "anonymizationSeed";
export function resolveSecret(key: Key, legacy: Partial<Record<Key, string | null>> | null) {
  const fromEnv = process.env[key.toUpperCase()];
  if (fromEnv) return { value: fromEnv, source: "environment" as const };
  const stored = legacy?.[key];
  if (stored) return { value: stored, source: "legacy-database" as const };
  return { value: undefined, source: "missing" as const };
}
export function describeSecrets(legacy: Partial<Record<Key, string | null>> | null) {
  const status = {} as Record<Key, { present: boolean; source: string }>;
  for (const key of ["smtpPassword", "geminiApiKey", "anonymizationSeed"] as const) {
    const { source } = resolveSecret(key, legacy);
    status[key] = { present: source !== "missing", source };
  }
  return status;
}
`,
};

const HEADER = `
import { adminProcedure, protectedProcedure, router } from "../trpc";
import { getMetadata, getSettings, metadataSelect } from "../lib/store";
import { describeSecrets, resolveSecret } from "../lib/secrets";
import { HINTS, serverEnv } from "../lib/env";
import { SettingsService } from "../lib/settings-service";
`;

function run(files: Record<string, string>) {
  const context = createTestContext({ ...LIB, ...files }, config, { lib: ANALYSIS_COMPILER_OPTIONS.lib, types: [] });
  return sortFindings(applyCheck(rawSecretResponse, context)).map((finding) => ({
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    ...(finding.secret ? { secret: finding.secret } : {}),
  }));
}

const at = (file: string, line: number, column: number, endLine: number, endColumn: number, secret?: string) => ({
  file,
  line,
  column,
  endLine,
  endColumn,
  ...(secret ? { secret } : {}),
});

/** A router file whose procedures start on line 9. */
const routerFile = (procedures: string) => `${HEADER}
export const settingsRouter = router({
${procedures}
});
`;

describe("raw-secret-response: valid", () => {
  it.each([
    [
      "presence and source status",
      `  status: adminProcedure.query(async ({ ctx }) => {
    const settings = await getSettings(ctx.db);
    const seed = resolveSecret("anonymizationSeed", settings);
    return {
      host: settings.smtpHost ?? process.env.SMTP_HOST,
      hasSmtpPassword: Boolean(process.env.SMTP_PASSWORD || settings.smtpPassword),
      smtpPasswordSource: resolveSecret("smtpPassword", settings).source,
      hasSeed: seed.source !== "missing",
      seedSource: seed.source,
      legacyStored: !!settings.geminiApiKey,
    };
  }),`,
    ],
    ["a status helper's result", `  secrets: adminProcedure.query(async ({ ctx }) => ({ secrets: describeSecrets(await getSettings(ctx.db)) })),`],
    ["a non-secret select from another file", `  metadata: adminProcedure.query(({ ctx }) => getMetadata(ctx.db)),`],
    [
      "a local select constant without secrets",
      `  update: adminProcedure.mutation(({ ctx }) =>
    ctx.db.systemSettings.update({ where: { id: "singleton" }, data: { smtpHost: "mail" }, select: metadataSelect }),
  ),`,
    ],
    ["field names as strings", `  clear: adminProcedure.mutation(() => ({ cleared: ["smtpPassword", "geminiApiKey"] })),`],
    ["a non-admin procedure", `  mine: protectedProcedure.query(({ ctx }) => getSettings(ctx.db)),`],
    [
      "a spread whose secrets are all overwritten",
      `  masked: adminProcedure.query(async ({ ctx }) => {
    const row = await getSettings(ctx.db);
    return { ...row, smtpPassword: undefined, geminiApiKey: undefined, anonymizationSeed: undefined };
  }),`,
    ],
    [
      "the rest of a row without any secret",
      `  safe: adminProcedure.query(async ({ ctx }) => {
    const { smtpPassword, geminiApiKey, anonymizationSeed, ...safe } = await getSettings(ctx.db);
    return safe;
  }),`,
    ],
    [
      "a read that omits every secret",
      `  omitted: adminProcedure.query(({ ctx }) =>
    ctx.db.systemSettings.findFirst({ omit: { smtpPassword: true, geminiApiKey: true, anonymizationSeed: true } }),
  ),`,
    ],
    [
      "a select that switches the secret off",
      `  off: adminProcedure.query(({ ctx }) => ctx.db.systemSettings.findFirst({ select: { smtpHost: true, smtpPassword: false } })),`,
    ],
    ["a service's presence summary", `  summary: adminProcedure.query(({ ctx }) => new SettingsService(ctx.db).summary()),`],
    ["a hint keyed by the env var name", `  hint: adminProcedure.query(() => ({ hint: HINTS.SMTP_PASSWORD })),`],
    [
      "a secret that was only the input",
      `  echo: adminProcedure.mutation(({ input }) => ({ received: input.smtpPassword !== undefined })),`,
    ],
  ])("%s", (_name, procedures) => {
    expect(run({ "src/router/settings.ts": routerFile(procedures) })).toEqual([]);
  });

  it("ignores responses of non-admin route handlers", () => {
    const route = `
import { NextResponse } from "next/server";
import { db } from "../../../../lib/db";
export async function GET() {
  return NextResponse.json(await db.systemSettings.findFirst());
}
`;
    expect(run({ "src/app/api/health/route.ts": route })).toEqual([]);
  });

  it("accepts admin route responses with status only", () => {
    const route = `
import { NextResponse } from "next/server";
import { db } from "../../../../lib/db";
import { describeSecrets } from "../../../../lib/secrets";
export async function GET() {
  const legacy = await db.systemSettings.findFirst({ select: { smtpPassword: true } });
  if (!legacy) return NextResponse.json({ error: "missing" }, { status: 404 });
  return NextResponse.json({ secrets: describeSecrets(legacy), checkedAt: new Date().toISOString() });
}
`;
    expect(run({ "src/app/api/admin/status/route.ts": route })).toEqual([]);
  });
});

describe("raw-secret-response: invalid tRPC procedures", () => {
  it("reports a whole row returned straight from the delegate", () => {
    const source = routerFile(`  all: adminProcedure.query(({ ctx }) => {
    return ctx.db.systemSettings.findUniqueOrThrow({ where: { id: "singleton" } });
  }),`);
    expect(run({ "src/router/settings.ts": source })).toEqual([at("src/router/settings.ts", 10, 12, 10, 83)]);
  });

  it("reports a row from a helper in another file, returned through a variable", () => {
    const source = routerFile(`  all: adminProcedure.query(async ({ ctx }) => {
    const settings = await getSettings(ctx.db);
    return settings;
  }),`);
    expect(run({ "src/router/settings.ts": source })).toEqual([at("src/router/settings.ts", 11, 12, 11, 20)]);
  });

  it("reports a spread row at the spread, naming the secrets left", () => {
    const source = routerFile(`  ai: adminProcedure.query(async ({ ctx }) => {
    const settings = await getSettings(ctx.db);
    return { ...settings, smtpPassword: null };
  }),`);
    const context = createTestContext({ ...LIB, "src/router/settings.ts": source }, config, { lib: ANALYSIS_COMPILER_OPTIONS.lib, types: [] });
    expect(applyCheck(rawSecretResponse, context)).toEqual([
      expect.objectContaining({
        line: 11,
        column: 14,
        endColumn: 25,
        message:
          "Admin endpoint returns a settings row that still carries 'geminiApiKey', 'anonymizationSeed'. Select or copy only non-secret fields and return presence and source instead (e.g. `hasGeminiApiKey: Boolean(...)`, `source: \"env\"`); ADR 0001 rule 2.",
      }),
    ]);
  });

  it("reports the select property that picks a secret, or the call when the keys come from elsewhere", () => {
    const source = routerFile(`  gemini: adminProcedure.query(({ ctx }) =>
    ctx.db.systemSettings.findUnique({
      where: { id: "singleton" },
      select: { geminiModel: true, geminiApiKey: true },
    }),
  ),
  smtp: adminProcedure.query(({ ctx }) =>
    ctx.db.systemSettings.findFirst({ select: { ...metadataSelect, smtpPassword: true } }),
  ),`);
    expect(run({ "src/router/settings.ts": source })).toEqual([
      at("src/router/settings.ts", 12, 36, 12, 54, "geminiApiKey"),
      // A select built with a spread of keys from elsewhere still names this secret: at its property.
      at("src/router/settings.ts", 16, 68, 16, 86, "smtpPassword"),
    ]);
  });

  it("reports properties carrying a secret value, from the row and from the environment, nested too", () => {
    const source = routerFile(`  smtp: adminProcedure.query(async ({ ctx }) => {
    const settings = await getSettings(ctx.db);
    return {
      host: settings.smtpHost,
      password: settings.smtpPassword,
      transport: { auth: { user: settings.smtpUser, pass: process.env.SMTP_PASSWORD } },
    };
  }),`);
    expect(run({ "src/router/settings.ts": source })).toEqual([
      at("src/router/settings.ts", 13, 7, 13, 38, "smtpPassword"),
      at("src/router/settings.ts", 14, 53, 14, 84, "smtpPassword"),
    ]);
  });

  it("reports a nested row, a destructured secret and a local response object at their properties", () => {
    const source = routerFile(`  nested: adminProcedure.query(async ({ ctx }) => {
    const row = await getSettings(ctx.db);
    const { geminiApiKey } = row;
    const body = { config: row, geminiApiKey };
    return body;
  }),`);
    expect(run({ "src/router/settings.ts": source })).toEqual([
      at("src/router/settings.ts", 12, 20, 12, 31),
      at("src/router/settings.ts", 12, 33, 12, 45, "geminiApiKey"),
    ]);
  });

  it("reports a row from a service method and an env value from an opaque env module", () => {
    const source = routerFile(`  all: adminProcedure.query(({ ctx }) => new SettingsService(ctx.db).load()),
  env: adminProcedure.query(() => ({ smtp: serverEnv.SMTP_PASSWORD })),`);
    expect(run({ "src/router/settings.ts": source })).toEqual([
      at("src/router/settings.ts", 9, 42, 9, 76),
      at("src/router/settings.ts", 10, 38, 10, 67, "smtpPassword"),
    ]);
  });

  it("reports a procedure built on an admin procedure constant from another file", () => {
    const procedures = `
import { adminProcedure } from "../trpc";
export const staffProcedure = adminProcedure.use(async (opts: any) => opts.next());
`;
    const source = `
import { router } from "../trpc";
import { staffProcedure } from "./procedures";
import { getSettings } from "../lib/store";
export const staffRouter = router({
  settings: staffProcedure.query(({ ctx }: any) => getSettings(ctx.db)),
});
`;
    expect(run({ "src/router/procedures.ts": procedures, "src/router/staff.ts": source })).toEqual([
      at("src/router/staff.ts", 6, 52, 6, 71),
    ]);
  });

  it("reports a row returned from a $transaction callback", () => {
    const source = routerFile(`  tx: adminProcedure.mutation(({ ctx }) =>
    ctx.db.$transaction(async (tx: any) => {
      const updated = await tx.systemSettings.update({ where: { id: "singleton" }, data: { smtpHost: "x" } });
      return updated;
    }),
  ),`);
    expect(run({ "src/router/settings.ts": source })).toEqual([at("src/router/settings.ts", 10, 5, 13, 7)]);
  });
});

describe("raw-secret-response: invalid route handlers", () => {
  it("reports NextResponse.json(row) of an admin route", () => {
    const route = `
import { NextResponse } from "next/server";
import { db } from "../../../../lib/db";
export async function GET() {
  const settings = await db.systemSettings.findUnique({ where: { id: "singleton" } });
  if (!settings) return NextResponse.json({ error: "not found" }, { status: 404 });
  return NextResponse.json(settings);
}
`;
    expect(run({ "src/app/api/admin/settings/route.ts": route })).toEqual([
      at("src/app/api/admin/settings/route.ts", 7, 28, 7, 36),
    ]);
  });

  it("reports the rest of a destructured row that still carries secrets", () => {
    const route = `
import { NextResponse } from "next/server";
import { db } from "../../../../../lib/db";
export async function GET() {
  const row = await db.systemSettings.findUniqueOrThrow({ where: { id: "singleton" } });
  const { id, updatedAt, smtpPassword, ...exportable } = row;
  return NextResponse.json({ version: 1, updatedAt, settings: exportable });
}
`;
    expect(run({ "src/app/api/admin/settings/export/route.ts": route })).toEqual([
      at("src/app/api/admin/settings/export/route.ts", 7, 53, 7, 73),
    ]);
  });

  it("reports new Response(JSON.stringify(x)) and Response.json({ shorthand })", () => {
    const route = `
import { getSettings } from "../../../../lib/store";
import { db } from "../../../../lib/db";
export async function GET() {
  return new Response(JSON.stringify(await getSettings(db)), { headers: { "content-type": "application/json" } });
}
export async function POST() {
  const settings = await getSettings(db);
  return Response.json({ settings });
}
`;
    expect(run({ "src/app/api/admin/dump/route.ts": route })).toEqual([
      at("src/app/api/admin/dump/route.ts", 5, 44, 5, 59),
      at("src/app/api/admin/dump/route.ts", 9, 26, 9, 34),
    ]);
  });

  it("reports res.status(200).json(row) of a pages/api admin handler", () => {
    const handler = `
import { db } from "../../../lib/db";
export default async function handler(req: unknown, res: any) {
  const settings = await db.systemSettings.findFirst();
  res.status(200).json(settings);
}
`;
    expect(run({ "src/pages/api/admin/settings.ts": handler })).toEqual([at("src/pages/api/admin/settings.ts", 5, 24, 5, 32)]);
  });
});
