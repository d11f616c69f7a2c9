/**
 * The construct x category matrix: for every construct the engine follows, a violating snippet and
 * its clean twin, run through BOTH drivers (the ESLint plugin on the file alone, and the checker on
 * a project of that file). One table, two drivers, the same verdict.
 */
import type { GuardrailsConfig } from "@secret-guardrails/core";
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

describe.each(cases)("$construct ($category)", ({ category, bad, good, file = "src/code.ts" }) => {
  it("the violating snippet: both drivers report it, at the same places", () => {
    const plugin = eslintVerdict(bad, file, config);
    const checker = checkerVerdict(bad, file, config);
    expect(plugin.filter((entry) => entry.startsWith(`${category} `)).length, `plugin: ${plugin.join(", ")}`).toBeGreaterThan(0);
    expect(checker).toEqual(plugin);
  });

  it("its clean twin: neither driver reports the category, and they agree", () => {
    const plugin = eslintVerdict(good, file, config);
    const checker = checkerVerdict(good, file, config);
    expect(plugin.filter((entry) => entry.startsWith(`${category} `))).toEqual([]);
    expect(checker).toEqual(plugin);
  });
});
