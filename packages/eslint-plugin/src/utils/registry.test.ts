import type { TSESLint } from "@typescript-eslint/utils";
import type { GuardrailsConfig } from "@secret-guardrails/core";
import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import plugin from "../index.js";
import { fileCanMatter, getRegistry } from "./registry.js";

const config: GuardrailsConfig = {
  settingsModels: ["SystemSettings"],
  secrets: { smtpPassword: { env: "SMTP_PASSWORD" } },
};

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The parts of a rule context that `getRegistry` and the file gate read. */
function contextFor(text: string, { filename = "/repo/src/lib/totals.ts", typed = false } = {}): Context {
  return {
    settings: { "secret-guardrails": { config, root: "/repo" } },
    filename,
    cwd: "/repo",
    options: [],
    sourceCode: { text, parserServices: typed ? { program: {} } : {} },
  } as unknown as Context;
}

const ordinary = "export const total = (values: number[]) => values.reduce((sum, value) => sum + value, 0);\n";

describe("fileCanMatter", () => {
  it.each([
    ["a settings delegate", "await db.systemSettings.findFirst();"],
    ["the settings model", "export type Row = SystemSettings;"],
    ["a secret field", "const { smtpPassword } = row;"],
    ["its env var", "process.env.SMTP_PASSWORD;"],
    ["raw SQL", "await db.$executeRawUnsafe(sql);"],
    ["an admin marker", "export const r = adminProcedure.query(() => 1);"],
  ])("analyses a file that mentions %s", (_, text) => {
    const context = contextFor(text);
    expect(fileCanMatter(context, getRegistry(context))).toBe(true);
  });

  it("analyses an admin route handler, not an admin page that names nothing (that one is the checker's)", () => {
    const route = contextFor(ordinary, { filename: "/repo/app/api/admin/settings/route.ts" });
    expect(fileCanMatter(route, getRegistry(route))).toBe(true);
    const page = contextFor(ordinary, { filename: "/repo/app/admin/settings/page.tsx" });
    expect(fileCanMatter(page, getRegistry(page))).toBe(false);
  });

  it("skips a file that names none of them, unless types are available", () => {
    const plain = contextFor(ordinary);
    expect(fileCanMatter(plain, getRegistry(plain))).toBe(false);
    const typed = contextFor(ordinary, { typed: true });
    expect(fileCanMatter(typed, getRegistry(typed))).toBe(true);
  });

  it("answers for the file being linted, not for the one before it (one cached verdict)", () => {
    const secret = contextFor("process.env.SMTP_PASSWORD;");
    const plain = contextFor(ordinary);
    const verdicts = [secret, secret, plain, plain, secret, plain].map((context) => fileCanMatter(context, getRegistry(context)));
    expect(verdicts).toEqual([true, true, false, false, true, false]);
  });

  it("answers for the registry of the run: the same file under another config gets its own verdict", () => {
    const text = "process.env.SMTP_PASSWORD;";
    const known = contextFor(text);
    expect(fileCanMatter(known, getRegistry(known))).toBe(true);
    const other = {
      ...known,
      settings: { "secret-guardrails": { config: { settingsModels: ["SystemSettings"], secrets: { seed: { env: "SEED" } } }, root: "/repo" } },
    } as Context;
    expect(fileCanMatter(other, getRegistry(other))).toBe(false);
  });

  it.each(Object.keys(plugin.rules))("%s registers no listener on a file that cannot matter", (name) => {
    const rule = plugin.rules[name as keyof typeof plugin.rules] as unknown as { create(context: Context): object };
    expect(rule.create(contextFor(ordinary))).toEqual({});
  });
});

describe("getRegistry without a config", () => {
  it("discovers the schema of another package of the monorepo when ESLint runs in one package", () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), "guardrails-mono-")));
    const files: Record<string, string> = {
      "pnpm-workspace.yaml": "packages: ['apps/*', 'packages/*']\n",
      "packages/db/prisma/schema.prisma": "model SystemSettings {\n  id Int @id\n  smtpPassword String?\n}\n",
      "apps/web/src/mail.ts": "export {};\n",
    };
    for (const [file, text] of Object.entries(files)) {
      mkdirSync(join(root, file, ".."), { recursive: true });
      writeFileSync(join(root, file), text);
    }
    const context = {
      settings: {},
      filename: join(root, "apps/web/src/mail.ts"),
      cwd: join(root, "apps/web"),
      options: [],
      sourceCode: { text: "", parserServices: {} },
    } as unknown as Context;
    expect(getRegistry(context).secrets.map((secret) => [secret.field, secret.envVars])).toEqual([["smtpPassword", ["SMTP_PASSWORD"]]]);
  });
});
