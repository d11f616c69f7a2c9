import { describe, expect, it } from "vitest";
import { sortFindings, type GuardrailsConfig } from "@secret-guardrails/core";
import { applyCheck } from "../check.js";
import { createTestContext } from "../testing/create-test-context.js";
import { expectedFinding, locate } from "../testing/locate.js";
import check from "./secret-settings-write.js";

const CONFIG: GuardrailsConfig = {
  secrets: { smtpPassword: { env: "SMTP_PASSWORD" }, openAiApiKey: { env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] } },
};
const ENV: Record<string, string> = { smtpPassword: "SMTP_PASSWORD", openAiApiKey: "OPENAI_API_KEY or AZURE_OPENAI_API_KEY" };
const ALL = "'smtpPassword', 'openAiApiKey'";

type Files = Record<string, string>;

function run(files: Files, config: GuardrailsConfig = CONFIG) {
  // `noLib`: the checks never need the standard library's types, and binding it costs seconds per test.
  return sortFindings(applyCheck(check, createTestContext(files, config, { noLib: true })));
}

function secretWrite(files: Files, file: string, snippet: string, secrets: string[], occurrence: number | string = 0) {
  return expectedFinding(
    check,
    locate(files, file, snippet, occurrence),
    "secretWrite",
    { secret: secrets[0]!, model: "SystemSettings", envVar: ENV[secrets[0]!]! },
    { secret: secrets[0]! },
  );
}

function unfiltered(files: Files, file: string, snippet: string, secrets: string[], occurrence: number | string = 0) {
  return expectedFinding(
    check,
    locate(files, file, snippet, occurrence),
    "unfilteredInput",
    { secrets: secrets.map((s) => `'${s}'`).join(", "), model: "SystemSettings", envVars: secrets.map((s) => ENV[s]!.replace(" or ", ", ")).join(", ") },
    secrets.length === 1 ? { secret: secrets[0]! } : {},
  );
}

function throughHelper(
  files: Files,
  file: string,
  snippet: string,
  secret: string,
  helper: string,
  write: { file: string; snippet: string },
  context?: string,
) {
  const at = locate(files, write.file, write.snippet);
  return expectedFinding(
    check,
    locate(files, file, snippet, context),
    "secretWriteThroughHelper",
    { secret, model: "SystemSettings", envVar: ENV[secret]!, helper },
    { secret, related: [{ file: write.file, line: at.line, column: at.column, message: "the SystemSettings write" }] },
  );
}

function unprovable(files: Files, file: string, snippet: string, reason: string, related?: { file: string; snippet: string }) {
  const at = related && locate(files, related.file, related.snippet);
  return expectedFinding(
    check,
    locate(files, file, snippet),
    "unprovableKeys",
    { model: "SystemSettings", secrets: ALL, ...(reason === "" ? {} : {}) },
    at && related ? { related: [{ file: related.file, line: at.line, column: at.column, message: "the SystemSettings write" }] } : {},
  );
}

