/**
 * The construct x category matrix: for every construct the engine follows, a violating snippet and
 * its clean twin, run through BOTH drivers (the ESLint plugin on the file alone, and the checker on
 * a project of that file). One table, two drivers, the same verdict.
 */
import { parseDrizzleTables, parsePrismaSchema, type GuardrailsConfig, type PrismaModel } from "@secret-guardrails/core";
import { describe, expect, it } from "vitest";
import { checkerVerdict, eslintVerdict } from "./drivers.js";

const config: GuardrailsConfig = {
  secrets: {
    smtpPassword: { env: "SMTP_PASSWORD" },
    geminiApiKey: { env: "GEMINI_API_KEY" },
    anonymizationSeed: { env: "ANONYMIZATION_SEED" },
  },
};

type Category = "secret-settings-write" | "db-before-env" | "raw-secret-response" | "secret-in-admin-input";

interface Case {
  readonly construct: string;
  /** The settings stores (default: the SystemSettings row of `config`). */
  readonly stores?: { readonly config: GuardrailsConfig; readonly models: readonly PrismaModel[] };
  readonly category: Category;
  readonly bad: string;
  readonly good: string;
  /** Where the file sits (route handlers are recognised by their path). */
  readonly file?: string;
}

/** A write on the settings table; `pre` declares what the data needs. */
const W = (data: string, pre = "") => `declare const prisma: any;
declare const value: string;
${pre}
export async function save() {
  await prisma.systemSettings.update({ where: { id: 1 }, data: ${data} });
}
`;

/** A function with a settings row and the env in scope. */
const D = (body: string, pre = "") => `declare const prisma: any;
declare function use(value: unknown): void;
${pre}
export async function main() {
  const settings = await prisma.systemSettings.findFirstOrThrow();
  ${body}
}
`;

/** An admin tRPC query with a settings row in scope. */
const R = (body: string, pre = "") => `declare const adminProcedure: any;
${pre}
export const r = adminProcedure.query(async ({ ctx }: any) => {
  const settings = await ctx.db.systemSettings.findFirstOrThrow();
  ${body}
});
`;

/** An admin tRPC mutation whose input schema accepts a secret. */
const I = (body: string, schema = "z.object({ smtpHost: z.string(), smtpPassword: z.string().optional() })") => `declare const adminProcedure: any;
declare const z: any;
export const r = adminProcedure.input(${schema}).mutation(async ({ ctx, input }: any) => {
  ${body}
  return { ok: true };
});
`;

