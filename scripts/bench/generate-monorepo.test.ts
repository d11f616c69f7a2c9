import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script without type declarations
import { generateMonorepo, PLANTED, SETTINGS_MENTION, writeMonorepo } from "./generate-monorepo.mjs";

interface Generated {
  files: Map<string, string>;
  manifest: {
    files: number;
    lines: number;
    domains: string[];
    settingsFiles: string[];
    planted: { category: string; file: string; line: number }[];
  };
}

const generate = (files: number, seed = 1): Generated => generateMonorepo({ files, seed }) as Generated;
const tsFiles = (g: Generated) => [...g.files.keys()].filter((path) => /\.tsx?$/.test(path));
const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("generateMonorepo", () => {
  const small = generate(50);

  it("makes exactly N TypeScript files plus the workspace and config files", () => {
    expect(tsFiles(small)).toHaveLength(50);
    expect(small.manifest.files).toBe(50);
    for (const path of [
      "package.json",
      "pnpm-workspace.yaml",
      "guardrails.config.json",
      "tsconfig.base.json",
      "tsconfig.json",
      "packages/db/prisma/schema.prisma",
      "packages/api/tsconfig.json",
      "apps/web/tsconfig.json",
    ]) {
      expect(small.files.has(path), path).toBe(true);
    }
  });

  it("has the shape of the target users' code", () => {
    const paths = [...small.files.keys()];
    expect(paths.some((p) => /^apps\/web\/src\/app\/api\/admin\/.+\/route\.ts$/.test(p))).toBe(true);
    expect(small.files.get("apps/web/src/app/admin/settings/page.tsx")).toContain("export default function AdminSettingsPage");
    const routers = paths.filter((p) => p.startsWith("packages/api/src/router/")).map((p) => small.files.get(p)!);
    expect(routers.some((text) => text.includes("adminProcedure."))).toBe(true);
    expect(routers.some((text) => text.includes("protectedProcedure."))).toBe(true);

    const schema = small.files.get("packages/db/prisma/schema.prisma")!;
    const settingsModel = /model SystemSettings \{([^}]*)\}/.exec(schema)?.[1] ?? "";
    for (const column of ["openaiApiKey", "smtpPassword", "stripeSecretKey", "anonymizationSeed", "webhookSigningSecret"]) {
      expect(settingsModel).toMatch(new RegExp(`^\\s+${column}\\s+String\\?`, "m"));
    }
    const config = JSON.parse(small.files.get("guardrails.config.json")!);
    expect(config.secrets).toEqual({
      openaiApiKey: { env: "OPENAI_API_KEY" },
      smtpPassword: { env: "SMTP_PASSWORD" },
      anonymizationSeed: { env: "ANONYMIZATION_SEED" },
      stripeSecretKey: { env: "STRIPE_SECRET_KEY" },
    });
    const workspace = small.files.get("pnpm-workspace.yaml")!;
    expect(workspace).toContain('"packages/*"');
    const externals = small.files.get("types/externals.d.ts")!;
    for (const name of ["zod", "@trpc/server", "next/server", "@prisma/client", "react"]) {
      expect(externals).toContain(`declare module "${name}"`);
    }
  });

  it("resolves every relative import to a generated file (bundler resolution)", () => {
    for (const path of tsFiles(small)) {
      for (const [, specifier] of small.files.get(path)!.matchAll(/from "(\.{1,2}\/[^"]+)"/g)) {
        const target = posix.normalize(posix.join(posix.dirname(path), specifier!));
        const candidates = [`${target}.ts`, `${target}.tsx`, `${target}/index.ts`];
        expect(candidates.some((candidate) => small.files.has(candidate)), `${path} -> ${specifier}`).toBe(true);
      }
    }
  });

  it("plants a few violations of every category, at lines that hold them", () => {
    const categories = new Set(small.manifest.planted.map((p) => p.category));
    expect([...categories].sort()).toEqual([
      "db-before-env",
      "missing-env-guidance",
      "missing-secret-cleanup",
      "raw-secret-response",
      "secret-in-admin-input",
      "secret-settings-write",
      "unregistered-secret-field",
    ]);
    expect(small.manifest.planted).toHaveLength(PLANTED.length);
    for (const { file, line } of small.manifest.planted) {
      const text = small.files.get(file)!.split("\n")[line - 1]!;
      expect(text.trim().length, `${file}:${line}`).toBeGreaterThan(0);
    }
    const write = small.manifest.planted.find((p) => p.file.endsWith("backfill-settings.ts"))!;
    expect(small.files.get(write.file)!.split("\n")[write.line - 1]).toContain('UPDATE "SystemSettings" SET "stripeSecretKey"');
  });

  it("touches the settings in about 1 file in 200 (never fewer than the fixed files)", () => {
    for (const size of [2000, 8000]) {
      const g = generate(size);
      const touching = tsFiles(g).filter((path) => SETTINGS_MENTION.test(g.files.get(path)!));
      expect(touching).toHaveLength(g.manifest.settingsFiles.length);
      expect(touching.length).toBeGreaterThanOrEqual(Math.round(size / 200));
      expect(touching.length).toBeLessThanOrEqual(Math.round(size / 200) + 1);
    }
    // Small trees keep the fixed settings files that hold the planted violations.
    expect(small.manifest.settingsFiles.length).toBe(9);
  });

  it("is deterministic per seed", () => {
    const again = generate(50);
    expect([...again.files]).toEqual([...small.files]);
    const other = generate(50, 2);
    expect([...other.files]).not.toEqual([...small.files]);
  });

  it("refuses sizes below the fixed skeleton", () => {
    expect(() => generate(20)).toThrow(/at least \d+ files are needed/);
  });

  it("type-checks with tsc --noEmit and no node_modules", { timeout: 180_000 }, () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-generator-"));
    try {
      writeMonorepo(dir, generate(120, 3));
      const tsc = spawnSync(process.execPath, [join(repoRoot, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", dir], {
        encoding: "utf8",
      });
      expect(tsc.stdout).toBe("");
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