describe("secret-settings-write: writes in the file", () => {
  it("reports a secret property of update data, upsert create and update, and createMany rows", () => {
    const files: Files = {
      "src/a.ts": `export async function save(db: any, pw: string) {
  await db.systemSettings.update({ where: { id: 1 }, data: { smtpHost: "h", smtpPassword: process.env.SMTP_PASSWORD } });
  await db.systemSettings.upsert({
    where: { id: 1 },
    create: { id: 1, openAiApiKey: "sk-test" },
    update: { openAiApiKey: pw.trim() },
  });
  await db.systemSettings.createMany({ data: [{ id: 2 }, { id: 3, smtpPassword: "x" }] });
}
`,
    };
    expect(run(files)).toEqual([
      secretWrite(files, "src/a.ts", "smtpPassword: process.env.SMTP_PASSWORD", ["smtpPassword"]),
      secretWrite(files, "src/a.ts", `openAiApiKey: "sk-test"`, ["openAiApiKey"]),
      secretWrite(files, "src/a.ts", "openAiApiKey: pw.trim()", ["openAiApiKey"]),
      secretWrite(files, "src/a.ts", `smtpPassword: "x"`, ["smtpPassword"]),
    ]);
  });

  it("reports `{ set: value }` and leaves null, undefined, `{ set: null }`, `Prisma.skip` and other models alone", () => {
    const files: Files = {
      "src/a.ts": `export async function run(db: any, value: string) {
  await db.systemSettings.update({ data: { smtpPassword: { set: value } } });
  await db.systemSettings.update({ data: { smtpPassword: null, openAiApiKey: undefined } });
  await db.systemSettings.update({ data: { smtpPassword: { set: null }, openAiApiKey: Prisma.skip } });
  await db.user.update({ data: { smtpPassword: value, passwordHash: value } });
}
`,
    };
    expect(run(files)).toEqual([secretWrite(files, "src/a.ts", "smtpPassword: { set: value }", ["smtpPassword"])]);
  });

  it("follows local and imported aliases of the delegate and `$transaction` (callback and array form)", () => {
    const files: Files = {
      "src/tables.ts": `import { prisma } from "./db";
export const settingsTable = prisma.systemSettings;
`,
      "src/db.ts": `export const prisma: any = {};`,
      "src/a.ts": `import { prisma } from "./db";
import { settingsTable } from "./tables";
export async function run(key: string) {
  const table = prisma.systemSettings;
  await table.update({ data: { openAiApiKey: key } });
  const { systemSettings: rows } = prisma;
  await rows.update({ data: { smtpPassword: key } });
  await settingsTable.update({ data: { smtpPassword: key } });
  await prisma.$transaction(async (tx: any) => {
    await tx.systemSettings.update({ data: { openAiApiKey: key } });
  });
  await prisma.$transaction([prisma.systemSettings.update({ data: { smtpPassword: key } })]);
}
`,
    };
    expect(run(files)).toEqual([
      secretWrite(files, "src/a.ts", "openAiApiKey: key", ["openAiApiKey"]),
      secretWrite(files, "src/a.ts", "smtpPassword: key", ["smtpPassword"]),
      secretWrite(files, "src/a.ts", "smtpPassword: key", ["smtpPassword"], 1),
      secretWrite(files, "src/a.ts", "openAiApiKey: key", ["openAiApiKey"], 1),
      secretWrite(files, "src/a.ts", "smtpPassword: key", ["smtpPassword"], 2),
    ]);
  });

  it("reports data built in a variable and mutated afterwards; a later override or delete removes a key", () => {
    const files: Files = {
      "src/a.ts": `export async function run(db: any, input: { smtpHost: string }, pw: string) {
  const data: Record<string, unknown> = { smtpHost: input.smtpHost };
  data.smtpPassword = pw;
  await db.systemSettings.update({ data });

  const clean = { smtpHost: input.smtpHost, smtpPassword: pw };
  delete clean.smtpPassword;
  await db.systemSettings.update({ data: clean });

  const args = { where: { id: 1 }, data: { openAiApiKey: pw } };
  await db.systemSettings.update(args);
}
`,
    };
    expect(run(files)).toEqual([
      secretWrite(files, "src/a.ts", "data.smtpPassword = pw", ["smtpPassword"]),
      secretWrite(files, "src/a.ts", "openAiApiKey: pw", ["openAiApiKey"]),
    ]);
  });
});