const cases: Case[] = [
  // ---- Propagation -------------------------------------------------------------------------------
  { construct: "assignment", category: "db-before-env", bad: D("let k; k = settings.smtpPassword; use(k ?? process.env.SMTP_PASSWORD);"), good: D("let k; k = process.env.SMTP_PASSWORD; use(k ?? settings.smtpPassword);") },
  { construct: "destructuring rename", category: "db-before-env", bad: D("const { smtpPassword: pw } = settings; use(pw ?? process.env.SMTP_PASSWORD);"), good: D("const { smtpPassword: pw } = settings; use(process.env.SMTP_PASSWORD ?? pw);") },
  { construct: "destructuring default", category: "db-before-env", bad: D("const { smtpPassword = process.env.SMTP_PASSWORD } = settings; use(smtpPassword);"), good: D("const smtpPassword = process.env.SMTP_PASSWORD ?? settings.smtpPassword; use(smtpPassword);") },
  { construct: "destructuring rest", category: "raw-secret-response", bad: R("const { id, ...rest } = settings; return rest;"), good: R("const { id, smtpPassword, geminiApiKey, anonymizationSeed, ...rest } = settings; return rest;") },
  { construct: "nested destructuring", category: "raw-secret-response", bad: R("const { row: { smtpPassword } } = { row: settings }; return { smtpPassword };"), good: R("const { row: { smtpHost } } = { row: settings }; return { smtpHost };") },
  { construct: "object literal", category: "raw-secret-response", bad: R("return { password: settings.smtpPassword };"), good: R("return { hasPassword: Boolean(settings.smtpPassword) };") },
  { construct: "array literal", category: "raw-secret-response", bad: R("return [settings.smtpHost, settings.smtpPassword];"), good: R("return [settings.smtpHost, !!settings.smtpPassword];") },
  { construct: "spread, the later property wins", category: "raw-secret-response", bad: R("return { smtpPassword: undefined, ...settings };"), good: R("return { ...settings, smtpPassword: undefined, geminiApiKey: undefined, anonymizationSeed: undefined };") },
  { construct: "property access: constant bracket key", category: "db-before-env", bad: D('const KEY = "smtpPassword"; use(settings[KEY] ?? process.env.SMTP_PASSWORD);'), good: D('const KEY = "smtpPassword"; use(process.env.SMTP_PASSWORD ?? settings[KEY]);') },
  { construct: "property access: optional chaining", category: "db-before-env", bad: D('use(settings?.["geminiApiKey"] ?? process.env.GEMINI_API_KEY);'), good: D('use(process.env.GEMINI_API_KEY ?? settings?.["geminiApiKey"]);') },
  { construct: "?: on the DB value", category: "db-before-env", bad: D("use(settings.smtpPassword ? settings.smtpPassword : process.env.SMTP_PASSWORD);"), good: D("use(process.env.SMTP_PASSWORD ? process.env.SMTP_PASSWORD : settings.smtpPassword);") },
  { construct: "|| chain", category: "db-before-env", bad: D("use(settings.geminiApiKey || process.env.GEMINI_API_KEY || '');"), good: D("use(process.env.GEMINI_API_KEY || settings.geminiApiKey || '');") },
  { construct: "??= assignment", category: "db-before-env", bad: D("let k = settings.smtpPassword; k ??= process.env.SMTP_PASSWORD; use(k);"), good: D("let k = process.env.SMTP_PASSWORD; k ??= settings.smtpPassword; use(k);") },
  { construct: "||= assignment", category: "db-before-env", bad: D("let k = settings.smtpPassword; k ||= process.env.SMTP_PASSWORD; use(k);"), good: D("let k = process.env.SMTP_PASSWORD; k ||= settings.smtpPassword; use(k);") },
  { construct: "if assignment overriding the env", category: "db-before-env", bad: D("let k = process.env.SMTP_PASSWORD; if (settings.smtpPassword) k = settings.smtpPassword; use(k);"), good: D("let k = process.env.SMTP_PASSWORD; if (!k && settings.smtpPassword) k = settings.smtpPassword; use(k);") },
  { construct: "&& keeps the right side", category: "raw-secret-response", bad: R("const enabled = true; return { key: enabled && settings.geminiApiKey };"), good: R('return { key: settings.geminiApiKey && "configured" };') },
  { construct: "template literal", category: "raw-secret-response", bad: R("return { auth: `Bearer ${settings.geminiApiKey}` };"), good: R("return { auth: `configured: ${Boolean(settings.geminiApiKey)}` };") },
  { construct: "await of a promise", category: "raw-secret-response", bad: R("const again = await Promise.resolve(settings); return again;"), good: R("const again = await Promise.resolve(settings.smtpHost); return again;") },
  { construct: "Promise.all", category: "raw-secret-response", bad: R("const [row] = await Promise.all([ctx.db.systemSettings.findFirst()]); return row;"), good: R('const [row] = await Promise.all([ctx.db.systemSettings.findFirst({ select: { smtpHost: true } })]); return row;') },
  { construct: "Promise.race", category: "raw-secret-response", bad: R("return Promise.race([ctx.db.systemSettings.findFirst()]);"), good: R('return Promise.race([ctx.db.systemSettings.findFirst({ select: { smtpHost: true } })]);') },
  { construct: "Promise.allSettled", category: "raw-secret-response", bad: R("const [result] = await Promise.allSettled([ctx.db.systemSettings.findFirst()]); return result.value;"), good: R("const [result] = await Promise.allSettled([ctx.db.systemSettings.findFirst()]); return result.status;") },
  { construct: ".then callback", category: "raw-secret-response", bad: R("return ctx.db.systemSettings.findFirst().then((row: any) => row?.smtpPassword);"), good: R("return ctx.db.systemSettings.findFirst().then((row: any) => Boolean(row?.smtpPassword));") },
  { construct: "JSON.stringify / JSON.parse", category: "raw-secret-response", bad: R("return JSON.parse(JSON.stringify(settings));"), good: R("return JSON.parse(JSON.stringify({ host: settings.smtpHost }));") },
  { construct: "structuredClone", category: "raw-secret-response", bad: R("return structuredClone(settings);"), good: R("return structuredClone({ host: settings.smtpHost });") },
  { construct: "Object.assign", category: "raw-secret-response", bad: R("return Object.assign({}, settings);"), good: R("return Object.assign({}, { host: settings.smtpHost });") },
  { construct: "Object.entries / fromEntries", category: "raw-secret-response", bad: R("return Object.fromEntries(Object.entries(settings));"), good: R("return Object.keys(settings);") },
  { construct: "Object.values", category: "raw-secret-response", bad: R("return Object.values(settings);"), good: R("return Object.keys(settings).length;") },
  { construct: "array map", category: "raw-secret-response", bad: R("const rows = await ctx.db.systemSettings.findMany(); return rows.map((row: any) => row.smtpPassword);"), good: R("const rows = await ctx.db.systemSettings.findMany(); return rows.map((row: any) => row.smtpHost);") },
  { construct: "array filter", category: "raw-secret-response", bad: R("const rows = await ctx.db.systemSettings.findMany(); return rows.filter(Boolean);"), good: R("const rows = await ctx.db.systemSettings.findMany(); return rows.filter(Boolean).length;") },
  { construct: "array reduce", category: "raw-secret-response", bad: R('const rows = await ctx.db.systemSettings.findMany(); return rows.reduce((all: string, row: any) => all + row.smtpPassword, "");'), good: R('const rows = await ctx.db.systemSettings.findMany(); return rows.reduce((all: string, row: any) => all + row.smtpHost, "");') },
  { construct: "array find", category: "raw-secret-response", bad: R("const rows = await ctx.db.systemSettings.findMany(); return rows.find((row: any) => row.id === 1);"), good: R("const rows = await ctx.db.systemSettings.findMany(); return rows.find((row: any) => row.id === 1)?.smtpHost;") },
  { construct: "array flatMap", category: "raw-secret-response", bad: R("const rows = await ctx.db.systemSettings.findMany(); return rows.flatMap((row: any) => [row.smtpPassword]);"), good: R("const rows = await ctx.db.systemSettings.findMany(); return rows.flatMap((row: any) => [row.smtpHost]);") },
  { construct: "array forEach and push", category: "raw-secret-response", bad: R("const rows = await ctx.db.systemSettings.findMany(); const out: string[] = []; rows.forEach((row: any) => out.push(row.smtpPassword)); return out;"), good: R("const rows = await ctx.db.systemSettings.findMany(); const out: string[] = []; rows.forEach((row: any) => out.push(row.smtpHost)); return out;") },
  { construct: "array concat, slice, at", category: "raw-secret-response", bad: R("const rows = await ctx.db.systemSettings.findMany(); return [[], rows.slice(0, 1), rows.at(0)];"), good: R("const rows = await ctx.db.systemSettings.findMany(); return [rows.length, rows.slice(0, 1).length];") },
  { construct: "Map", category: "raw-secret-response", bad: R('const map = new Map([["key", settings.geminiApiKey]]); return { key: map.get("key") };'), good: R('const map = new Map([["host", settings.smtpHost]]); return { host: map.get("host") };') },
  { construct: "Map.set then get", category: "raw-secret-response", bad: R('const map = new Map<string, unknown>(); map.set("key", settings.geminiApiKey); return { key: map.get("key") };'), good: R('const map = new Map<string, unknown>(); map.set("key", Boolean(settings.geminiApiKey)); return { key: map.get("key") };') },
  { construct: "Set", category: "raw-secret-response", bad: R("const set = new Set([settings.smtpPassword]); return [...set];"), good: R("const set = new Set([settings.smtpHost]); return [...set];") },
  { construct: "string methods that keep the value", category: "raw-secret-response", bad: R("return { password: settings.smtpPassword?.normalize().trim() };"), good: R("return { password: settings.smtpPassword?.slice(-4) };") },
  { construct: "closure", category: "raw-secret-response", bad: R("const read = () => settings.smtpPassword; return { password: read() };"), good: R("const read = () => Boolean(settings.smtpPassword); return { password: read() };") },
  { construct: "local helper with parameters", category: "raw-secret-response", bad: R("function pick(row: any) { return row.geminiApiKey; } return { key: pick(settings) };"), good: R("function pick(row: any) { return row.smtpHost; } return { host: pick(settings) };") },
  { construct: "generator (yield)", category: "raw-secret-response", bad: `declare const adminProcedure: any;
export const r = adminProcedure.subscription(async function* ({ ctx }: any) {
  const settings = await ctx.db.systemSettings.findFirstOrThrow();
  yield { password: settings.smtpPassword };
});
`, good: `declare const adminProcedure: any;
export const r = adminProcedure.subscription(async function* ({ ctx }: any) {
  const settings = await ctx.db.systemSettings.findFirstOrThrow();
  yield { hasPassword: Boolean(settings.smtpPassword) };
});
` },
  { construct: "getter", category: "raw-secret-response", bad: R("class View { constructor(private row: any) {} get password() { return this.row.smtpPassword; } } return { password: new View(settings).password };"), good: R("class View { constructor(private row: any) {} get host() { return this.row.smtpHost; } } return { host: new View(settings).host };") },
  { construct: "class field", category: "db-before-env", bad: D("class Mailer { password = settings.smtpPassword ?? process.env.SMTP_PASSWORD; } use(new Mailer());"), good: D("class Mailer { password = process.env.SMTP_PASSWORD ?? settings.smtpPassword; } use(new Mailer());") },
  { construct: "constructor injection of a delegate", category: "secret-settings-write", bad: W("{}", `class Repo { constructor(private table: any) {} save(key: string) { return this.table.update({ where: { id: 1 }, data: { geminiApiKey: key } }); } }
export const stored = new Repo(prisma.systemSettings).save(value);`), good: W("{}", `class Repo { constructor(private table: any) {} save(key: string) { return this.table.update({ where: { id: 1 }, data: { geminiApiKey: key } }); } }
export const stored = new Repo(prisma.auditLog).save(value);`) },
  { construct: "inheritance", category: "secret-settings-write", bad: W("{}", `class Base { constructor(protected db: any) {} }
class Repo extends Base { save() { return this.db.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: value } }); } }`), good: W("{}", `class Base { constructor(protected db: any) {} }
class Repo extends Base { save() { return this.db.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: null } }); } }`) },
  { construct: "renamed delegate", category: "secret-settings-write", bad: `declare const prisma: any;
const { systemSettings: table } = prisma;
export const saved = table.upsert({ where: { id: 1 }, create: { anonymizationSeed: "x" }, update: {} });
`, good: `declare const prisma: any;
const { systemSettings: table } = prisma;
export const saved = table.upsert({ where: { id: 1 }, create: { anonymizationMode: "x" }, update: {} });
` },
  { construct: "extended client", category: "secret-settings-write", bad: `declare const prisma: any;
const db = prisma.$extends({});
export const saved = db.systemSettings.create({ data: { geminiApiKey: "x" } });
`, good: `declare const prisma: any;
const db = prisma.$extends({});
export const saved = db.systemSettings.create({ data: { geminiModel: "x" } });
` },
  { construct: "import()", category: "secret-settings-write", bad: `export async function save(key: string) {
  const { prisma } = await import("./db");
  await prisma.systemSettings.update({ where: { id: 1 }, data: { geminiApiKey: key } });
}
`, good: `export async function save(key: string) {
  const { prisma } = await import("./db");
  await prisma.systemSettings.update({ where: { id: 1 }, data: { geminiModel: key } });
}
` },

  // ---- Sanitizers --------------------------------------------------------------------------------
  { construct: "Boolean()", category: "raw-secret-response", bad: R("return { key: settings.geminiApiKey };"), good: R("return { key: Boolean(settings.geminiApiKey) };") },
  { construct: "!!", category: "raw-secret-response", bad: R("return { key: settings.geminiApiKey ?? null };"), good: R("return { key: !!settings.geminiApiKey };") },
  { construct: "!= null", category: "raw-secret-response", bad: R("return { key: settings.geminiApiKey || undefined };"), good: R("return { key: settings.geminiApiKey != null };") },
  { construct: "typeof", category: "raw-secret-response", bad: R("return { key: (settings.geminiApiKey as string) };"), good: R("return { key: typeof settings.geminiApiKey };") },
  { construct: ".length", category: "raw-secret-response", bad: R("return { key: settings.geminiApiKey!.toString() };"), good: R("return { key: settings.geminiApiKey?.length ?? 0 };") },
  { construct: "mask keeping a few characters", category: "raw-secret-response", bad: R("return { key: settings.geminiApiKey?.padStart(4) };"), good: R('return { key: "••••" + settings.geminiApiKey?.slice(-4) };') },
  { construct: "hash", category: "raw-secret-response", bad: R('return { seed: String(settings.anonymizationSeed) };'), good: R('declare function createHash(algorithm: string): any; return { seed: createHash("sha256").update(settings.anonymizationSeed ?? "").digest("hex") };') },
  { construct: "presence in a condition", category: "db-before-env", bad: D("use(settings.smtpPassword || process.env.SMTP_PASSWORD);"), good: D('if (settings.smtpPassword || process.env.SMTP_PASSWORD) use("configured");') },
  { construct: "comparison", category: "db-before-env", bad: D("use(settings.smtpPassword ?? process.env.SMTP_PASSWORD);"), good: D("use((settings.smtpPassword ?? process.env.SMTP_PASSWORD) !== undefined);") },
  { construct: "destructure-away before a write", category: "secret-settings-write", bad: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input } });"), good: I("const { smtpPassword: _ignored, ...metadata } = input; await ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...metadata } });") },
  { construct: "zod .omit", category: "secret-settings-write", bad: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.object({ smtpHost: z.string(), smtpPassword: z.string() })"), good: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.object({ smtpHost: z.string(), smtpPassword: z.string() }).omit({ smtpPassword: true })") },
  { construct: "zod .pick", category: "secret-settings-write", bad: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.object({ smtpHost: z.string(), smtpPassword: z.string() }).pick({ smtpPassword: true })"), good: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.object({ smtpHost: z.string(), smtpPassword: z.string() }).pick({ smtpHost: true })") },
  { construct: "writing null", category: "secret-settings-write", bad: W('{ smtpPassword: "" }'), good: W("{ smtpPassword: null, geminiApiKey: { set: null } }") },

  // ---- Sinks: writes ---------------------------------------------------------------------------
  { construct: "create", category: "secret-settings-write", bad: W("{}", "export const a = prisma.systemSettings.create({ data: { smtpPassword: value } });"), good: W("{}", "export const a = prisma.systemSettings.create({ data: { smtpHost: value } });") },
  { construct: "createMany", category: "secret-settings-write", bad: W("{}", "export const a = prisma.systemSettings.createMany({ data: [{ id: 1 }, { geminiApiKey: value }] });"), good: W("{}", "export const a = prisma.systemSettings.createMany({ data: [{ id: 1 }, { geminiModel: value }] });") },
  { construct: "createManyAndReturn", category: "secret-settings-write", bad: W("{}", "export const a = prisma.systemSettings.createManyAndReturn({ data: [{ smtpPassword: value }] });"), good: W("{}", "export const a = prisma.systemSettings.createManyAndReturn({ data: [{ smtpHost: value }] });") },
  { construct: "updateMany", category: "secret-settings-write", bad: W("{}", "export const a = prisma.systemSettings.updateMany({ data: { anonymizationSeed: value } });"), good: W("{}", "export const a = prisma.systemSettings.updateMany({ data: { anonymizationSeed: null } });") },
  { construct: "updateManyAndReturn", category: "secret-settings-write", bad: W("{}", "export const a = prisma.systemSettings.updateManyAndReturn({ data: { geminiApiKey: value } });"), good: W("{}", "export const a = prisma.systemSettings.updateManyAndReturn({ data: { geminiApiKey: undefined } });") },
  { construct: "upsert update branch", category: "secret-settings-write", bad: W("{}", "export const a = prisma.systemSettings.upsert({ where: { id: 1 }, create: {}, update: { smtpPassword: value } });"), good: W("{}", "export const a = prisma.systemSettings.upsert({ where: { id: 1 }, create: {}, update: { smtpHost: value } });") },
  { construct: "a data object mutated after it is built", category: "secret-settings-write", bad: W("data", "const data: Record<string, unknown> = { smtpHost: value };\ndata.smtpPassword = value;"), good: W("data", "const data: Record<string, unknown> = { smtpHost: value, smtpPassword: value };\ndelete data.smtpPassword;") },
  { construct: "raw SQL with a literal holding a semicolon", category: "secret-settings-write", bad: W("{}", "export const a = prisma.$executeRaw`UPDATE \"SystemSettings\" SET \"geminiModel\" = 'a;b', \"geminiApiKey\" = ${value}`;"), good: W("{}", "export const a = prisma.$executeRaw`UPDATE \"SystemSettings\" SET \"geminiModel\" = 'a;b', \"geminiApiKey\" = NULL`;") },
  { construct: "raw SQL upsert setting a secret only in its DO UPDATE SET", category: "secret-settings-write", bad: W("{}", 'export const a = prisma.$executeRaw`INSERT INTO "SystemSettings" ("id") VALUES (1) ON CONFLICT ("id") DO UPDATE SET "smtpPassword" = ${value}`;'), good: W("{}", 'export const a = prisma.$executeRaw`INSERT INTO "SystemSettings" ("id") VALUES (1) ON CONFLICT ("id") DO UPDATE SET "smtpHost" = ${value}`;') },
  { construct: "raw SQL INSERT ... ON CONFLICT DO UPDATE", category: "secret-settings-write", bad: W("{}", 'export const a = prisma.$executeRawUnsafe(\'INSERT INTO "SystemSettings" ("id", "smtpPassword") VALUES (1, $1) ON CONFLICT ("id") DO UPDATE SET "smtpPassword" = EXCLUDED."smtpPassword"\', value);'), good: W("{}", 'export const a = prisma.$executeRawUnsafe(\'INSERT INTO "SystemSettings" ("id", "smtpHost") VALUES (1, $1) ON CONFLICT ("id") DO UPDATE SET "smtpHost" = EXCLUDED."smtpHost"\', value);') },
  { construct: "a write through a helper in the file", category: "secret-settings-write", bad: W("{}", "function put(db: any, data: object) { return db.systemSettings.update({ where: { id: 1 }, data }); }\nexport const a = put(prisma, { geminiApiKey: value });"), good: W("{}", "function put(db: any, data: object) { return db.systemSettings.update({ where: { id: 1 }, data }); }\nexport const a = put(prisma, { geminiModel: value });") },

  // ---- Sinks: admin responses -------------------------------------------------------------------
  { construct: "a row returned by a route handler", category: "raw-secret-response", file: "app/api/admin/settings/route.ts", bad: `declare const prisma: any;
declare const NextResponse: any;
export async function GET() {
  const settings = await prisma.systemSettings.findFirst();
  return NextResponse.json(settings);
}
`, good: `declare const prisma: any;
declare const NextResponse: any;
export async function GET() {
  const settings = await prisma.systemSettings.findFirst({ select: { smtpHost: true } });
  return NextResponse.json(settings);
}
` },
  { construct: "Response.json in a route handler", category: "raw-secret-response", file: "app/api/admin/settings/route.ts", bad: `declare const prisma: any;
export const GET = async () => {
  const settings = await prisma.systemSettings.findFirst();
  return Response.json({ key: settings?.geminiApiKey });
};
`, good: `declare const prisma: any;
export const GET = async () => {
  const settings = await prisma.systemSettings.findFirst();
  return Response.json({ key: Boolean(settings?.geminiApiKey) });
};
` },
  { construct: "pages/api res.json", category: "raw-secret-response", file: "pages/api/admin/settings.ts", bad: `declare const prisma: any;
export default async function handler(req: any, res: any) {
  const settings = await prisma.systemSettings.findFirst();
  res.status(200).json({ password: settings.smtpPassword });
}
`, good: `declare const prisma: any;
export default async function handler(req: any, res: any) {
  const settings = await prisma.systemSettings.findFirst();
  res.status(200).json({ password: Boolean(settings.smtpPassword) });
}
` },
  { construct: "the environment's value is the secret's value too", category: "raw-secret-response", bad: R("return { pass: process.env.SMTP_PASSWORD };"), good: R("return { pass: Boolean(process.env.SMTP_PASSWORD) };") },
  { construct: "a select that picks a secret", category: "raw-secret-response", bad: R("return ctx.db.systemSettings.findFirst({ select: { geminiModel: true, geminiApiKey: true } });"), good: R("return ctx.db.systemSettings.findFirst({ select: { geminiModel: true, geminiApiKey: false } });") },
  { construct: "omit that takes the secrets out", category: "raw-secret-response", bad: R("return ctx.db.systemSettings.findFirst({ omit: { smtpPassword: true } });"), good: R("return ctx.db.systemSettings.findFirst({ omit: { smtpPassword: true, geminiApiKey: true, anonymizationSeed: true } });") },
  { construct: "raw SQL read", category: "raw-secret-response", bad: R('return ctx.db.$queryRaw`SELECT "smtpHost", "smtpPassword" FROM "SystemSettings"`;'), good: R('return ctx.db.$queryRaw`SELECT "smtpHost" FROM "SystemSettings"`;') },

  // ---- Sinks: DB-first decisions ----------------------------------------------------------------
  { construct: "if-return sequence", category: "db-before-env", bad: D("function key(row: any) { if (row.geminiApiKey) return row.geminiApiKey; return process.env.GEMINI_API_KEY; } use(key(settings));"), good: D("function key(row: any) { if (process.env.GEMINI_API_KEY) return process.env.GEMINI_API_KEY; return row.geminiApiKey; } use(key(settings));") },
  { construct: "absence guard", category: "db-before-env", bad: D("function key(row: any) { if (!row.geminiApiKey) return process.env.GEMINI_API_KEY; return row.geminiApiKey; } use(key(settings));"), good: D("function key(row: any) { if (!process.env.GEMINI_API_KEY) return row.geminiApiKey; return process.env.GEMINI_API_KEY; } use(key(settings));") },
  { construct: "generic picker [a, b].find(Boolean)", category: "db-before-env", bad: D("use([settings.smtpPassword, process.env.SMTP_PASSWORD].find(Boolean));"), good: D("use([process.env.SMTP_PASSWORD, settings.smtpPassword].find(Boolean));") },
  { construct: "firstDefined(a, b) helper", category: "db-before-env", bad: D("function firstDefined<T>(...values: T[]) { for (const value of values) if (value) return value; return undefined; } use(firstDefined(settings.smtpPassword, process.env.SMTP_PASSWORD));"), good: D("function firstDefined<T>(...values: T[]) { for (const value of values) if (value) return value; return undefined; } use(firstDefined(process.env.SMTP_PASSWORD, settings.smtpPassword));") },
  { construct: "DB-only use by a consumer", category: "db-before-env", bad: D("use(settings.anonymizationSeed);"), good: D("use(process.env.ANONYMIZATION_SEED ?? settings.anonymizationSeed);") },
  { construct: "a decrypted DB value before the env", category: "db-before-env", bad: D("declare function decrypt(value: unknown): string; use(decrypt(settings.geminiApiKey) ?? process.env.GEMINI_API_KEY);"), good: D("declare function decrypt(value: unknown): string; use(process.env.GEMINI_API_KEY ?? decrypt(settings.geminiApiKey));") },

  // ---- Admin input ------------------------------------------------------------------------------
  { construct: "input written property by property", category: "secret-in-admin-input", bad: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: input.smtpPassword } });"), good: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: { smtpHost: input.smtpHost } });") },
  { construct: "input spread into the data", category: "secret-in-admin-input", bad: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input } });"), good: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: { ...input, smtpPassword: undefined } });") },
  { construct: "input through a local builder", category: "secret-in-admin-input", bad: I("const build = (values: any) => ({ smtpHost: values.smtpHost, smtpPassword: values.smtpPassword }); await ctx.db.systemSettings.update({ where: { id: 1 }, data: build(input) });"), good: I("const build = (values: any) => ({ smtpHost: values.smtpHost }); await ctx.db.systemSettings.update({ where: { id: 1 }, data: build(input) });") },
];

