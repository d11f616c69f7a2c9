import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { baseFiles, makeRepo, run, secretWrite } from "../test/helpers.js";
import { buildInventory, declarationsOf, isEnvSchema, scanEnvDeclarations } from "./inventory.js";
import type { Report, ReportFinding, ReportRegistry } from "./report.js";

const REGISTRY: ReportRegistry = {
  source: "config",
  config: "guardrails.config.json",
  settingsModels: ["SystemSettings"],
  secrets: [
    { secret: "smtpPassword", env: ["SMTP_PASSWORD"] },
    { secret: "openaiApiKey", env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"] },
  ],
};

const finding = (category: ReportFinding["category"], secret?: string) => ({ category, ...(secret !== undefined ? { secret } : {}) });

describe("buildInventory", () => {
  it("derives each secret's statuses from the findings that name it, and its declarations", () => {
    const findings = [
      finding("secret-settings-write", "smtpPassword"),
      finding("secret-settings-write", "smtpPassword"),
      finding("db-before-env", "openaiApiKey"),
      finding("raw-secret-response", "smtpPassword"),
      finding("secret-in-admin-input", "openaiApiKey"),
      finding("missing-secret-cleanup", "openaiApiKey"),
      finding("missing-env-guidance", "smtpPassword"),
      // Other categories, and findings naming no or another secret, change nothing.
      finding("analysis-error"),
      finding("unregistered-secret-field", "jiraToken"),
      finding("secret-settings-write", "jiraToken"),
    ];
    const declarations = new Map([
      ["SMTP_PASSWORD", [".env.example"]],
      ["AZURE_OPENAI_API_KEY", ["src/env.ts"]],
      ["OPENAI_API_KEY", [".env.example", "src/env.ts"]],
    ]);
    expect(buildInventory(REGISTRY, findings, declarations, { cleanup: true, ui: true })).toEqual([
      {
        secret: "smtpPassword",
        env: ["SMTP_PASSWORD"],
        declaredIn: [".env.example"],
        writtenToSettings: 2,
        readDbFirst: 0,
        returnedByAdmin: 1,
        acceptedByAdminInput: 0,
        clearedByCleanup: true,
        namedByUi: false,
      },
      {
        secret: "openaiApiKey",
        env: ["OPENAI_API_KEY", "AZURE_OPENAI_API_KEY"],
        declaredIn: [".env.example", "src/env.ts"],
        writtenToSettings: 0,
        readDbFirst: 1,
        returnedByAdmin: 0,
        acceptedByAdminInput: 1,
        clearedByCleanup: false,
        namedByUi: true,
      },
    ]);
  });

  it("clears no secret when nothing clears the legacy secrets (a cleanup finding naming none)", () => {
    const inventory = buildInventory(REGISTRY, [finding("missing-secret-cleanup")], new Map(), { cleanup: true, ui: true });
    expect(inventory.map((entry) => entry.clearedByCleanup)).toEqual([false, false]);
  });

  it("leaves what was not checked as null", () => {
    const inventory = buildInventory(REGISTRY, [finding("missing-env-guidance", "smtpPassword")], new Map(), { cleanup: false, ui: false });
    expect(inventory.map((entry) => [entry.clearedByCleanup, entry.namedByUi, entry.declaredIn])).toEqual([
      [null, null, []],
      [null, null, []],
    ]);
  });

  it("rebuilds from its own declarations and checks (what `merge` does)", () => {
    const declarations = new Map([["AZURE_OPENAI_API_KEY", ["src/env.ts"]]]);
    const findings = [finding("secret-settings-write", "smtpPassword")];
    const inventory = buildInventory(REGISTRY, findings, declarations, { cleanup: true, ui: false });
    const again = declarationsOf(inventory);
    expect(again.checks).toEqual({ cleanup: true, ui: false });
    expect(buildInventory(REGISTRY, findings, again.declarations, again.checks)).toEqual(inventory);
  });
});

describe("scanEnvDeclarations", () => {
  const NAMES = ["SMTP_PASSWORD", "OPENAI_API_KEY", "SLACK_TOKEN", "GEMINI_KEY"];

  it("reads names from .env example files and keys of env schemas, never more", () => {
    const root = makeRepo({
      ".env.example": "# SLACK_TOKEN=commented out is not declared\nexport SMTP_PASSWORD=\nOPENAI_API_KEY = \"\"\nUNRELATED=1\n",
      "apps/web/.env.production.example": "GEMINI_KEY=\n",
      "apps/web/src/env.ts": 'import { createEnv } from "@t3-oss/env-nextjs";\nexport const env = createEnv({ server: { SMTP_PASSWORD: z.string() }, runtimeEnv: process.env });\n',
      "apps/web/env.mjs": 'export const env = createEnv({ server: { "GEMINI_KEY": z.string() } });\n',
      "packages/config/src/env-schema.ts": "export const schema = z.object({ OPENAI_API_KEY: z.string().optional() });\n",
      // Not env schemas: a zod object elsewhere, a settings write naming the variable.
      "src/settings-form.ts": "export const form = z.object({ SLACK_TOKEN: z.string() });\n",
      "src/write.ts": "await prisma.systemSettings.update({ data: { SLACK_TOKEN: 1 } });\n",
    });
    const sources = ["apps/web/src/env.ts", "packages/config/src/env-schema.ts", "src/settings-form.ts", "src/write.ts"].map((file) => ({
      file,
      text: readFileSync(join(root, file), "utf8"),
    }));
    const declarations = scanEnvDeclarations(root, NAMES, {
      envExamples: [".env.example", "apps/web/.env.production.example"],
      sources,
      scripts: ["apps/web/env.mjs"],
    });
    expect(Object.fromEntries(declarations)).toEqual({
      SMTP_PASSWORD: [".env.example", "apps/web/src/env.ts"],
      OPENAI_API_KEY: [".env.example", "packages/config/src/env-schema.ts"],
      GEMINI_KEY: ["apps/web/.env.production.example", "apps/web/env.mjs"],
    });
  });

  it("recognises env schemas by createEnv, or a zod object in an env file or parsing process.env", () => {
    expect(isEnvSchema("src/anything.ts", "const env = createEnv({})")).toBe(true);
    expect(isEnvSchema("src/env.ts", "z.object({})")).toBe(true);
    expect(isEnvSchema("src/env/server.ts", "z.object({})")).toBe(true);
    expect(isEnvSchema("src/config.ts", "const e = z.object({}).parse(process.env)")).toBe(true);
    expect(isEnvSchema("src/form.ts", "z.object({})")).toBe(false);
    expect(isEnvSchema("src/environment-banner.tsx", "z.object({})")).toBe(false);
    expect(isEnvSchema("src/env.ts", "export const x = 1")).toBe(false);
  });
});

describe("the inventory of a run", () => {
  const files = baseFiles({
    "src/settings.ts": secretWrite(),
    ".env.example": "SMTP_PASSWORD=\n",
    // `.env` holds values: never read, never a declaration.
    ".env": "SMTP_PASSWORD=not-declared-here\n",
  });

  it("is in the JSON of a full run, byte-identical across runs", async () => {
    const root = makeRepo(files);
    const first = await run(["check", root, "--format", "json"]);
    const report = JSON.parse(first.stdout) as Report;
    expect(report.inventory).toEqual([
      {
        secret: "smtpPassword",
        env: ["SMTP_PASSWORD"],
        declaredIn: [".env.example"],
        writtenToSettings: 1,
        readDbFirst: 0,
        returnedByAdmin: 0,
        acceptedByAdminInput: 0,
        clearedByCleanup: true,
        // No admin UI in this repo: nothing to check.
        namedByUi: null,
      },
    ]);
    expect(report.registry).toEqual({ source: "discovery", settingsModels: ["SystemSettings"], schemas: ["prisma/schema.prisma"], secrets: [{ secret: "smtpPassword", env: ["SMTP_PASSWORD"] }] });
    const second = await run(["check", root, "--format", "json"]);
    const strip = (text: string) => text.replace(/"durationMs": \d+/, "");
    expect(strip(second.stdout)).toBe(strip(first.stdout));
  });

  it("is rebuilt by `merge` from the shards' findings as the full run has it", async () => {
    const root = makeRepo(files);
    const full = JSON.parse((await run(["check", root, "--format", "json"])).stdout) as Report;
    for (const index of [1, 2]) await run(["check", root, "--shard", `${index}/2`, "--format", "json", "-o", join(root, `s${index}.json`)]);
    const merged = JSON.parse((await run(["merge", join(root, "s1.json"), join(root, "s2.json"), "--format", "json"])).stdout) as Report;
    expect(merged.registry).toEqual(full.registry);
    expect(merged.inventory).toEqual(full.inventory);
  });

  it("is left out in changed-files mode, which sees too little", async () => {
    const root = makeRepo(files);
    const report = JSON.parse((await run(["check", root, join(root, "src/settings.ts"), "--format", "json"])).stdout) as Report;
    expect(report.inventory).toBeUndefined();
    expect(report.registry?.secrets).toEqual([{ secret: "smtpPassword", env: ["SMTP_PASSWORD"] }]);
  });
});