describe("secret-settings-write: validated input and declared types", () => {
  const schemas = `import { z } from "zod";
export const smtpBase = z.object({ smtpHost: z.string(), smtpUser: z.string().nullable() });
export const smtpInput = smtpBase.extend({ smtpPassword: z.string().optional() }).partial().strict();
export const keyInput = z.object({ openAiApiKey: z.string() });
`;

  it("reports a spread or whole input whose schema (in another file, extended/merged) has a secret key", () => {
    const files: Files = {
      "src/schemas.ts": schemas,
      "src/router.ts": `import { smtpInput, keyInput, smtpBase } from "./schemas";
import { procedure } from "./trpc";
export const router = {
  saveSmtp: procedure.input(smtpInput).mutation(async ({ ctx, input }) => {
    await ctx.db.systemSettings.update({ data: { ...input, updatedAt: new Date() } });
  }),
  saveAll: procedure.input(smtpBase.merge(keyInput)).mutation(({ ctx, input }) =>
    ctx.db.systemSettings.update({ data: input }),
  ),
  saveHost: procedure.input(smtpInput.pick({ smtpHost: true })).mutation(({ ctx, input }) =>
    ctx.db.systemSettings.update({ data: input }),
  ),
  saveUser: procedure.input(smtpInput.omit({ smtpPassword: true })).mutation(({ ctx, input }) =>
    ctx.db.systemSettings.update({ data: { ...input } }),
  ),
};
`,
    };
    expect(run(files)).toEqual([
      unfiltered(files, "src/router.ts", "...input", ["smtpPassword"]),
      unfiltered(files, "src/router.ts", "input", ["openAiApiKey"], "data: input"),
    ]);
  });

  it("leaves input whose secrets are destructured away, overridden with undefined, or never spread", () => {
    const files: Files = {
      "src/schemas.ts": schemas,
      "src/router.ts": `import { smtpInput } from "./schemas";
import { procedure } from "./trpc";
export const router = {
  a: procedure.input(smtpInput).mutation(async ({ ctx, input }) => {
    const { smtpPassword: _ignored, ...metadata } = input;
    await ctx.db.systemSettings.update({ data: { ...metadata } });
    await ctx.db.systemSettings.update({ data: metadata });
  }),
  b: procedure.input(smtpInput).mutation(async ({ ctx, input }) => {
    await ctx.db.systemSettings.update({ data: { ...input, smtpPassword: undefined } });
    await ctx.db.systemSettings.update({ data: { smtpHost: input.smtpHost } });
  }),
};
`,
    };
    expect(run(files)).toEqual([]);
  });

  it("reports Object.assign of input into the data, and a variable mutated with Object.assign", () => {
    const files: Files = {
      "src/schemas.ts": schemas,
      "src/router.ts": `import { keyInput } from "./schemas";
import { procedure } from "./trpc";
export const router = {
  a: procedure.input(keyInput).mutation(async ({ ctx, input }) => {
    await ctx.db.systemSettings.update({ data: Object.assign({}, { aiProvider: "x" }, input) });
    const data = { aiProvider: "y" };
    Object.assign(data, input);
    await ctx.db.systemSettings.update({ data });
  }),
};
`,
    };
    expect(run(files)).toEqual([
      unfiltered(files, "src/router.ts", "input", ["openAiApiKey"], `{ aiProvider: "x" }, input`),
      unfiltered(files, "src/router.ts", "input", ["openAiApiKey"], "Object.assign(data, input"),
    ]);
  });

  it("reports safeParse/parse results of a secret-bearing schema in a route handler, not of a strict metadata schema", () => {
    const files: Files = {
      "src/schemas.ts": schemas,
      "app/api/settings/route.ts": `import { smtpInput, smtpBase } from "../../../src/schemas";
import { prisma } from "../../../src/db";
export async function PATCH(request: Request) {
  const parsed = smtpInput.safeParse(await request.json());
  if (!parsed.success) return;
  await prisma.systemSettings.update({ data: { ...parsed.data } });
}
export async function PUT(request: Request) {
  const body = smtpBase.strict().parse(await request.json());
  await prisma.systemSettings.update({ data: body });
}
`,
    };
    expect(run(files)).toEqual([unfiltered(files, "app/api/settings/route.ts", "...parsed.data", ["smtpPassword"])]);
  });

  it("uses a declared type (interface, alias, z.infer) when a helper has no callers", () => {
    const files: Files = {
      "src/schemas.ts": schemas,
      "src/store.ts": `import type { z } from "zod";
import type { keyInput } from "./schemas";
interface SmtpSettings { smtpHost?: string; smtpPassword?: string }
type KeySettings = z.infer<typeof keyInput>;
type Metadata = Omit<SmtpSettings, "smtpPassword">;
export function saveSmtp(db: any, settings: SmtpSettings) {
  return db.systemSettings.update({ data: settings });
}
export function saveKey(db: any, settings: Partial<KeySettings>) {
  return db.systemSettings.update({ data: { ...settings } });
}
export function saveMetadata(db: any, settings: Metadata) {
  return db.systemSettings.update({ data: settings });
}
`,
    };
    expect(run(files)).toEqual([
      unfiltered(files, "src/store.ts", "settings", ["smtpPassword"], "data: settings"),
      unfiltered(files, "src/store.ts", "...settings", ["openAiApiKey"]),
    ]);
  });
});