// ---- Validation libraries besides zod's methods: yup, valibot, superstruct, TypeBox, joi, zod functions ----
/** An admin tRPC mutation that writes its whole input, validated by `schema` (`imports` and `pre` above it). */
const SI = (imports: string, schema: string, pre = "") => `${imports}
declare const adminProcedure: any;
${pre}
export const r = adminProcedure.input(${schema}).mutation(async ({ ctx, input }: any) => {
  await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });
  return { ok: true };
});
`;
/** An admin Express route that writes what `parse` makes of the request body. */
const SX = (imports: string, parse: string) => `import express from "express";
${imports}
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const router = express.Router();
router.put("/settings", requireAdmin, async (req, res) => {
  ${parse}
  await prisma.systemSettings.update({ where: { id: 1 }, data: body });
  res.sendStatus(204);
});
export default router;
`;
const VALIBOT = 'import * as v from "valibot";';
const VALIBOT_NAMED = 'import { object, string, pick, omit, partial, pipe, minLength } from "valibot";';
const VALIBOT_BASE = "const Base = object({ smtpHost: string(), smtpPassword: string() });";
cases.push(
  { construct: "valibot v.object input", category: "secret-in-admin-input", bad: SI(VALIBOT, "v.object({ smtpHost: v.string(), smtpPassword: v.string() })"), good: SI(VALIBOT, "v.object({ smtpHost: v.string() })") },
  { construct: "valibot pick(S, [keys])", category: "secret-in-admin-input", bad: SI(VALIBOT_NAMED, 'pick(Base, ["smtpHost", "smtpPassword"])', VALIBOT_BASE), good: SI(VALIBOT_NAMED, 'pick(Base, ["smtpHost"])', VALIBOT_BASE) },
  { construct: "valibot omit(S, [keys])", category: "secret-in-admin-input", bad: SI(VALIBOT_NAMED, 'omit(Base, ["smtpHost"])', VALIBOT_BASE), good: SI(VALIBOT_NAMED, 'omit(Base, ["smtpPassword"])', VALIBOT_BASE) },
  { construct: "valibot pipe(partial(S), ...)", category: "secret-in-admin-input", bad: SI(VALIBOT_NAMED, "pipe(partial(Base), minLength(1))", VALIBOT_BASE), good: SI(VALIBOT_NAMED, 'pipe(partial(omit(Base, ["smtpPassword"])), minLength(1))', VALIBOT_BASE) },
  { construct: "valibot looseObject lets unknown keys through", category: "secret-settings-write", bad: SI(VALIBOT, "v.looseObject({ smtpHost: v.string() })"), good: SI(VALIBOT, "v.object({ smtpHost: v.string() })") },
  { construct: "valibot v.parse(S, body) in an Express route", category: "secret-in-admin-input", bad: SX(VALIBOT, "const body = v.parse(v.object({ smtpHost: v.string(), smtpPassword: v.string() }), req.body);"), good: SX(VALIBOT, "const body = v.parse(v.object({ smtpHost: v.string() }), req.body);") },
  { construct: "valibot safeParse(S, body).output", category: "secret-in-admin-input", bad: SX(VALIBOT, "const result = v.safeParse(v.object({ smtpHost: v.string(), smtpPassword: v.string() }), req.body); if (!result.success) return; const body = result.output;"), good: SX(VALIBOT, "const result = v.safeParse(v.object({ smtpHost: v.string() }), req.body); if (!result.success) return; const body = result.output;") },
  { construct: "yup object().shape() (unknown keys pass until noUnknown)", category: "secret-settings-write", bad: SI('import * as yup from "yup";', "yup.object().shape({ smtpHost: yup.string() })"), good: SI('import * as yup from "yup";', "yup.object().shape({ smtpHost: yup.string() }).noUnknown()") },
  { construct: "yup named object() with the secret", category: "secret-in-admin-input", bad: SI('import { object, string } from "yup";', "object({ smtpHost: string(), smtpPassword: string() }).noUnknown()"), good: SI('import { object, string } from "yup";', "object({ smtpHost: string() }).noUnknown()") },
  { construct: "yup schema.validate(body) in an Express route", category: "secret-in-admin-input", bad: SX('import * as yup from "yup";', "const body = await yup.object({ smtpHost: yup.string(), smtpPassword: yup.string() }).noUnknown().validate(req.body);"), good: SX('import * as yup from "yup";', "const body = await yup.object({ smtpHost: yup.string() }).noUnknown().validate(req.body);") },
  { construct: "superstruct create(body, S) in an Express route", category: "secret-in-admin-input", bad: SX('import { create, object, string } from "superstruct";', "const body = create(req.body, object({ smtpHost: string(), smtpPassword: string() }));"), good: SX('import { create, object, string } from "superstruct";', "const body = create(req.body, object({ smtpHost: string() }));") },
  { construct: "joi Joi.object().keys() and validate's value", category: "secret-in-admin-input", bad: SX('import Joi from "joi";', "const { value: body } = Joi.object().keys({ smtpHost: Joi.string(), smtpPassword: Joi.string() }).validate(req.body);"), good: SX('import Joi from "joi";', "const { value: body } = Joi.object().keys({ smtpHost: Joi.string() }).validate(req.body);") },
  { construct: "TypeBox Type.Object (closed by additionalProperties: false)", category: "secret-in-admin-input", bad: SI('import { Type } from "@sinclair/typebox";', "Type.Object({ smtpHost: Type.String(), smtpPassword: Type.String() }, { additionalProperties: false })"), good: SI('import { Type } from "@sinclair/typebox";', "Type.Object({ smtpHost: Type.String() }, { additionalProperties: false })") },
  { construct: "zod z.preprocess(fn, S)", category: "secret-in-admin-input", bad: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.preprocess((raw: unknown) => raw, z.object({ smtpHost: z.string(), smtpPassword: z.string() }))"), good: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.preprocess((raw: unknown) => raw, z.object({ smtpHost: z.string() }))") },
  { construct: "zod z.lazy(() => S)", category: "secret-in-admin-input", bad: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.lazy(() => z.object({ smtpHost: z.string(), smtpPassword: z.string() }))"), good: I("await ctx.db.systemSettings.update({ where: { id: 1 }, data: input });", "z.lazy(() => z.object({ smtpHost: z.string() }))") },
);

// ---- Utility libraries' object helpers and generic getters ------------------------------------------
const LODASH = 'import _ from "lodash";';
const RAMDA = 'import * as R from "ramda";';
/** A settings repository whose `get(key)` reads the row by a key its callers name. */
const REPO = `class SettingsRepository {
  constructor(private readonly db: any) {}
  async load() { return this.db.systemSettings.findUnique({ where: { id: 1 } }); }
  async get(key: string) { const row = await this.load(); return row?.[key]; }
}
const repo = new SettingsRepository(prisma);`;
cases.push(
  { construct: "lodash _.get(row, key)", category: "db-before-env", bad: D('use(_.get(settings, "smtpPassword") ?? process.env.SMTP_PASSWORD);', LODASH), good: D('use(process.env.SMTP_PASSWORD ?? _.get(settings, "smtpPassword"));', LODASH) },
  { construct: "lodash _.get(row, [path])", category: "db-before-env", bad: D('use(_.get(settings, ["geminiApiKey"]) || process.env.GEMINI_API_KEY);', LODASH), good: D('use(_.get(settings, ["geminiModel"]) || process.env.GEMINI_API_KEY);', LODASH) },
  { construct: "lodash/get default import", category: "db-before-env", bad: D('use(get(settings, "smtpPassword") ?? process.env.SMTP_PASSWORD);', 'import get from "lodash/get";'), good: D('use(process.env.SMTP_PASSWORD ?? get(settings, "smtpPassword"));', 'import get from "lodash/get";') },
  { construct: "ramda R.prop(key, row)", category: "db-before-env", bad: D('use(R.prop("smtpPassword", settings) ?? process.env.SMTP_PASSWORD);', RAMDA), good: D('use(process.env.SMTP_PASSWORD ?? R.prop("smtpPassword", settings));', RAMDA) },
  { construct: "lodash _.omit(row, keys) returned", category: "raw-secret-response", bad: R('return _.omit(settings, ["smtpPassword"]);', LODASH), good: R('return _.omit(settings, ["smtpPassword", "geminiApiKey", "anonymizationSeed"]);', LODASH) },
  { construct: "lodash _.pick(row, keys) returned", category: "raw-secret-response", bad: R('return _.pick(settings, ["smtpHost", "smtpPassword"]);', LODASH), good: R('return _.pick(settings, ["smtpHost", "geminiModel"]);', LODASH) },
  { construct: "es-toolkit pick(row, keys) returned", category: "raw-secret-response", bad: R('return pick(settings, ["geminiApiKey"]);', 'import { pick } from "es-toolkit";'), good: R('return pick(settings, ["geminiModel"]);', 'import { pick } from "es-toolkit";') },
  { construct: "ramda R.omit(keys, row) returned", category: "raw-secret-response", bad: R('return R.omit(["smtpPassword"], settings);', RAMDA), good: R('return R.omit(["smtpPassword", "geminiApiKey", "anonymizationSeed"], settings);', RAMDA) },
  { construct: "generic repository getter get(key)", category: "db-before-env", bad: D('use((await repo.get("smtpPassword")) ?? process.env.SMTP_PASSWORD);', REPO), good: D('use(process.env.SMTP_PASSWORD ?? (await repo.get("smtpPassword")));', REPO) },
  { construct: "generic repository getter of a non-secret key", category: "db-before-env", bad: D('use((await repo.get("geminiApiKey")) || process.env.GEMINI_API_KEY);', REPO), good: D('use((await repo.get("geminiModel")) || process.env.GEMINI_API_KEY);', REPO) },
);

