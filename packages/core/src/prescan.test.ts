import { describe, expect, it } from "vitest";
import { prescan } from "./prescan.js";
import { createRegistry } from "./registry.js";

const registry = createRegistry(
  {
    settingsModels: ["AppSettings"],
    secrets: { smtpPassword: { env: "SMTP_PASSWORD" } },
    exclude: ["**/node_modules/**", "**/dist/**", "**/*.d.ts"],
  },
  [
    {
      name: "AppSettings",
      table: "app_settings",
      file: "schema.prisma",
      line: 1,
      column: 1,
      fields: [{ name: "smtpPassword", column: "smtp_password", type: "String", line: 2, column1: 3, endColumn: 15 }],
    },
  ],
);

describe("prescan", () => {
  const none = { delegate: false, model: false, secret: false, env: false, rawSql: false, admin: false, relevant: false, lintable: false, supplies: false };

  it("finds nothing in unrelated code", () => {
    expect(prescan("export const add = (a: number, b: number) => a + b;", registry, "src/math.ts")).toEqual(none);
  });

  it.each([
    ["await db.appSettings.update({})", { delegate: true }],
    ['await sql`UPDATE "app_settings" SET x = 1`', { delegate: true }], // the @@map table name
    ["const a = row.smtpPassword;", { secret: true }],
    ['SET "smtp_password" = 1', { secret: true }],
    ["process.env.SMTP_PASSWORD", { env: true }],
    ["await prisma.$executeRawUnsafe(q)", { rawSql: true }],
    ["await prisma.$queryRaw`SELECT 1`", { rawSql: true }],
    ["export const r = adminProcedure.query(() => 1);", { admin: true }],
  ])("marks %s", (text, markers) => {
    const supplies = "delegate" in markers || "secret" in markers;
    expect(prescan(text, registry, "src/x.ts")).toEqual({ ...none, ...markers, relevant: true, lintable: true, supplies });
  });

  it("counts a delegate only where code or SQL uses it, not as a word of prose or a path segment", () => {
    const delegate = (text: string) => prescan(text, registry, "src/x.ts").delegate;
    expect(["db.appSettings.findFirst()", "db\n  .appSettings\n  .update({})", "const { appSettings } = db; appSettings.findMany()", "db.update(appSettings)", "'UPDATE app_settings SET x = 1'", "tx.appSettings?.upsert"].map(delegate)).toEqual([true, true, true, true, true, true]);
    expect(["// the appSettings page", "'see appSettings for more'", "import { x } from './appSettings/appSettings-service'", "const appSettingsPanel = 1"].map(delegate)).toEqual([false, false, false, false]);
  });

  it("counts raw SQL as a supplier only when the text can name the store", () => {
    expect(prescan("await prisma.$queryRaw`SELECT * FROM \"AppSettings\"`", registry, "src/x.ts").supplies).toBe(true);
    expect(prescan("const t = 'app_settings'; await prisma.$executeRawUnsafe(`DELETE FROM ${t}`)", registry, "src/x.ts").supplies).toBe(true);
    expect(prescan("await prisma.$queryRaw`SELECT * FROM \"Order\"`", registry, "src/x.ts")).toMatchObject({ rawSql: true, relevant: true, supplies: false });
  });

  it("does not count the admin pattern without a tRPC resolver (no endpoint)", () => {
    expect(prescan("export const adminProcedure = t.procedure;", registry, "src/x.ts")).toEqual({ ...none, admin: true });
    expect(prescan("import { AdminLayout } from '~/ui'; api.admin.stats.useQuery();", registry, "src/x.tsx")).toEqual({ ...none, admin: true });
  });

  it("does not count a bare model name (types) as relevant", () => {
    // ... but the rules look at it (a type annotation can mark a settings row).
    expect(prescan("export type { AppSettings } from '@prisma/client';", registry, "src/x.ts")).toEqual({ ...none, model: true, lintable: true });
  });

  it("matches whole words only", () => {
    expect(prescan("const smtpPasswordLength = 3; const MY_SMTP_PASSWORD_HINT = 1;", registry, "src/x.ts")).toEqual(none);
  });

  it("marks files under an admin path segment; only admin route handlers are relevant by path", () => {
    const page = prescan("export default function Page() {}", registry, "app/admin/settings/page.tsx");
    expect([page.admin, page.relevant, page.lintable]).toEqual([true, false, false]);
    const route = prescan("export async function GET() {}", registry, "app/api/admin/route.ts");
    expect([route.admin, route.relevant, route.lintable]).toEqual([true, true, true]);
    expect(prescan("export async function GET() {}", registry, "app/api/administrators.ts").admin).toBe(false);
  });
});