describe("secret-settings-write: helpers and repositories in other modules", () => {
  const store = `export async function updateSystemSettings(db: any, data: any) {
  return db.systemSettings.update({ where: { id: "singleton" }, data });
}
`;
  const passwordStore = `export function setSmtpPassword(db: any, password: string | null) {
  return db.systemSettings.update({ where: { id: "singleton" }, data: { smtpPassword: password } });
}
`;
  const writeIn = { file: "src/lib/store.ts", snippet: "db.systemSettings.update(" };

  it("reports at the call site's property; clean callers of the same helper stay clean", () => {
    const files: Files = {
      "src/lib/store.ts": store,
      "src/a.ts": `import { updateSystemSettings } from "./lib/store";
export async function rotate(db: any, seed: string) {
  await updateSystemSettings(db, { smtpHost: "mail", smtpPassword: seed });
  await updateSystemSettings(db, { smtpHost: "mail" });
  await updateSystemSettings(db, { smtpPassword: null });
}
`,
    };
    expect(run(files)).toEqual([throughHelper(files, "src/a.ts", "smtpPassword: seed", "smtpPassword", "updateSystemSettings", writeIn)]);
  });

  it("follows barrels (`export *`, renamed `export { x as y } from`) and helper chains", () => {
    const files: Files = {
      "src/lib/store.ts": store,
      "src/lib/index.ts": `export * from "./store";
export { updateSystemSettings as saveSettings } from "./store";
`,
      "src/service.ts": `import { updateSystemSettings } from "./lib";
export function saveSmtp(db: any, input: { smtpHost: string; smtpPassword?: string }) {
  return updateSystemSettings(db, { ...input, updatedAt: new Date() });
}
`,
      "src/a.ts": `import { saveSettings } from "./lib";
import { saveSmtp } from "./service";
export async function run(db: any, key: string) {
  await saveSettings(db, { openAiApiKey: key });
  await saveSmtp(db, { smtpHost: "h", smtpPassword: key });
  await saveSmtp(db, { smtpHost: "h" });
}
`,
    };
    expect(run(files)).toEqual([
      throughHelper(files, "src/a.ts", "openAiApiKey: key", "openAiApiKey", "saveSettings", writeIn),
      throughHelper(files, "src/a.ts", "smtpPassword: key", "smtpPassword", "saveSmtp", writeIn),
    ]);
  });

  it("checks what callers pass for a parameter the helper writes into a secret column", () => {
    const files: Files = {
      "src/lib/store.ts": passwordStore,
      "src/a.ts": `import { setSmtpPassword } from "./lib/store";
export async function run(db: any, input: { password: string }) {
  await setSmtpPassword(db, input.password);
  await setSmtpPassword(db, null);
}
`,
    };
    expect(run(files)).toEqual([
      // Related: the written property in the helper, where the editor (which sees that file alone) reports it.
      throughHelper(files, "src/a.ts", "input.password", "smtpPassword", "setSmtpPassword", { file: "src/lib/store.ts", snippet: "smtpPassword: password" }),
    ]);
  });

  it("reports inside a helper nobody calls when it writes a parameter into a secret column; an untyped data parameter says nothing", () => {
    const files: Files = {
      "src/lib/store.ts": `${store}export function setApiKey(db: any, key: string) {
  return db.systemSettings.update({ data: { openAiApiKey: key } });
}
`,
    };
    expect(run(files)).toEqual([secretWrite(files, "src/lib/store.ts", "openAiApiKey: key", ["openAiApiKey"])]);
  });

  it("judges a helper that writes one property of its parameter by the caller's schema, and data builders in other files", () => {
    const files: Files = {
      "src/store.ts": `export function saveKey(db: any, options: { key?: string }) {
  return db.systemSettings.update({ data: { openAiApiKey: options.key } });
}
export function buildData(values: { host: string; password?: string }) {
  return { smtpHost: values.host, smtpPassword: values.password };
}
`,
      "src/router.ts": `import { z } from "zod";
import { procedure } from "./trpc";
import { buildData, saveKey } from "./store";
export const router = {
  key: procedure.input(z.object({ key: z.string() })).mutation(({ ctx, input }) => saveKey(ctx.db, input)),
  label: procedure.input(z.object({ label: z.string() })).mutation(({ ctx, input }) => saveKey(ctx.db, input)),
  smtp: procedure.input(z.object({ host: z.string() })).mutation(({ ctx, input }) =>
    ctx.db.systemSettings.update({ data: buildData({ host: input.host, password: "x" }) }),
  ),
  host: procedure.input(z.object({ host: z.string() })).mutation(({ ctx, input }) =>
    ctx.db.systemSettings.update({ data: buildData({ host: input.host }) }),
  ),
};
`,
    };
    const write = { file: "src/store.ts", snippet: "openAiApiKey: options.key" };
    expect(run(files)).toEqual([
      throughHelper(files, "src/router.ts", "input", "openAiApiKey", "saveKey", write, "saveKey(ctx.db, input)"),
      secretWrite(files, "src/router.ts", `buildData({ host: input.host, password: "x" })`, ["smtpPassword"]),
    ]);
  });
});