// ---- Higher-order wrappers of a library around the project's function (React cache, unstable_cache, memoize) ----
/** An admin tRPC query reading the settings through `getSettings`, a wrapped loader. */
const CACHED = (wrap: string, body: string) => `${wrap}
declare const prisma: any;
declare const adminProcedure: any;
export const r = adminProcedure.query(async () => {
  const settings = await getSettings();
  ${body}
});
`;
cases.push(
  { construct: "React cache(fn) around the settings loader", category: "raw-secret-response", bad: CACHED('import { cache } from "react";\nconst getSettings = cache(async () => prisma.systemSettings.findFirst());', "return { settings };"), good: CACHED('import { cache } from "react";\nconst getSettings = cache(async () => prisma.systemSettings.findFirst());', "return { hasSmtpPassword: Boolean(settings?.smtpPassword) };") },
  { construct: "Next.js unstable_cache(fn, keys) around the settings loader", category: "raw-secret-response", bad: CACHED('import { unstable_cache } from "next/cache";\nconst getSettings = unstable_cache(async () => prisma.systemSettings.findFirst(), ["settings"]);', "return settings;"), good: CACHED('import { unstable_cache } from "next/cache";\nconst getSettings = unstable_cache(async () => prisma.systemSettings.findFirst({ select: { id: true } }), ["settings"]);', "return settings;") },
  { construct: "lodash memoize(fn) around the settings loader", category: "db-before-env", bad: D("use((await getRow())?.smtpPassword ?? process.env.SMTP_PASSWORD);", 'import memoize from "lodash/memoize";\nconst getRow = memoize(async () => prisma.systemSettings.findFirst());'), good: D("use(process.env.SMTP_PASSWORD ?? (await getRow())?.smtpPassword);", 'import memoize from "lodash/memoize";\nconst getRow = memoize(async () => prisma.systemSettings.findFirst());') },
);

// ---- Later wins: spreads and Object.assign sources over env defaults, whatever the key is called ----
cases.push(
  { construct: "spread of DB overrides after env defaults", category: "db-before-env", bad: D("const base = { pass: process.env.SMTP_PASSWORD }; const over = settings.smtpPassword ? { pass: settings.smtpPassword } : {}; use({ ...base, ...over });"), good: D("const base = { pass: process.env.SMTP_PASSWORD }; const over = settings.smtpPassword ? { pass: settings.smtpPassword } : {}; use({ ...over, ...base });") },
  { construct: "Object.assign with a DB source after the env one", category: "db-before-env", bad: D("use(Object.assign({}, { apiKey: process.env.GEMINI_API_KEY }, settings.geminiApiKey ? { apiKey: settings.geminiApiKey } : null));"), good: D("use(Object.assign({}, settings.geminiApiKey ? { apiKey: settings.geminiApiKey } : null, { apiKey: process.env.GEMINI_API_KEY }));") },
  { construct: "spread of the row over env defaults, not of caller options", category: "db-before-env", bad: D("const defaults = { smtpPassword: process.env.SMTP_PASSWORD }; use({ ...defaults, ...settings });"), good: D("const defaults = { smtpPassword: process.env.SMTP_PASSWORD }; const merge = (user: Partial<typeof defaults>) => ({ ...defaults, ...user }); use(merge({}));") },
  { construct: "spread of another key's DB value is no override", category: "db-before-env", bad: D("const over = { pass: settings.smtpPassword }; use({ pass: process.env.SMTP_PASSWORD, ...over });"), good: D("const over = { host: settings.smtpPassword }; use({ pass: process.env.SMTP_PASSWORD, ...over, host: undefined });") },
);

// ---- Allowlist filters over entries ----------------------------------------------------------------
const ALLOW = (list: string, callback = "([key]) => ALLOWED.includes(key)") =>
  I(`const ALLOWED: string[] = ${list}; await ctx.db.systemSettings.update({ where: { id: 1 }, data: Object.fromEntries(Object.entries(input).filter(${callback})) });`);
cases.push(
  { construct: "Object.entries(input).filter(allowlist) written", category: "secret-settings-write", bad: ALLOW('["smtpHost", "smtpPassword"]'), good: ALLOW('["smtpHost"]') },
  { construct: "allowlist filter on entry[0]", category: "secret-settings-write", bad: ALLOW('["smtpPassword"]', "(entry) => ALLOWED.includes(entry[0])"), good: ALLOW('["smtpHost"]', "(entry) => ALLOWED.includes(entry[0])") },
);

// ---- Admin checks written in the code: a tRPC middleware, a route handler's own role check ----
const MW = (check: string) => `declare const protectedProcedure: any;
export const r = protectedProcedure
  .use(async ({ ctx, next }: any) => { ${check} return next(); })
  .query(({ ctx }: any) => ctx.db.systemSettings.findFirst());
`;
const ROLE_ROUTE = (check: string) => `declare const prisma: any;
declare function auth(): Promise<any>;
export async function GET() {
  const session = await auth();
  ${check}
  const settings = await prisma.systemSettings.findFirst();
  return Response.json(settings);
}
`;
cases.push(
  { construct: "tRPC .use(middleware) with an inline admin check", category: "raw-secret-response", bad: MW('if (ctx.session.user.role !== "ADMIN") throw new Error("forbidden");'), good: MW('if (!ctx.session.user) throw new Error("unauthorized");') },
  { construct: "tRPC .use(enforceUserIsAdmin) by name", category: "raw-secret-response", bad: "declare const protectedProcedure: any;\ndeclare const enforceUserIsAdmin: any;\nexport const r = protectedProcedure.use(enforceUserIsAdmin).query(({ ctx }: any) => ctx.db.systemSettings.findFirst());\n", good: "declare const protectedProcedure: any;\ndeclare const enforceUserIsAuthed: any;\nexport const r = protectedProcedure.use(enforceUserIsAuthed).query(({ ctx }: any) => ctx.db.systemSettings.findFirst());\n" },
  { construct: "route handler outside /admin with its own role check", category: "raw-secret-response", file: "app/api/settings/route.ts", bad: ROLE_ROUTE('if (session?.user?.role !== "admin") return new Response("Forbidden", { status: 403 });'), good: ROLE_ROUTE('if (!session?.user) return new Response("Unauthorized", { status: 401 });') },
  { construct: "route handler asserting admin with a call", category: "raw-secret-response", file: "app/api/settings/route.ts", bad: ROLE_ROUTE("await requireAdmin(session);").replace("declare function auth", "declare function requireAdmin(s: unknown): Promise<void>;\ndeclare function auth"), good: ROLE_ROUTE("await requireSession(session);").replace("declare function auth", "declare function requireSession(s: unknown): Promise<void>;\ndeclare function auth") },
);

cases.push(
  { construct: "static class field typed as the settings row, assigned later", category: "db-before-env", bad: D("use(Holder.current?.smtpPassword ?? process.env.SMTP_PASSWORD);", "interface SystemSettings { smtpPassword: string | null }\nclass Holder { static current: SystemSettings | null = null; }"), good: D("use(process.env.SMTP_PASSWORD ?? Holder.current?.smtpPassword);", "interface SystemSettings { smtpPassword: string | null }\nclass Holder { static current: SystemSettings | null = null; }") },
);

// ---- GraphQL resolver maps (Apollo, Yoga, Mercurius) ----
const RMAP = (fields: string) => `declare const prisma: any;
declare function requireAdmin<T>(fn: T): T;
export const resolvers = {
  Query: {
${fields}
  },
};
`;
cases.push(
  { construct: "resolver map: an admin-named Query field returns the row", category: "raw-secret-response", bad: RMAP("    adminSettings: () => prisma.systemSettings.findFirst(),"), good: RMAP("    settings: () => prisma.systemSettings.findFirst(),") },
  { construct: "resolver map: a field wrapped in requireAdmin returns a secret", category: "raw-secret-response", bad: RMAP("    smtp: requireAdmin(async () => { const s = await prisma.systemSettings.findFirst(); return { password: s?.smtpPassword }; }),"), good: RMAP("    smtp: requireAdmin(async () => { const s = await prisma.systemSettings.findFirst(); return { hasPassword: Boolean(s?.smtpPassword) }; }),") },
  { construct: "resolver map: args written by an admin field", category: "secret-in-admin-input", bad: RMAP("    saveSmtp: requireAdmin(async (_: unknown, args: { smtpHost: string; smtpPassword: string }) => { await prisma.systemSettings.update({ where: { id: 1 }, data: { smtpPassword: args.smtpPassword } }); return true; }),"), good: RMAP("    saveSmtp: requireAdmin(async (_: unknown, args: { smtpHost: string; smtpPassword: string }) => { await prisma.systemSettings.update({ where: { id: 1 }, data: { smtpHost: args.smtpHost } }); return true; }),") },
);

// ---- Key-value stores (Prisma) and Drizzle tables -----------------------------------------------
const keyValue = {
  config: { settingsModels: ["InfraConfig"], secrets: { GOOGLE_CLIENT_SECRET: { env: "GOOGLE_CLIENT_SECRET" } } },
  models: parsePrismaSchema("model InfraConfig {\n  id String @id\n  name String @unique\n  value String?\n}\n", "prisma/schema.prisma"),
};
const drizzle = {
  config: { secrets: { smtpPassword: { env: "SMTP_PASSWORD" }, STRIPE_SECRET_KEY: { env: "STRIPE_SECRET_KEY" } } },
  models: parseDrizzleTables(
    `export const settings = pgTable("settings", { id: serial("id").primaryKey(), smtpHost: text("smtp_host"), smtpPassword: text("smtp_password") });
export const appConfig = pgTable("app_config", { key: text("key").primaryKey(), value: text("value") });`,
    "src/db/schema.ts",
  ),
};
const KV = (body: string) => `declare const prisma: any;
declare function use(value: unknown): void;
export async function main(value: string) {
  ${body}
}
`;
const DZ = (body: string) => `import { eq } from "drizzle-orm";
import { settings, appConfig } from "./db/schema";
declare const db: any;
declare function use(value: unknown): void;
export async function main(value: string) {
  ${body}
}
`;
const DZR = (body: string) => `import { settings } from "./db/schema";
declare const db: any;
declare const adminProcedure: any;
export const r = adminProcedure.query(async () => {
  ${body}
});
`;

cases.push(
  { construct: "key-value write, the key in where", category: "secret-settings-write", stores: keyValue, bad: KV('await prisma.infraConfig.update({ where: { name: "GOOGLE_CLIENT_SECRET" }, data: { value } });'), good: KV('await prisma.infraConfig.update({ where: { name: "GOOGLE_CALLBACK_URL" }, data: { value } });') },
  { construct: "key-value createMany of pairs", category: "secret-settings-write", stores: keyValue, bad: KV('await prisma.infraConfig.createMany({ data: [{ name: "GOOGLE_CALLBACK_URL", value }, { name: "GOOGLE_CLIENT_SECRET", value }] });'), good: KV('await prisma.infraConfig.createMany({ data: [{ name: "GOOGLE_CALLBACK_URL", value }, { name: "GOOGLE_CLIENT_SECRET", value: null }] });') },
  { construct: "key-value write through a setter (the key an argument)", category: "secret-settings-write", stores: keyValue, bad: KV('const put = (name: string, v: string) => prisma.infraConfig.upsert({ where: { name }, create: { name, value: v }, update: { value: v } }); await put("GOOGLE_CLIENT_SECRET", value);'), good: KV('const put = (name: string, v: string) => prisma.infraConfig.upsert({ where: { name }, create: { name, value: v }, update: { value: v } }); await put("GOOGLE_CALLBACK_URL", value);') },
  { construct: "key-value read before the env", category: "db-before-env", stores: keyValue, bad: KV('const row = await prisma.infraConfig.findUnique({ where: { name: "GOOGLE_CLIENT_SECRET" } }); use(row?.value ?? process.env.GOOGLE_CLIENT_SECRET);'), good: KV('const row = await prisma.infraConfig.findUnique({ where: { name: "GOOGLE_CLIENT_SECRET" } }); use(process.env.GOOGLE_CLIENT_SECRET ?? row?.value);') },
  { construct: "key-value map built from rows", category: "db-before-env", stores: keyValue, bad: KV('const rows = await prisma.infraConfig.findMany(); const map: Record<string, string> = {}; for (const row of rows) map[row.name] = row.value; use(map["GOOGLE_CLIENT_SECRET"] ?? process.env.GOOGLE_CLIENT_SECRET);'), good: KV('const rows = await prisma.infraConfig.findMany(); const map: Record<string, string> = {}; for (const row of rows) map[row.name] = row.value; use(process.env.GOOGLE_CLIENT_SECRET ?? map["GOOGLE_CLIENT_SECRET"]);') },
  { construct: "key-value getter (the key an argument)", category: "db-before-env", stores: keyValue, bad: KV('const get = async (name: string) => (await prisma.infraConfig.findUnique({ where: { name } }))?.value; use((await get("GOOGLE_CLIENT_SECRET")) ?? process.env.GOOGLE_CLIENT_SECRET);'), good: KV('const get = async (name: string) => (await prisma.infraConfig.findUnique({ where: { name } }))?.value; use((await get("GOOGLE_CALLBACK_URL")) ?? process.env.GOOGLE_CLIENT_SECRET);') },
  { construct: "Drizzle update().set()", category: "secret-settings-write", stores: drizzle, bad: DZ("await db.update(settings).set({ smtpPassword: value });"), good: DZ("await db.update(settings).set({ smtpHost: value, smtpPassword: null });") },
  { construct: "Drizzle insert().values() of rows", category: "secret-settings-write", stores: drizzle, bad: DZ("await db.insert(settings).values([{ smtpHost: value }, { smtpPassword: value }]);"), good: DZ("await db.insert(settings).values([{ smtpHost: value }]);") },
  { construct: "Drizzle key-value upsert", category: "secret-settings-write", stores: drizzle, bad: DZ('await db.insert(appConfig).values({ key: "STRIPE_SECRET_KEY", value }).onConflictDoUpdate({ target: appConfig.key, set: { value } });'), good: DZ('await db.insert(appConfig).values({ key: "SUPPORT_EMAIL", value }).onConflictDoUpdate({ target: appConfig.key, set: { value } });') },
  { construct: "Drizzle key-value update by where", category: "secret-settings-write", stores: drizzle, bad: DZ('await db.update(appConfig).set({ value }).where(eq(appConfig.key, "STRIPE_SECRET_KEY"));'), good: DZ('await db.update(appConfig).set({ value }).where(eq(appConfig.key, "SUPPORT_EMAIL"));') },
  { construct: "Drizzle db.query read before the env", category: "db-before-env", stores: drizzle, bad: DZ("const row = await db.query.settings.findFirst(); use(row?.smtpPassword ?? process.env.SMTP_PASSWORD);"), good: DZ("const row = await db.query.settings.findFirst(); use(process.env.SMTP_PASSWORD ?? row?.smtpPassword);") },
  { construct: "Drizzle key-value select by where", category: "db-before-env", stores: drizzle, bad: DZ('const [row] = await db.select().from(appConfig).where(eq(appConfig.key, "STRIPE_SECRET_KEY")); use(row?.value ?? process.env.STRIPE_SECRET_KEY);'), good: DZ('const [row] = await db.select().from(appConfig).where(eq(appConfig.key, "SUPPORT_EMAIL")); use(row?.value ?? process.env.STRIPE_SECRET_KEY);') },
  { construct: "Drizzle select of whole rows returned", category: "raw-secret-response", stores: drizzle, bad: DZR("return db.select().from(settings);"), good: DZR("return db.select({ host: settings.smtpHost }).from(settings);") },
);

