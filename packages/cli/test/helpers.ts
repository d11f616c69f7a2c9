import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";
import { main } from "../src/main.js";

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: Record<string, string | undefined>;
  readonly stdoutTTY?: boolean;
  readonly stderrTTY?: boolean;
}

/** Runs the CLI in-process with in-memory streams. */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk), isTTY: options.stdoutTTY ?? false },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: options.stderrTTY ?? false },
    cwd: options.cwd ?? process.cwd(),
    // The tests' cache directory (vitest.setup.ts), unless a test sets its own.
    env: { GUARDRAILS_CACHE_DIR: process.env.GUARDRAILS_CACHE_DIR, ...options.env },
  });
  return { code, stdout, stderr };
}

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A temporary directory with these files (root-relative POSIX paths), removed after the test file. */
export function makeRepo(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), "guardrails-cli-"));
  created.push(root);
  writeFiles(root, files);
  return root;
}

export function writeFiles(root: string, files: Readonly<Record<string, string>>): void {
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
}

export function git(root: string, ...args: string[]): string {
  const result = spawnSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", "-c", "commit.gpgsign=false", ...args], {
    cwd: root,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`git ${args.join(" ")}: ${result.stderr}`);
  return result.stdout;
}

export const SCHEMA = `model SystemSettings {
  id           String  @id
  smtpHost     String?
  smtpPassword String?
}
`;

/** A write of a secret into the settings model (the ESLint rule no-secret-settings-write). */
export function secretWrite(value = "not-a-real-value"): string {
  return `import { prisma } from "./db";

export async function save() {
  await prisma.systemSettings.update({ where: { id: "s" }, data: { smtpPassword: "${value}" } });
}
`;
}

export const CLEAN = `export const answer = 42;\n`;

/** A small repo: one schema, a violation in src/settings.ts, a clean file and a cleanup action. */
export function baseFiles(extra: Record<string, string> = {}): Record<string, string> {
  return {
    "prisma/schema.prisma": SCHEMA,
    "src/db.ts": "export const prisma: any = {};\n",
    "src/cleanup.ts": `import { prisma } from "./db";

export async function clearLegacySecrets() {
  await prisma.systemSettings.update({ where: { id: "s" }, data: { smtpPassword: null } });
}
`,
    "src/clean.ts": CLEAN,
    ...extra,
  };
}

/** A small app for init and print-config: one settings model (a secret renamed by @map), an .env.example, a tRPC admin procedure, an admin route and page. */
export const SMALL_APP: Record<string, string> = {
  "prisma/schema.prisma": `model SystemSettings {
  id           String  @id
  smtpHost     String?
  smtpPassword String?
  openaiApiKey String? @map("openai_api_key")
}
`,
  ".env.example": "SMTP_PASSWORD=\nSMTP_HOST=\n",
  "src/server/trpc.ts": `const t = initTRPC.create();
export const publicProcedure = t.procedure;
export const adminProcedure = t.procedure.use(isAdmin);
`,
  "src/app/api/admin/settings/route.ts": "export async function GET() { return Response.json({}); }\n",
  "src/app/admin/settings/page.tsx": "export default function Page() { return null; }\n",
};

/** Drizzle: the settings table is declared in code, read when a manifest depends on drizzle-orm. */
export const DRIZZLE_APP: Record<string, string> = {
  "package.json": JSON.stringify({ name: "app", private: true, dependencies: { "drizzle-orm": "^0.44.0" } }),
  "src/db/schema.ts": `import { pgTable, serial, text } from "drizzle-orm/pg-core";

export const settings = pgTable("settings", {
  id: serial("id").primaryKey(),
  smtpHost: text("smtp_host"),
  smtpPassword: text("smtp_password"),
});
`,
};