describe("secret-settings-write: generic helpers, repository classes and builders in other modules", () => {
  it("follows a generic helper that receives the delegate as a parameter, only for calls that pass a settings delegate", () => {
    const files: Files = {
      "src/generic.ts": `export function updateSingleton(table: any, data: object) {
  return table.update({ where: { id: 1 }, data });
}
`,
      "src/a.ts": `import { updateSingleton } from "./generic";
export async function run(db: any, pw: string) {
  await updateSingleton(db.systemSettings, { smtpPassword: pw });
  await updateSingleton(db.user, { smtpPassword: pw });
  await updateSingleton(db.systemSettings, { smtpHost: "mail" });
}
`,
    };
    expect(run(files)).toEqual([
      throughHelper(files, "src/a.ts", "smtpPassword: pw", "smtpPassword", "updateSingleton", { file: "src/generic.ts", snippet: "table.update(" }),
    ]);
  });

  it("follows repository class methods and class fields holding the delegate", () => {
    const files: Files = {
      "src/repo.ts": `export class SettingsRepository {
  private readonly table = prismaClient.systemSettings;
  constructor(private readonly db: any) {}
  save(data: object) {
    return this.db.systemSettings.update({ where: { id: 1 }, data });
  }
  patch(changes: object) {
    return this.table.update({ where: { id: 1 }, data: changes });
  }
}
declare const prismaClient: any;
`,
      "src/a.ts": `import { SettingsRepository } from "./repo";
export async function run(db: any, key: string) {
  const repo = new SettingsRepository(db);
  await repo.save({ openAiApiKey: key });
  await repo.save({ aiProvider: "openai" });
  await new SettingsRepository(db).patch({ smtpPassword: key });
}
`,
    };
    expect(run(files)).toEqual([
      throughHelper(files, "src/a.ts", "openAiApiKey: key", "openAiApiKey", "repo.save", { file: "src/repo.ts", snippet: "this.db.systemSettings.update(" }),
      throughHelper(files, "src/a.ts", "smtpPassword: key", "smtpPassword", "(new SettingsRepository).patch", {
        file: "src/repo.ts",
        snippet: "this.table.update(",
      }),
    ]);
  });

  it("evaluates local builder functions and leaves rest-destructured helper parameters clean", () => {
    const files: Files = {
      "src/a.ts": `function buildData(input: { host: string; password: string }) {
  return { smtpHost: input.host, smtpPassword: input.password };
}
function saveMetadata(db: any, { smtpPassword, openAiApiKey, ...metadata }: Record<string, string>) {
  return db.systemSettings.update({ data: metadata });
}
export async function run(db: any, host: string, password: string) {
  await db.systemSettings.update({ data: buildData({ host, password }) });
  await saveMetadata(db, { smtpHost: host, smtpPassword: password });
}
`,
    };
    expect(run(files)).toEqual([secretWrite(files, "src/a.ts", "smtpPassword: input.password", ["smtpPassword"])]);
  });
});