// ---- Key-value stores named in the config (the schema's shape does not say key-value) -------------
/** `settingsModels` objects: no `@unique` on the Prisma key, a Drizzle key column that is no primary key, names the shape does not know. */
const configuredKeyValue = {
  config: {
    settingsModels: [
      { model: "InfraConfig", keyColumn: "label", valueColumn: "setting" },
      { model: "appConfig", keyColumn: "entry", valueColumn: "payload" },
    ],
    secrets: { GOOGLE_CLIENT_SECRET: { env: "GOOGLE_CLIENT_SECRET" }, STRIPE_SECRET_KEY: { env: "STRIPE_SECRET_KEY" } },
  },
  models: [
    ...parsePrismaSchema("model InfraConfig {\n  id String @id\n  label String\n  setting String?\n}\n", "prisma/schema.prisma"),
    ...parseDrizzleTables('export const appConfig = pgTable("app_config", { id: serial("id").primaryKey(), entry: text("entry"), payload: text("payload") });', "src/db/schema.ts"),
  ],
};
const KVR = (body: string) => `declare const adminProcedure: any;
declare const prisma: any;
export const r = adminProcedure.query(async () => {
  ${body}
});
`;

cases.push(
  { construct: "configured key-value store: write, the key in where", category: "secret-settings-write", stores: configuredKeyValue, bad: KV('await prisma.infraConfig.update({ where: { label: "GOOGLE_CLIENT_SECRET" }, data: { setting: value } });'), good: KV('await prisma.infraConfig.update({ where: { label: "GOOGLE_CALLBACK_URL" }, data: { setting: value } });') },
  { construct: "configured key-value store: upsert of a pair", category: "secret-settings-write", stores: configuredKeyValue, bad: KV('await prisma.infraConfig.upsert({ where: { id: "1" }, create: { label: "GOOGLE_CLIENT_SECRET", setting: value }, update: {} });'), good: KV('await prisma.infraConfig.upsert({ where: { id: "1" }, create: { label: "GOOGLE_CLIENT_SECRET", setting: null }, update: {} });') },
  { construct: "configured key-value store: read before the env", category: "db-before-env", stores: configuredKeyValue, bad: KV('const row = await prisma.infraConfig.findFirst({ where: { label: "GOOGLE_CLIENT_SECRET" } }); use(row?.setting ?? process.env.GOOGLE_CLIENT_SECRET);'), good: KV('const row = await prisma.infraConfig.findFirst({ where: { label: "GOOGLE_CLIENT_SECRET" } }); use(process.env.GOOGLE_CLIENT_SECRET ?? row?.setting);') },
  { construct: "configured key-value store: values of any key returned", category: "raw-secret-response", stores: configuredKeyValue, bad: KVR("const rows = await prisma.infraConfig.findMany(); return rows.map((row: any) => ({ label: row.label, setting: row.setting }));"), good: KVR('const rows = await prisma.infraConfig.findMany({ where: { label: { in: ["GOOGLE_CALLBACK_URL"] } } }); return rows.map((row: any) => ({ label: row.label, setting: row.setting }));') },
  { construct: "configured Drizzle key-value table: update by where", category: "secret-settings-write", stores: configuredKeyValue, bad: DZ('await db.update(appConfig).set({ payload: value }).where(eq(appConfig.entry, "STRIPE_SECRET_KEY"));'), good: DZ('await db.update(appConfig).set({ payload: value }).where(eq(appConfig.entry, "SUPPORT_EMAIL"));') },
  { construct: "configured Drizzle key-value table: select by where before the env", category: "db-before-env", stores: configuredKeyValue, bad: DZ('const [row] = await db.select().from(appConfig).where(eq(appConfig.entry, "STRIPE_SECRET_KEY")); use(row?.payload ?? process.env.STRIPE_SECRET_KEY);'), good: DZ('const [row] = await db.select().from(appConfig).where(eq(appConfig.entry, "STRIPE_SECRET_KEY")); use(process.env.STRIPE_SECRET_KEY ?? row?.payload);') },
);

// ---- Key-value rows picked by a key predicate, and responses masked by a key list ----
cases.push(
  { construct: "key-value rows.find((row) => row.name === K)", category: "db-before-env", stores: keyValue, bad: KV('const rows = await prisma.infraConfig.findMany(); use(rows.find((row: any) => row.name === "GOOGLE_CLIENT_SECRET")?.value ?? process.env.GOOGLE_CLIENT_SECRET);'), good: KV('const rows = await prisma.infraConfig.findMany(); use(process.env.GOOGLE_CLIENT_SECRET ?? rows.find((row: any) => row.name === "GOOGLE_CLIENT_SECRET")?.value);') },
  { construct: "key-value rows.filter(({ name }) => K === name)", category: "db-before-env", stores: keyValue, bad: KV('const rows = await prisma.infraConfig.findMany(); use(rows.filter(({ name }: any) => "GOOGLE_CLIENT_SECRET" === name)[0]?.value || process.env.GOOGLE_CLIENT_SECRET);'), good: KV('const rows = await prisma.infraConfig.findMany(); use(rows.filter(({ name }: any) => "GOOGLE_CALLBACK_URL" === name)[0]?.value || process.env.GOOGLE_CLIENT_SECRET);') },
  { construct: "key-value values of any key masked by a secret-key list", category: "raw-secret-response", stores: keyValue, bad: KVR('const SECRET_KEYS = ["JWT_SECRET"]; const rows = await prisma.infraConfig.findMany(); return rows.map((row: any) => ({ name: row.name, value: SECRET_KEYS.includes(row.name) ? null : row.value }));'), good: KVR('const SECRET_KEYS = ["JWT_SECRET", "GOOGLE_CLIENT_SECRET"]; const rows = await prisma.infraConfig.findMany(); return rows.map((row: any) => ({ name: row.name, value: SECRET_KEYS.includes(row.name) ? null : row.value }));') },
  { construct: "key-value values of any key masked by a negated key list", category: "raw-secret-response", stores: keyValue, bad: KVR('const SECRET_KEYS = ["JWT_SECRET"]; const rows = await prisma.infraConfig.findMany(); return rows.map((row: any) => ({ name: row.name, value: !SECRET_KEYS.includes(row.name) ? row.value : "***" }));'), good: KVR('const SECRET_KEYS = ["GOOGLE_CLIENT_SECRET"]; const rows = await prisma.infraConfig.findMany(); return rows.map((row: any) => ({ name: row.name, value: !SECRET_KEYS.includes(row.name) ? row.value : "***" }));') },
);

cases.push(
  { construct: "Drizzle relational query where callback on a key-value table", category: "db-before-env", stores: drizzle, bad: DZ('const row = await db.query.appConfig.findFirst({ where: (t: any, { eq }: any) => eq(t.key, "STRIPE_SECRET_KEY") }); use(row?.value ?? process.env.STRIPE_SECRET_KEY);'), good: DZ('const row = await db.query.appConfig.findFirst({ where: (t: any, { eq }: any) => eq(t.key, "SUPPORT_EMAIL") }); use(row?.value ?? process.env.STRIPE_SECRET_KEY);') },
);

// ---- Secrets inside Json columns (Prisma `Json`, Drizzle `jsonb`) ----------------------------------
const jsonColumns = {
  config: { settingsModels: ["SiteSettings", "siteConfig"], secrets: { "data.smtpPassword": { env: "SMTP_PASSWORD" }, "data.oauth.clientSecret": { env: "OAUTH_CLIENT_SECRET" } } },
  models: [
    ...parsePrismaSchema("model SiteSettings {\n  id String @id\n  enabled Boolean @default(false)\n  data Json\n}\n", "prisma/schema.prisma"),
    ...parseDrizzleTables('export const siteConfig = pgTable("site_config", { id: serial("id").primaryKey(), data: jsonb("data") });', "src/db/schema.ts"),
  ],
};
/** A function with a SiteSettings row in scope (and `value`, `cfg`: data that is not the store's). */
const J = (body: string) => `declare const prisma: any;
declare function use(value: unknown): void;
interface Cfg { smtpHost?: string; smtpPassword?: string }
export async function main(value: string, cfg: Record<string, unknown>) {
  const row = await prisma.siteSettings.findUniqueOrThrow({ where: { id: "smtp" } });
  ${body}
}
`;
/** The same with the Drizzle table. */
const JDZ = (body: string) => `import { eq } from "drizzle-orm";
import { siteConfig } from "./db/schema";
declare const db: any;
declare function use(value: unknown): void;
export async function main(value: string, cfg: Record<string, unknown>) {
  const [row] = await db.select().from(siteConfig).where(eq(siteConfig.id, 1));
  ${body}
}
`;
/** An admin tRPC query with a SiteSettings row in scope. */
const JR = (body: string) => `declare const adminProcedure: any;
export const r = adminProcedure.query(async ({ ctx }: any) => {
  const row = await ctx.db.siteSettings.findUniqueOrThrow({ where: { id: "smtp" } });
  ${body}
});
`;
/** An admin tRPC mutation writing its input into the SiteSettings Json column. */
const JI = (schema: string, body: string) => `declare const adminProcedure: any;
declare const z: any;
export const r = adminProcedure.input(${schema}).mutation(async ({ ctx, input }: any) => {
  ${body}
  return { ok: true };
});
`;

cases.push(
  { construct: "Json column: member read of a registered path", category: "db-before-env", stores: jsonColumns, bad: J("use(row.data.smtpPassword ?? process.env.SMTP_PASSWORD);"), good: J("use(process.env.SMTP_PASSWORD ?? row.data.smtpPassword);") },
  { construct: "Json column: a deeper path", category: "db-before-env", stores: jsonColumns, bad: J("use(row.data.oauth.clientSecret || process.env.OAUTH_CLIENT_SECRET);"), good: J("use(row.data.oauth.clientId || process.env.OAUTH_CLIENT_SECRET);") },
  { construct: "Json column: destructuring the column", category: "db-before-env", stores: jsonColumns, bad: J("const { smtpPassword } = row.data; use(smtpPassword ?? process.env.SMTP_PASSWORD);"), good: J("const { smtpHost } = row.data; use(smtpHost ?? process.env.SMTP_PASSWORD);") },
  { construct: "Json column: nested destructuring of the row", category: "db-before-env", stores: jsonColumns, bad: J("const { data: { smtpPassword: pw } } = row; use(pw ?? process.env.SMTP_PASSWORD);"), good: J("const { data: { smtpPassword: pw } } = row; use(process.env.SMTP_PASSWORD ?? pw);") },
  { construct: "Json column: optional chaining", category: "db-before-env", stores: jsonColumns, bad: J('use(row?.data?.["smtpPassword"] ?? process.env.SMTP_PASSWORD);'), good: J('use(process.env.SMTP_PASSWORD ?? row?.data?.["smtpPassword"]);') },
  { construct: "Json column: a type assertion on the column", category: "db-before-env", stores: jsonColumns, bad: J("use((row.data as Cfg).smtpPassword ?? process.env.SMTP_PASSWORD);"), good: J("use((row.data as Cfg).smtpHost ?? process.env.SMTP_PASSWORD);") },
  { construct: "Json column: DB-only use by a consumer", category: "db-before-env", stores: jsonColumns, bad: J("use(row.data.smtpPassword);"), good: J("use(process.env.SMTP_PASSWORD ?? row.data.smtpPassword);") },
  { construct: "Json column (Drizzle jsonb): read before the env", category: "db-before-env", stores: jsonColumns, bad: JDZ("use(row.data.smtpPassword ?? process.env.SMTP_PASSWORD);"), good: JDZ("use(process.env.SMTP_PASSWORD ?? row.data.smtpPassword);") },
  { construct: "Json column: a property written into the column", category: "secret-settings-write", stores: jsonColumns, bad: J('await prisma.siteSettings.update({ where: { id: "smtp" }, data: { data: { ...cfg, smtpPassword: value } } });'), good: J('await prisma.siteSettings.update({ where: { id: "smtp" }, data: { data: { ...cfg, smtpHost: value, smtpPassword: null } } });') },
  { construct: "Json column: the stored value updated through a variable", category: "secret-settings-write", stores: jsonColumns, bad: J('const next = { ...(row.data as Cfg), smtpPassword: value }; await prisma.siteSettings.update({ where: { id: "smtp" }, data: { data: next } });'), good: J('const next = { ...(row.data as Cfg), smtpHost: value }; await prisma.siteSettings.update({ where: { id: "smtp" }, data: { data: next } });') },
  { construct: "Json column: a deeper path in an upsert", category: "secret-settings-write", stores: jsonColumns, bad: J('await prisma.siteSettings.upsert({ where: { id: "oauth" }, create: { id: "oauth", data: { oauth: { clientId: value, clientSecret: value } } }, update: {} });'), good: J('await prisma.siteSettings.upsert({ where: { id: "oauth" }, create: { id: "oauth", data: { oauth: { clientId: value } } }, update: {} });') },
  { construct: "Json column: the same key at the top of the row is no secret", category: "secret-settings-write", stores: jsonColumns, bad: J('await prisma.siteSettings.update({ where: { id: "smtp" }, data: { data: { smtpPassword: value } } });'), good: J('await prisma.siteSettings.update({ where: { id: "smtp" }, data: { smtpPassword: value } });') },
  { construct: "Json column (Drizzle jsonb): set()", category: "secret-settings-write", stores: jsonColumns, bad: JDZ("await db.update(siteConfig).set({ data: { ...cfg, smtpPassword: value } });"), good: JDZ("await db.update(siteConfig).set({ data: { ...cfg, smtpHost: value } });") },
  { construct: "Json column: the column returned whole", category: "raw-secret-response", stores: jsonColumns, bad: JR("return row.data;"), good: JR("return { smtpHost: row.data.smtpHost };") },
  { construct: "Json column: the row returned whole carries it", category: "raw-secret-response", stores: jsonColumns, bad: JR("return row;"), good: JR("return { id: row.id, enabled: row.enabled };") },
  { construct: "Json column: a registered property returned", category: "raw-secret-response", stores: jsonColumns, bad: JR("return { password: row.data.smtpPassword };"), good: JR("return { hasSmtpPassword: Boolean(row.data.smtpPassword) };") },
  { construct: "Json column: rest of the column without the secrets", category: "raw-secret-response", stores: jsonColumns, bad: JR("const { smtpPassword, ...rest } = row.data; return rest;"), good: JR("const { smtpPassword, oauth, ...rest } = row.data; return rest;") },
  { construct: "Json column: select of the column", category: "raw-secret-response", stores: jsonColumns, bad: JR('return ctx.db.siteSettings.findMany({ select: { id: true, data: true } });'), good: JR('return ctx.db.siteSettings.findMany({ select: { id: true, enabled: true } });') },
  { construct: "Json column (Drizzle jsonb): whole rows returned", category: "raw-secret-response", stores: jsonColumns, bad: `import { siteConfig } from "./db/schema";
declare const db: any;
declare const adminProcedure: any;
export const r = adminProcedure.query(async () => db.select().from(siteConfig));
`, good: `import { siteConfig } from "./db/schema";
declare const db: any;
declare const adminProcedure: any;
export const r = adminProcedure.query(async () => db.select({ id: siteConfig.id }).from(siteConfig));
` },
  { construct: "Json column: admin input written as the column", category: "secret-in-admin-input", stores: jsonColumns, bad: JI("z.object({ data: z.object({ smtpHost: z.string(), smtpPassword: z.string() }) })", 'await ctx.db.siteSettings.update({ where: { id: "smtp" }, data: { data: input.data } });'), good: JI("z.object({ data: z.object({ smtpHost: z.string() }) })", 'await ctx.db.siteSettings.update({ where: { id: "smtp" }, data: { data: input.data } });') },
  { construct: "Json column: an admin input property written inside the column", category: "secret-in-admin-input", stores: jsonColumns, bad: JI("z.object({ smtpHost: z.string(), smtpPassword: z.string() })", 'await ctx.db.siteSettings.update({ where: { id: "smtp" }, data: { data: { smtpHost: input.smtpHost, smtpPassword: input.smtpPassword } } });'), good: JI("z.object({ smtpHost: z.string(), smtpPassword: z.string() })", 'await ctx.db.siteSettings.update({ where: { id: "smtp" }, data: { data: { smtpHost: input.smtpHost } } });') },
);

// ---- Framework endpoints: NestJS, GraphQL, Express/Koa/Hono/Fastify, server actions --------------
/** The InfraConfig key-value store with one registered secret key. */
const infraKeyValue = {
  config: { settingsModels: ["InfraConfig"], secrets: { GOOGLE_CLIENT_SECRET: { env: "GOOGLE_CLIENT_SECRET" } } },
  models: keyValue.models,
};
/** A NestJS controller reading the settings row; `guards` decorate the method, `cls` the class. */
const NEST = (guards: string, body: string, cls = '@Controller("settings")', pre = "") => `import { Body, Controller, Get, Param, Put, UseGuards } from "@nestjs/common";
import { PrismaService } from "./prisma.service";
declare const AdminGuard: any;
declare const JwtAuthGuard: any;
declare function Roles(...roles: unknown[]): any;
declare function HasPermission(permission: unknown): any;
declare const permissions: any;
declare const Role: any;
${pre}
${cls}
export class SettingsController {
  constructor(private readonly prisma: PrismaService) {}

  @Get()
  ${guards}
  async read() {
    const settings = await this.prisma.systemSettings.findFirstOrThrow();
    ${body}
  }
}
`;

/** A NestJS admin controller whose `@Put()` takes `@Body() dto: UpdateSettingsDto` and writes it. */
const NEST_DTO = (fields: string, write = "data: dto") => `import { Body, Controller, Put, UseGuards } from "@nestjs/common";
import { IsOptional, IsString } from "class-validator";
import { PrismaService } from "./prisma.service";
declare const AdminGuard: any;

export class UpdateSettingsDto {
  @IsString()
  smtpHost!: string;
${fields}
}

@Controller("settings")
@UseGuards(AdminGuard)
export class SettingsController {
  constructor(private readonly prisma: PrismaService) {}

  @Put()
  async update(@Body() dto: UpdateSettingsDto) {
    await this.prisma.systemSettings.update({ where: { id: 1 }, ${write} });
    return { ok: true };
  }
}
`;

/** A GraphQL resolver whose admin query returns the settings row as `SettingsModel`. */
const GQL = (modelFields: string, guards = "@UseGuards(GqlAuthGuard, GqlAdminGuard)") => `import { UseGuards } from "@nestjs/common";
import { Field, ObjectType, Query, Resolver } from "@nestjs/graphql";
declare const prisma: any;
declare const GqlAuthGuard: any;
declare const GqlAdminGuard: any;

@ObjectType()
export class SettingsModel {
  @Field()
  smtpHost!: string;
${modelFields}
}

@Resolver(() => SettingsModel)
export class SettingsResolver {
  @Query(() => SettingsModel)
  ${guards}
  async settings() {
    return prisma.systemSettings.findFirst();
  }
}
`;

/** A GraphQL admin mutation whose `@Args("input")` input type is written. */
const GQL_INPUT = (fields: string) => `import { UseGuards } from "@nestjs/common";
import { Args, Field, InputType, Mutation, Resolver } from "@nestjs/graphql";
declare const prisma: any;
declare const GqlAdminGuard: any;

@InputType()
export class UpdateSettingsInput {
  @Field()
  smtpHost!: string;
${fields}
}

@Resolver()
export class SettingsResolver {
  @Mutation(() => Boolean)
  @UseGuards(GqlAdminGuard)
  async updateSettings(@Args("input") input: UpdateSettingsInput) {
    await prisma.systemSettings.update({ where: { id: 1 }, data: { ...input } });
    return true;
  }
}
`;

/** An Express router (`pre` may guard it) with one route that answers with the settings row. */
const EXPRESS = (route: string, answer: string, pre = "", post = "") => `import express from "express";
import { prisma } from "./db";
import { requireAdmin, requireAuth } from "./auth";

const router = express.Router();
${pre}
router.${route}, async (req, res) => {
  const settings = await prisma.systemSettings.findFirst();
  ${answer}
});
${post}
export default router;
`;

const ACTION = (body: string) => `"use server";
import { prisma } from "@/lib/db";

export async function saveMailSettings(formData: FormData) {
  ${body}
}
`;

cases.push(
  { construct: "server action: Object.fromEntries(formData) parsed by a schema and written", category: "secret-in-admin-input", file: "app/admin/settings/actions.ts", bad: ACTION('const parsed = z.object({ smtpHost: z.string(), smtpPassword: z.string() }).parse(Object.fromEntries(formData));\n  await prisma.systemSettings.update({ where: { id: 1 }, data: parsed });').replace('"use server";', '"use server";\nimport { z } from "zod";'), good: ACTION('const parsed = z.object({ smtpHost: z.string() }).parse(Object.fromEntries(formData));\n  await prisma.systemSettings.update({ where: { id: 1 }, data: parsed });').replace('"use server";', '"use server";\nimport { z } from "zod";') },
);