describe("secret-settings-write: computed and unprovable keys", () => {
  it("resolves computed keys from constants exported by other files", () => {
    const files: Files = {
      "src/fields.ts": `export const FIELDS = { smtp: "smtpPassword", host: "smtpHost" } as const;
export const KEY_FIELD = "openAiApiKey";
`,
      "src/a.ts": `import { FIELDS, KEY_FIELD } from "./fields";
export async function run(db: any, value: string) {
  await db.systemSettings.update({ data: { [FIELDS.smtp]: value, [FIELDS.host]: value } });
  await db.systemSettings.update({ data: { [KEY_FIELD]: value } });
}
`,
    };
    expect(run(files)).toEqual([
      secretWrite(files, "src/a.ts", "[FIELDS.smtp]: value", ["smtpPassword"]),
      secretWrite(files, "src/a.ts", "[KEY_FIELD]: value", ["openAiApiKey"]),
    ]);
  });

  it("reports keys that cannot be proven: computed keys, Object.fromEntries, Reflect.set, the raw request body", () => {
    const files: Files = {
      "app/api/x/route.ts": `import { prisma } from "../../../src/db";
export async function POST(req: Request, key: string, entries: [string, string][]) {
  await prisma.systemSettings.update({ data: { [key]: "v" } });
  const data: Record<string, string> = {};
  data[key] = "v";
  await prisma.systemSettings.update({ data });
  await prisma.systemSettings.update({ data: Object.fromEntries(entries) });
  const other = {};
  Reflect.set(other, key, "v");
  await prisma.systemSettings.update({ data: other });
  await prisma.systemSettings.update({ data: await req.json() });
}
`,
    };
    expect(run(files)).toEqual([
      unprovable(files, "app/api/x/route.ts", `[key]: "v"`, "a computed key"),
      unprovable(files, "app/api/x/route.ts", `data[key] = "v"`, "a computed key"),
      unprovable(files, "app/api/x/route.ts", "Object.fromEntries(entries)", "Object.fromEntries"),
      unprovable(files, "app/api/x/route.ts", `Reflect.set(other, key, "v")`, "Reflect.set with a computed key"),
      unprovable(files, "app/api/x/route.ts", "await req.json()", "it is the raw request body"),
    ]);
  });

  it("leaves computed keys that only clear, keys iterated from constant lists, and bodies narrowed by a declared type", () => {
    const files: Files = {
      "src/a.ts": `const SECRET_KEYS = ["smtpPassword", "openAiApiKey"] as const;
const META_KEYS = ["smtpHost", "smtpUser"] as const;
interface Patch { smtpHost?: string }
export async function run(db: any, req: Request, key: string, input: Record<string, string>) {
  await db.systemSettings.update({ data: { [key]: null } });
  await db.systemSettings.update({ data: Object.fromEntries(SECRET_KEYS.map((k) => [k, null])) });
  const meta: Record<string, string> = {};
  for (const k of META_KEYS) meta[k] = input[k]!;
  await db.systemSettings.update({ data: meta });
  const body: Patch = await req.json();
  await db.systemSettings.update({ data: body });
}
`,
    };
    expect(run(files)).toEqual([]);
  });
});