cases.push(
  { construct: "NestJS handler behind an admin guard (and the same without it)", category: "raw-secret-response", bad: NEST("@UseGuards(JwtAuthGuard, AdminGuard)", "return { host: settings.smtpHost, password: settings.smtpPassword };"), good: NEST("@UseGuards(JwtAuthGuard)", "return { host: settings.smtpHost, password: settings.smtpPassword };") },
  { construct: "NestJS class-level admin guard", category: "raw-secret-response", bad: NEST("", "return settings;", '@Controller("settings")\n@UseGuards(AdminGuard)'), good: NEST("", "return { host: settings.smtpHost, hasPassword: Boolean(settings.smtpPassword) };", '@Controller("settings")\n@UseGuards(AdminGuard)') },
  { construct: "NestJS @Roles(Role.ADMIN) (admin-only, not admin-or-user)", category: "raw-secret-response", bad: NEST("@Roles(Role.ADMIN)", "return { key: settings.geminiApiKey };"), good: NEST("@Roles(Role.ADMIN, Role.USER)", "return { key: settings.geminiApiKey };") },
  { construct: "NestJS @HasPermission(permissions.accessAdminControl)", category: "raw-secret-response", bad: NEST("@HasPermission(permissions.accessAdminControl)", "return { seed: settings.anonymizationSeed };"), good: NEST("@HasPermission(permissions.readProfile)", "return { seed: settings.anonymizationSeed };") },
  { construct: "NestJS @Controller(\"admin\") path", category: "raw-secret-response", bad: NEST("", "return settings;", '@Controller("admin/settings")'), good: NEST("", "return settings;", '@Controller("settings")') },
  { construct: "NestJS @Body() DTO that accepts a secret", category: "secret-in-admin-input", bad: NEST_DTO("  @IsOptional()\n  @IsString()\n  smtpPassword?: string;"), good: NEST_DTO("  @IsOptional()\n  @IsString()\n  smtpFrom?: string;") },
  { construct: "NestJS DTO secret field dropped before the write", category: "secret-settings-write", bad: NEST_DTO("  @IsOptional()\n  @IsString()\n  smtpPassword?: string;"), good: NEST_DTO("  @IsOptional()\n  @IsString()\n  smtpPassword?: string;", "data: { smtpHost: dto.smtpHost }") },
  { construct: "GraphQL object type that declares the secret field (or not)", category: "raw-secret-response", bad: GQL("  @Field({ nullable: true })\n  smtpPassword?: string;"), good: GQL("  @Field()\n  hasSmtpPassword!: boolean;") },
  { construct: "GraphQL query without an admin guard", category: "raw-secret-response", bad: GQL("  @Field({ nullable: true })\n  smtpPassword?: string;"), good: GQL("  @Field({ nullable: true })\n  smtpPassword?: string;", "@UseGuards(GqlAuthGuard)") },
  { construct: "GraphQL @Args input type that accepts a secret", category: "secret-in-admin-input", bad: GQL_INPUT("  @Field({ nullable: true })\n  geminiApiKey?: string;"), good: GQL_INPUT("  @Field({ nullable: true })\n  geminiModel?: string;") },
  { construct: "Express route behind admin middleware (and behind auth only)", category: "raw-secret-response", bad: EXPRESS('get("/settings", requireAuth, requireAdmin', "res.json({ password: settings.smtpPassword });"), good: EXPRESS('get("/settings", requireAuth', "res.json({ password: settings.smtpPassword });") },
  { construct: "Express router.use(requireAdmin) before the routes", category: "raw-secret-response", bad: EXPRESS('get("/settings"', "res.status(200).send(settings);", "router.use(requireAdmin);"), good: EXPRESS('get("/settings"', "res.status(200).send(settings);", "", "router.use(requireAdmin);") },
  { construct: "Express router mounted behind admin middleware in the same file", category: "raw-secret-response", bad: EXPRESS('get("/settings"', "res.json({ key: settings.geminiApiKey });", "", 'const app = express();\napp.use("/api", requireAdmin, router);'), good: EXPRESS('get("/settings"', "res.json({ key: settings.geminiApiKey });", "", 'const app = express();\napp.use("/api", requireAuth, router);') },
  { construct: "Express route under an /admin path", category: "raw-secret-response", bad: EXPRESS('get("/admin/settings"', "res.json(settings);"), good: EXPRESS('get("/account/settings"', "res.json(settings);") },
  { construct: "Express req.body written by an admin route", category: "secret-in-admin-input", bad: EXPRESS('put("/settings", requireAdmin', "await prisma.systemSettings.update({ where: { id: settings.id }, data: { smtpHost: req.body.smtpHost, smtpPassword: req.body.smtpPassword } });\n  res.sendStatus(204);"), good: EXPRESS('put("/settings", requireAdmin', "await prisma.systemSettings.update({ where: { id: settings.id }, data: { smtpHost: req.body.smtpHost } });\n  res.sendStatus(204);") },
  { construct: "Koa ctx.body of an admin route", category: "raw-secret-response", bad: `import Router from "@koa/router";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const router = new Router();
router.get("/settings", requireAdmin, async (ctx) => {
  const settings = await prisma.systemSettings.findFirst();
  ctx.body = { password: settings?.smtpPassword };
});
export default router;
`, good: `import Router from "@koa/router";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const router = new Router();
router.get("/settings", requireAdmin, async (ctx) => {
  const settings = await prisma.systemSettings.findFirst();
  ctx.body = { hasPassword: Boolean(settings?.smtpPassword) };
});
export default router;
` },
  { construct: "Hono c.json of an admin route", category: "raw-secret-response", bad: `import { Hono } from "hono";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const app = new Hono();
app.use("/admin/*", requireAdmin);
app.get("/admin/settings", async (c) => {
  const settings = await prisma.systemSettings.findFirst();
  return c.json({ key: settings?.geminiApiKey });
});
`, good: `import { Hono } from "hono";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const app = new Hono();
app.use("/admin/*", requireAdmin);
app.get("/admin/settings", async (c) => {
  const settings = await prisma.systemSettings.findFirst();
  return c.json({ key: settings?.geminiApiKey ? "set" : "unset" });
});
` },
  { construct: "Fastify handler's returned value under an admin prefix", category: "raw-secret-response", bad: `import Fastify from "fastify";
import { prisma } from "./db";
const app = Fastify();
app.register(async (admin) => {
  admin.get("/settings", async () => prisma.systemSettings.findFirst());
}, { prefix: "/admin" });
`, good: `import Fastify from "fastify";
import { prisma } from "./db";
const app = Fastify();
app.register(async (admin) => {
  admin.get("/settings", async () => prisma.systemSettings.findFirst({ select: { smtpHost: true } }));
}, { prefix: "/admin" });
` },
  { construct: "server action under an admin route returns a secret", category: "raw-secret-response", file: "app/admin/settings/actions.ts", bad: ACTION("const settings = await prisma.systemSettings.findFirst();\n  return { password: settings?.smtpPassword };"), good: ACTION("const settings = await prisma.systemSettings.findFirst();\n  return { hasPassword: Boolean(settings?.smtpPassword) };") },
  { construct: "server action FormData written into the settings", category: "secret-in-admin-input", file: "app/(admin)/settings/actions.ts", bad: ACTION('await prisma.systemSettings.update({ where: { id: 1 }, data: { smtpHost: String(formData.get("smtpHost")), smtpPassword: String(formData.get("smtpPassword")) } });'), good: ACTION('await prisma.systemSettings.update({ where: { id: 1 }, data: { smtpHost: String(formData.get("smtpHost")) } });') },
  { construct: "server action returning the whole settings row", category: "raw-secret-response", file: "app/admin/settings/actions.ts", bad: ACTION("const settings = await prisma.systemSettings.findFirst();\n  return settings;"), good: ACTION("const settings = await prisma.systemSettings.findFirst();\n  return settings?.smtpHost;") },

  // Response wrappers and serialisation.
  { construct: "fp-ts Either returned through .right", category: "raw-secret-response", bad: NEST("@UseGuards(AdminGuard)", "const result = E.right({ password: settings.smtpPassword });\n    if (E.isLeft(result)) throw new Error(\"failed\");\n    return result.right;", '@Controller("settings")', 'import * as E from "fp-ts/Either";'), good: NEST("@UseGuards(AdminGuard)", "const result = E.right({ hasPassword: Boolean(settings.smtpPassword) });\n    if (E.isLeft(result)) throw new Error(\"failed\");\n    return result.right;", '@Controller("settings")', 'import * as E from "fp-ts/Either";') },
  { construct: "Result-like { ok, value }", category: "raw-secret-response", bad: NEST("@UseGuards(AdminGuard)", "const result = { ok: true as const, value: settings.geminiApiKey };\n    return result.value;"), good: NEST("@UseGuards(AdminGuard)", "const result = { ok: true as const, value: settings.geminiApiKey };\n    return result.ok;") },
  { construct: "plainToInstance of a DTO (all keys; only @Expose'd ones when it exposes some)", category: "raw-secret-response", bad: NEST("@UseGuards(AdminGuard)", "return plainToInstance(SettingsView, settings);", '@Controller("settings")', 'import { Expose, plainToInstance } from "class-transformer";\nclass SettingsView { smtpHost!: string; }'), good: NEST("@UseGuards(AdminGuard)", "return plainToInstance(SettingsView, settings);", '@Controller("settings")', 'import { Expose, plainToInstance } from "class-transformer";\nclass SettingsView { @Expose() smtpHost!: string; }') },
  { construct: "new Dto(row) with @Exclude()d secrets", category: "raw-secret-response", bad: NEST("@UseGuards(AdminGuard)", "return new SettingsView(settings);", '@Controller("settings")', 'import { Exclude } from "class-transformer";\nclass SettingsView { constructor(row: object) { Object.assign(this, row); } }'), good: NEST("@UseGuards(AdminGuard)", "return new SettingsView(settings);", '@Controller("settings")', 'import { Exclude } from "class-transformer";\nclass SettingsView { @Exclude() smtpPassword?: string; @Exclude() geminiApiKey?: string; @Exclude() anonymizationSeed?: string; constructor(row: object) { Object.assign(this, row); } }') },
  { construct: "new Dto(row) copying some fields", category: "raw-secret-response", bad: NEST("@UseGuards(AdminGuard)", "return new SettingsView(settings);", '@Controller("settings")', "class SettingsView { host: string; key: string; constructor(row: any) { this.host = row.smtpHost; this.key = row.geminiApiKey; } }"), good: NEST("@UseGuards(AdminGuard)", "return new SettingsView(settings);", '@Controller("settings")', "class SettingsView { host: string; hasKey: boolean; constructor(row: any) { this.host = row.smtpHost; this.hasKey = Boolean(row.geminiApiKey); } }") },
);

cases.push(
  { construct: "NestJS nested DTO (@ValidateNested @Type) that accepts a secret", category: "secret-in-admin-input", bad: `import { Body, Controller, Put, UseGuards } from "@nestjs/common";
import { Type } from "class-transformer";
import { IsString, ValidateNested } from "class-validator";
import { PrismaService } from "./prisma.service";
declare const AdminGuard: any;
export class SmtpDto {
  @IsString() host!: string;
  @IsString() smtpPassword!: string;
}
export class UpdateSettingsDto {
  @ValidateNested() @Type(() => SmtpDto) smtp!: SmtpDto;
}
@Controller("settings")
export class SettingsController {
  constructor(private readonly prisma: PrismaService) {}
  @Put() @UseGuards(AdminGuard)
  update(@Body() dto: UpdateSettingsDto) {
    return this.prisma.systemSettings.update({ where: { id: 1 }, data: { smtpHost: dto.smtp.host, smtpPassword: dto.smtp.smtpPassword } });
  }
}
`, good: `import { Body, Controller, Put, UseGuards } from "@nestjs/common";
import { Type } from "class-transformer";
import { IsString, ValidateNested } from "class-validator";
import { PrismaService } from "./prisma.service";
declare const AdminGuard: any;
export class SmtpDto {
  @IsString() host!: string;
  @IsString() smtpPassword!: string;
}
export class UpdateSettingsDto {
  @ValidateNested() @Type(() => SmtpDto) smtp!: SmtpDto;
}
@Controller("settings")
export class SettingsController {
  constructor(private readonly prisma: PrismaService) {}
  @Put() @UseGuards(AdminGuard)
  update(@Body() dto: UpdateSettingsDto) {
    return this.prisma.systemSettings.update({ where: { id: 1 }, data: { smtpHost: dto.smtp.host } });
  }
}
` },
  { construct: "NestJS array of DTOs written as key-value rows", category: "secret-settings-write", stores: infraKeyValue, bad: `import { Body, Controller, Post, UseGuards } from "@nestjs/common";
import { IsString } from "class-validator";
import { prisma } from "./prisma";
declare const AdminGuard: any;
export class EntryDto {
  @IsString() name!: string;
  @IsString() value!: string;
}
export class BulkDto {
  entries!: EntryDto[];
}
@Controller("settings")
@UseGuards(AdminGuard)
export class SettingsController {
  @Post("bulk")
  async bulk(@Body() body: BulkDto) {
    await prisma.infraConfig.createMany({ data: body.entries });
    return { ok: true };
  }
}
`, good: `import { Body, Controller, Post, UseGuards } from "@nestjs/common";
import { IsString } from "class-validator";
import { prisma } from "./prisma";
declare const AdminGuard: any;
export class EntryDto {
  @IsString() value!: string;
}
export class BulkDto {
  entries!: EntryDto[];
}
@Controller("settings")
@UseGuards(AdminGuard)
export class SettingsController {
  @Post("bulk")
  async bulk(@Body() body: BulkDto) {
    await prisma.infraConfig.createMany({ data: body.entries.map((entry) => ({ name: "GOOGLE_CALLBACK_URL", value: entry.value })) });
    return { ok: true };
  }
}
` },
  { construct: "GraphQL @ResolveField behind an admin guard", category: "raw-secret-response", bad: `import { UseGuards } from "@nestjs/common";
import { Parent, ResolveField, Resolver } from "@nestjs/graphql";
import type { SystemSettings } from "@prisma/client";
declare const GqlAdminGuard: any;
@Resolver("Settings")
export class SettingsFieldsResolver {
  @ResolveField(() => String, { nullable: true })
  @UseGuards(GqlAdminGuard)
  smtpPassword(@Parent() settings: SystemSettings) {
    return settings.smtpPassword;
  }
}
`, good: `import { UseGuards } from "@nestjs/common";
import { Parent, ResolveField, Resolver } from "@nestjs/graphql";
import type { SystemSettings } from "@prisma/client";
declare const GqlAdminGuard: any;
@Resolver("Settings")
export class SettingsFieldsResolver {
  @ResolveField(() => Boolean)
  @UseGuards(GqlAdminGuard)
  hasSmtpPassword(@Parent() settings: SystemSettings) {
    return Boolean(process.env.SMTP_PASSWORD || settings.smtpPassword);
  }
}
` },
  { construct: "inline \"use server\" action in an admin page", category: "raw-secret-response", file: "app/(admin)/settings/page.ts", bad: `import { prisma } from "@/lib/db";
export default async function SettingsPage() {
  async function revealKey() {
    "use server";
    const settings = await prisma.systemSettings.findFirst();
    return settings?.geminiApiKey;
  }
  return revealKey;
}
`, good: `import { prisma } from "@/lib/db";
export default async function SettingsPage() {
  async function keyStatus() {
    "use server";
    const settings = await prisma.systemSettings.findFirst();
    return settings?.geminiApiKey ? "configured" : "missing";
  }
  return keyStatus;
}
` },
  { construct: "Koa ctx.request.body written by an admin route", category: "secret-in-admin-input", bad: `import Router from "@koa/router";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const router = new Router();
router.use(requireAdmin);
router.put("/settings", async (ctx) => {
  const { smtpHost, smtpPassword } = ctx.request.body as { smtpHost: string; smtpPassword?: string };
  await prisma.systemSettings.update({ where: { id: 1 }, data: { smtpHost, smtpPassword } });
  ctx.status = 204;
});
`, good: `import Router from "@koa/router";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const router = new Router();
router.use(requireAdmin);
router.put("/settings", async (ctx) => {
  const { smtpHost } = ctx.request.body as { smtpHost: string; smtpPassword?: string };
  await prisma.systemSettings.update({ where: { id: 1 }, data: { smtpHost } });
  ctx.status = 204;
});
` },
  { construct: "Hono c.req.valid() of a zValidator schema", category: "secret-in-admin-input", bad: `import { Hono } from "hono";
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const app = new Hono();
const schema = z.object({ smtpHost: z.string(), geminiApiKey: z.string().optional() });
app.put("/settings", requireAdmin, zValidator("json", schema), async (c) => {
  await prisma.systemSettings.update({ where: { id: 1 }, data: c.req.valid("json") });
  return c.body(null, 204);
});
`, good: `import { Hono } from "hono";
import { zValidator } from "@hono/zod-validator";
import { z } from "zod";
import { prisma } from "./db";
import { requireAdmin } from "./auth";
const app = new Hono();
const schema = z.object({ smtpHost: z.string(), geminiApiKey: z.string().optional() }).omit({ geminiApiKey: true });
app.put("/settings", requireAdmin, zValidator("json", schema), async (c) => {
  await prisma.systemSettings.update({ where: { id: 1 }, data: c.req.valid("json") });
  return c.body(null, 204);
});
` },
);

// ---- Config sources: framework accessors and DB-filled configuration --------------------------------
/** A NestJS app whose ConfigModule loads namespace INFRA (built by `loader`) and a consumer of `read`. */
const CFG = (loader: string, read: string) => `import { Module } from "@nestjs/common";
import { ConfigModule, ConfigService, registerAs } from "@nestjs/config";
import { Strategy } from "passport-google-oauth20";
import { prisma } from "./prisma";

${loader}

@Module({ imports: [ConfigModule.forRoot({ isGlobal: true, load: [loadInfraConfiguration] })] })
export class AppModule {}

export class GoogleStrategy extends Strategy {
  constructor(configService: ConfigService) {
    super({ clientSecret: ${read} });
  }
}
`;
const DB_LOADER = `async function loadInfraConfiguration() {
  const rows = await prisma.infraConfig.findMany();
  const values: Record<string, string> = {};
  rows.forEach((row) => {
    values[row.name] = row.value;
  });
  return { INFRA: values };
}`;
const ENV_LOADER = `const loadInfraConfiguration = registerAs("INFRA", () => ({ GOOGLE_CLIENT_SECRET: process.env.GOOGLE_CLIENT_SECRET }));`;
const withSources = (configSources: object) => ({ config: { ...config, configSources }, models: [] as PrismaModel[] });

cases.push(
  { construct: "configService.get of a namespace a ConfigModule loader fills from the store", category: "db-before-env", stores: infraKeyValue, bad: CFG(DB_LOADER, 'configService.get("INFRA.GOOGLE_CLIENT_SECRET")'), good: CFG(DB_LOADER, 'configService.get("GOOGLE_CLIENT_SECRET") ?? configService.get("INFRA.GOOGLE_CLIENT_SECRET")') },
  { construct: "registerAs namespace: from the env or from the store", category: "db-before-env", stores: infraKeyValue, bad: CFG(DB_LOADER.replace("async function loadInfraConfiguration() {", "const loadInfraConfiguration = registerAs(\"INFRA\", async () => {").replace("return { INFRA: values };\n}", "return values;\n});"), 'configService.get("INFRA.GOOGLE_CLIENT_SECRET")'), good: CFG(ENV_LOADER, 'configService.get("INFRA.GOOGLE_CLIENT_SECRET")') },
  { construct: "a dotted key of an unknown namespace is not an env read", category: "db-before-env", stores: infraKeyValue, bad: CFG(DB_LOADER, 'configService.get("OTHER.GOOGLE_CLIENT_SECRET") ?? configService.get("INFRA.GOOGLE_CLIENT_SECRET")'), good: CFG(DB_LOADER, 'configService.get("GOOGLE_CLIENT_SECRET") ?? configService.get("INFRA.GOOGLE_CLIENT_SECRET")') },
  { construct: "a loader's result in a variable named env, passed to a helper", category: "db-before-env", stores: infraKeyValue, bad: `import { prisma } from "./prisma";
import nodemailer from "nodemailer";
${DB_LOADER}
function transportOptions(env: Record<string, any>) {
  return { auth: { user: "mailer", pass: env.INFRA.GOOGLE_CLIENT_SECRET } };
}
export async function createTransport() {
  const env = await loadInfraConfiguration();
  return nodemailer.createTransport(transportOptions(env));
}
`, good: `import { prisma } from "./prisma";
import nodemailer from "nodemailer";
${DB_LOADER}
function transportOptions(env: Record<string, any>) {
  return { auth: { user: "mailer", pass: process.env.GOOGLE_CLIENT_SECRET ?? env.INFRA.GOOGLE_CLIENT_SECRET } };
}
export async function createTransport() {
  const env = await loadInfraConfiguration();
  return nodemailer.createTransport(transportOptions(env));
}
` },
  { construct: "the project's env wrapper read with another variable's name", category: "db-before-env", bad: D('const timeout = config.get("REQUEST_TIMEOUT"); use({ seed: settings.anonymizationSeed, timeout });', 'class AppConfig { get(key: string) { return process.env[key]; } }\nconst config = new AppConfig();'), good: D('const timeout = config.get("REQUEST_TIMEOUT"); use({ seed: config.get("ANONYMIZATION_SEED") ?? settings.anonymizationSeed, timeout });', 'class AppConfig { get(key: string) { return process.env[key]; } }\nconst config = new AppConfig();') },
  { construct: "configured env accessor function (configSources.envFunctions)", category: "db-before-env", stores: withSources({ envFunctions: ["readSecret"] }), bad: D('use(settings.smtpPassword ?? readSecret("SMTP_PASSWORD"));', 'import { readSecret } from "./secrets";'), good: D('use(readSecret("SMTP_PASSWORD") ?? settings.smtpPassword);', 'import { readSecret } from "./secrets";') },
  { construct: "configured env service (configSources.envServices)", category: "db-before-env", stores: withSources({ envServices: ["appConfig"] }), bad: D('use(settings.geminiApiKey || appConfig.get("GEMINI_API_KEY"));', 'import { appConfig } from "./config";'), good: D('use(appConfig.get("GEMINI_API_KEY") || settings.geminiApiKey);', 'import { appConfig } from "./config";') },
  { construct: "configured DB loader the engine cannot see (configSources.dbLoaders)", category: "db-before-env", stores: withSources({ dbLoaders: ["loadSettings"] }), bad: D("const env = await loadSettings(); use(env.smtpPassword);", 'import { loadSettings } from "./settings-loader";'), good: D("const env = await loadSettings(); use(process.env.SMTP_PASSWORD ?? env.smtpPassword);", 'import { loadSettings } from "./settings-loader";') },
  { construct: "configured DB namespace (configSources.dbNamespaces)", category: "db-before-env", stores: { config: { ...infraKeyValue.config, configSources: { dbNamespaces: ["INFRA"] } }, models: keyValue.models }, bad: `import { ConfigService } from "@nestjs/config";
declare function connect(options: object): void;
export function start(configService: ConfigService) {
  connect({ secret: configService.get("INFRA.GOOGLE_CLIENT_SECRET") });
}
`, good: `import { ConfigService } from "@nestjs/config";
declare function connect(options: object): void;
export function start(configService: ConfigService) {
  connect({ secret: configService.get("GOOGLE_CLIENT_SECRET") ?? configService.get("INFRA.GOOGLE_CLIENT_SECRET") });
}
` },
  { construct: "a NestJS factory (registerAsync({ useFactory })) reading the DB namespace", category: "db-before-env", stores: infraKeyValue, bad: `import { Module } from "@nestjs/common";
import { ConfigModule, ConfigService } from "@nestjs/config";
import { JwtModule } from "@nestjs/jwt";
import { prisma } from "./prisma";
${DB_LOADER}
@Module({
  imports: [
    ConfigModule.forRoot({ load: [loadInfraConfiguration] }),
    JwtModule.registerAsync({ inject: [ConfigService], useFactory: (configService: ConfigService) => ({ secret: configService.get("INFRA.GOOGLE_CLIENT_SECRET") }) }),
  ],
})
export class AuthModule {}
`, good: `import { Module } from "@nestjs/common";
import { ConfigModule, ConfigService } from "@nestjs/config";
import { JwtModule } from "@nestjs/jwt";
import { prisma } from "./prisma";
${DB_LOADER}
@Module({
  imports: [
    ConfigModule.forRoot({ load: [loadInfraConfiguration] }),
    JwtModule.registerAsync({ inject: [ConfigService], useFactory: (configService: ConfigService) => ({ secret: configService.getOrThrow("GOOGLE_CLIENT_SECRET") }) }),
  ],
})
export class AuthModule {}
` },
  { construct: "NestJS @Param key written into a key-value store (unprovable key)", category: "secret-settings-write", stores: infraKeyValue, bad: `import { Body, Controller, Param, Put, UseGuards } from "@nestjs/common";
import { prisma } from "./prisma";
declare const AdminGuard: any;
@Controller("settings")
@UseGuards(AdminGuard)
export class SettingsController {
  @Put(":name")
  async put(@Param("name") name: string, @Body() body: { value: string }) {
    return prisma.infraConfig.update({ where: { name }, data: { value: body.value } });
  }
}
`, good: `import { Body, Controller, Param, Put, UseGuards } from "@nestjs/common";
import { prisma } from "./prisma";
declare const AdminGuard: any;
@Controller("settings")
@UseGuards(AdminGuard)
export class SettingsController {
  @Put("callback-url")
  async put(@Body() body: { value: string }) {
    await prisma.infraConfig.update({ where: { name: "GOOGLE_CALLBACK_URL" }, data: { value: body.value } });
    return { ok: true };
  }
}
` },
  { construct: "admin GraphQL query returning key-value rows of any key", category: "raw-secret-response", stores: infraKeyValue, bad: `import { UseGuards } from "@nestjs/common";
import { Args, Field, ObjectType, Query, Resolver } from "@nestjs/graphql";
import { prisma } from "./prisma";
declare const GqlAdminGuard: any;
@ObjectType()
export class InfraConfigModel {
  @Field() name!: string;
  @Field() value!: string;
}
@Resolver()
export class InfraResolver {
  @Query(() => [InfraConfigModel])
  @UseGuards(GqlAdminGuard)
  async infraConfigs(@Args({ name: "names", type: () => [String] }) names: string[]) {
    const rows = await prisma.infraConfig.findMany({ where: { name: { in: names } } });
    return rows.map((row) => ({ name: row.name, value: row.value }));
  }
}
`, good: `import { UseGuards } from "@nestjs/common";
import { Args, Field, ObjectType, Query, Resolver } from "@nestjs/graphql";
import { prisma } from "./prisma";
declare const GqlAdminGuard: any;
@ObjectType()
export class InfraConfigModel {
  @Field() name!: string;
  @Field() value!: string;
}
@Resolver()
export class InfraResolver {
  @Query(() => [InfraConfigModel])
  @UseGuards(GqlAdminGuard)
  async infraConfigs() {
    const rows = await prisma.infraConfig.findMany({ where: { name: { in: ["GOOGLE_CALLBACK_URL", "GOOGLE_SCOPE"] } } });
    return rows.map((row) => ({ name: row.name, value: row.value }));
  }
}
` },
);

describe.each(cases)("$construct ($category)", ({ category, bad, good, file = "src/code.ts", stores }) => {
  const run = (code: string) => ({
    plugin: eslintVerdict(code, file, stores?.config ?? config, stores?.models ?? []),
    checker: checkerVerdict(code, file, stores?.config ?? config, stores?.models ?? []),
  });
  it("the violating snippet: both drivers report it, at the same places", () => {
    const { plugin, checker } = run(bad);
    expect(plugin.filter((entry) => entry.startsWith(`${category} `)).length, `plugin: ${plugin.join(", ")}`).toBeGreaterThan(0);
    expect(checker).toEqual(plugin);
  });

  it("its clean twin: neither driver reports the category, and they agree", () => {
    const { plugin, checker } = run(good);
    expect(plugin.filter((entry) => entry.startsWith(`${category} `))).toEqual([]);
    expect(checker).toEqual(plugin);
  });
});