describe("secret-settings-write: raw SQL", () => {
  const schema = `model SystemSettings {
  id           String  @id
  smtpHost     String?
  smtpPassword String? @map("smtp_password")
  openAiApiKey String?
  @@map("system_settings")
}
`;

  it("reports UPDATE/INSERT of a secret column in tagged templates, Prisma.sql and Unsafe strings (also constants from other files)", () => {
    const files: Files = {
      "prisma/schema.prisma": schema,
      "src/sql.ts": `export const INSERT_KEY = 'INSERT INTO system_settings (id, "openAiApiKey") VALUES ($1, $2)';`,
      "src/a.ts": `import { Prisma } from "@prisma/client";
import { INSERT_KEY } from "./sql";
export async function run(prisma: any, pw: string) {
  await prisma.$executeRaw\`UPDATE "system_settings" SET "smtp_password" = \${pw} WHERE id = 1\`;
  const statement = Prisma.sql\`UPDATE system_settings SET "openAiApiKey" = \${pw}\`;
  await prisma.$executeRaw(statement);
  await prisma.$executeRawUnsafe(INSERT_KEY, 1, pw);
  await prisma.$executeRawUnsafe("UPDATE system_settings SET smtp_password = $1", pw);
}
`,
    };
    const sql = (snippet: string, secret: string, context?: string) =>
      expectedFinding(check, locate(files, "src/a.ts", snippet, context), "secretSqlWrite", {
        secrets: secret === "smtpPassword" ? `'smtpPassword' (column "smtp_password")` : `'${secret}'`,
        model: "SystemSettings",
        envVars: ENV[secret]!.replace(" or ", ", "),
      }, { secret });
    expect(run(files)).toEqual([
      sql('`UPDATE "system_settings" SET "smtp_password" = ${pw} WHERE id = 1`', "smtpPassword"),
      sql('`UPDATE system_settings SET "openAiApiKey" = ${pw}`', "openAiApiKey"),
      sql("INSERT_KEY", "openAiApiKey", "$executeRawUnsafe("),
      sql('"UPDATE system_settings SET smtp_password = $1"', "smtpPassword"),
    ]);
  });

  it("reports a settings column chosen at run time as unprovable", () => {
    const files: Files = {
      "prisma/schema.prisma": schema,
      "src/a.ts": `import { Prisma } from "@prisma/client";
export async function set(prisma: any, column: string, value: string) {
  await prisma.$executeRawUnsafe(\`UPDATE system_settings SET "\${column}" = $1\`, value);
  await prisma.$executeRaw\`UPDATE system_settings SET \${Prisma.raw(column)} = \${value}\`;
  await prisma.$executeRawUnsafe("UPDATE system_settings SET " + column + " = $1", value);
  await prisma.$executeRawUnsafe(\`UPDATE "User" SET "\${column}" = $1\`, value);
}
`,
    };
    const dynamic = (snippet: string) =>
      expectedFinding(check, locate(files, "src/a.ts", snippet), "unprovableSqlColumn", { model: "SystemSettings", secrets: ALL });
    expect(run(files)).toEqual([
      dynamic('`UPDATE system_settings SET "${column}" = $1`'),
      dynamic("`UPDATE system_settings SET ${Prisma.raw(column)} = ${value}`"),
      dynamic('"UPDATE system_settings SET " + column + " = $1"'),
    ]);
  });

  it("leaves SET NULL cleanups, other tables and non-secret columns alone", () => {
    const files: Files = {
      "prisma/schema.prisma": schema,
      "src/a.ts": `export async function run(prisma: any, v: string) {
  await prisma.$executeRaw\`UPDATE system_settings SET smtp_password = NULL, "openAiApiKey" = null\`;
  await prisma.$executeRaw\`UPDATE "User" SET "smtp_password" = \${v}\`;
  await prisma.$queryRaw\`UPDATE system_settings SET "smtpHost" = \${v} RETURNING id\`;
}
`,
    };
    expect(run(files)).toEqual([]);
  });
});

describe("secret-settings-write: robustness", () => {
  it("terminates on recursive helpers, self-referencing data and odd syntax, and still reports what it can", () => {
    const files: Files = {
      "src/a.ts": `export function save(db: any, data: any, depth = 0): any {
  if (depth < 3) return save(db, { ...data }, depth + 1);
  return db.systemSettings?.update({ data });
}
export function ping(db: any, data: object): any {
  return pong(db, data);
}
export function pong(db: any, data: object): any {
  return Math.random() > 0.5 ? ping(db, data) : db["systemSettings"].update({ data });
}
let loop: any = {};
loop = { ...loop, nested: loop };
const [first] = [{ smtpPassword: "x" }];
const symbolKey = Symbol("k");
export async function run(db: any, pw: string) {
  await save(db, { smtpPassword: pw });
  await ping(db, { aiProvider: "x" });
  await db.systemSettings.update({ data: loop });
  await db.systemSettings.update({ data: first });
  await db.systemSettings.update({ data: { get smtpHost() { return "h"; }, [symbolKey]: 1, method() {} } });
  await db.systemSettings.update(...[{ data: { smtpPassword: pw } }]);
  await db.systemSettings.update();
}
`,
    };
    expect(run(files)).toEqual([
      // An array destructured at the top level and the arguments of a spread call are followed too.
      secretWrite(files, "src/a.ts", `smtpPassword: "x"`, ["smtpPassword"]),
      throughHelper(files, "src/a.ts", "smtpPassword: pw", "smtpPassword", "save", { file: "src/a.ts", snippet: "db.systemSettings?.update(" }),
      unprovable(files, "src/a.ts", "[symbolKey]: 1", "a computed key"),
      secretWrite(files, "src/a.ts", "smtpPassword: pw", ["smtpPassword"], 1),
    ]);
  });
});

describe("secret-settings-write: registry", () => {
  it("reports nothing without registered secrets", () => {
    const files: Files = { "src/a.ts": `export const f = (db: any) => db.systemSettings.update({ data: { smtpPassword: "x" } });` };
    expect(run(files, { secrets: {} })).toEqual([]);
  });
});
