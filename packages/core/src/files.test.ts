import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  normaliseGlob,
  rebaseGlob,
  analysisErrorFinding,
  globToRegExp,
  listFiles,
  listSourceFiles,
  matchesGlobs,
  prescan,
  readSourceFiles,
  walkTree,
} from "./files.js";
import { createRegistry } from "./registry.js";

let root: string;

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function write(file: string, content: string | Buffer = "export {};\n"): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

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

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "guardrails-files-"));
  write("src/a.ts");
  write("src/b.tsx");
  write("src/types.d.ts");
  write("src/readme.md", "# not a source file");
  write("dist/out.ts");
  write("node_modules/pkg/index.ts");
  write(".gitignore", "generated/\n*.gen.ts\n");
  write("generated/x.ts");
  write("src/model.gen.ts");
  write("packages/p/.gitignore", "local/\n!keep.gen.ts\n");
  write("packages/p/local/y.ts");
  write("packages/p/keep.gen.ts");
  write("packages/p/src/c.mts");
  // A symlinked directory that loops back to the root: never followed.
  symlinkSync(root, join(root, "src/loop"), "dir");
  // A symlinked file is listed; a dangling one too (it becomes a read error).
  symlinkSync(join(root, "src/a.ts"), join(root, "src/alias.ts"));
  symlinkSync(join(root, "src/missing.ts"), join(root, "src/dangling.ts"));
  // A self-referencing symlink: reading it fails with ELOOP.
  symlinkSync(join(root, "src/self.ts"), join(root, "src/self.ts"));
  mkdirSync(join(root, "src/folder.ts"));
});

afterAll(() => {
  chmodSync(join(root, "src/a.ts"), 0o644);
  rmSync(root, { recursive: true, force: true });
});

describe("listSourceFiles", () => {
  it("applies include/exclude and every .gitignore, skips node_modules and directories, sorts", () => {
    expect(listSourceFiles(root, registry)).toEqual([
      "packages/p/keep.gen.ts", // re-included by the nested .gitignore
      "packages/p/src/c.mts",
      "src/a.ts",
      "src/alias.ts",
      "src/b.tsx",
      "src/dangling.ts",
      "src/self.ts",
    ]);
  });

  it("lists what fast-glob lists with the same patterns (before .gitignore)", async () => {
    const { default: fg } = await import("fast-glob");
    const patterns = [["**/*.{ts,tsx,mts,cts}"], ["**/package.json", "**/tsconfig.json"], ["src/*.ts", "packages/**/*.mts"]];
    for (const include of patterns) {
      const expected = fg
        .sync(include, { cwd: root, ignore: [...registry.exclude, "**/node_modules/**", "**/.git/**"], dot: false, followSymbolicLinks: false, onlyFiles: false, objectMode: true, suppressErrors: true })
        .filter((entry) => !entry.dirent.isDirectory() && !(entry.dirent.isSymbolicLink() && isDirectory(join(root, entry.path))))
        .map((entry) => entry.path)
        .sort();
      const walk = { ...walkTree(root, registry.exclude), gitignores: [] };
      expect(listFiles(root, include, registry.exclude, walk)).toEqual(expected);
    }
  });

  it("prunes excluded directories, walks dot directories, never enters symlinked directories", () => {
    write("walk/dist/deep/x.ts");
    write("walk/.hidden/y.ts");
    write("walk/kept/z.ts");
    symlinkSync(join(root, "walk/kept"), join(root, "walk/link-to-dir"));
    const walk = walkTree(root, registry.exclude);
    const walked = walk.files.filter((file) => file.startsWith("walk/"));
    expect(walked).toEqual(["walk/.hidden/y.ts", "walk/kept/z.ts"]);
    expect(walk.gitignores).toContain(".gitignore");
  });

  it("reuses a walk only for the same root and excludes", () => {
    const walk = walkTree(root, []);
    // A walk without excludes has dist/ files; listing with the registry's excludes walks again.
    expect(listSourceFiles(root, registry, walk)).toEqual(listSourceFiles(root, registry));
  });

  it("honours the registry's include patterns", () => {
    const tsxOnly = createRegistry({ include: ["**/*.tsx"] });
    expect(listSourceFiles(root, tsxOnly)).toEqual(["src/b.tsx"]);
  });
});

describe("readSourceFiles", () => {
  it("returns texts, strips a BOM and keeps CRLF", () => {
    write("read/bom.ts", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from("const a = 1;\r\n")]));
    expect(readSourceFiles(root, ["read/bom.ts"])).toEqual([{ file: "read/bom.ts", text: "const a = 1;\r\n" }]);
  });

  it("reports a reason, never the content, for each unreadable file", () => {
    write("read/latin1.ts", Buffer.from([0x63, 0x6f, 0x6e, 0x73, 0x74, 0x20, 0xe9, 0x3b])); // "const é;" in Latin-1
    write("read/big.ts", "x".repeat(2048));
    const results = readSourceFiles(
      root,
      ["read/latin1.ts", "read/big.ts", "src/dangling.ts", "src/self.ts", "src/folder.ts", "read/none.ts"],
      { maxBytes: 1024 },
    );
    expect(results).toEqual([
      { file: "read/latin1.ts", error: "not valid UTF-8" },
      { file: "read/big.ts", error: "too large (2048 bytes; the limit is 1024)" },
      { file: "src/dangling.ts", error: "does not exist (missing file or dangling symlink)" },
      { file: "src/self.ts", error: "is a symlink loop" },
      { file: "src/folder.ts", error: "is a directory" },
      { file: "read/none.ts", error: "does not exist (missing file or dangling symlink)" },
    ]);
  });

  it("never opens what is not a regular file (a FIFO would block, /dev/zero never ends)", () => {
    symlinkSync("/dev/zero", join(root, "read/zero.ts"));
    execFileSync("mkfifo", [join(root, "read/pipe.ts")]);
    expect(readSourceFiles(root, ["read/zero.ts", "read/pipe.ts"])).toEqual([
      { file: "read/zero.ts", error: "is not a regular file (a FIFO, socket or device)" },
      { file: "read/pipe.ts", error: "is not a regular file (a FIFO, socket or device)" },
    ]);
  });

  it.skipIf(process.getuid?.() === 0)("reports a file without read permission", () => {
    write("read/locked.ts", "const secret = 1;");
    chmodSync(join(root, "read/locked.ts"), 0o000);
    expect(readSourceFiles(root, ["read/locked.ts"])).toEqual([
      { file: "read/locked.ts", error: "cannot be read (permission denied)" },
    ]);
    chmodSync(join(root, "read/locked.ts"), 0o644);
  });
});

describe("analysisErrorFinding", () => {
  it("builds an analysis-error finding of the checker at line 1 by default", () => {
    expect(analysisErrorFinding({ file: "src/x.ts", reason: "not valid UTF-8" })).toEqual({
      ruleId: "secret-guardrails/analysis-error",
      category: "analysis-error",
      engine: "checker",
      severity: "error",
      file: "src/x.ts",
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message: "Cannot analyse this file: not valid UTF-8. Fix or exclude it; a file that is not analysed is never a silent pass.",
    });
  });
});

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

describe("matchesGlobs", () => {
  it.each([
    ["**/admin/**/*.tsx", "apps/web/src/app/admin/settings/page.tsx", true],
    ["**/admin/**/*.tsx", "admin/page.tsx", true],
    ["**/admin/**/*.tsx", "apps/web/src/app/admin/page.ts", false],
    ["**/admin/**/*.tsx", "apps/web/src/app/administration/page.tsx", false],
    ["src/**", "src/a/b.ts", true],
    ["**/*.{ts,tsx}", "a/b.tsx", true],
    ["**/*.{ts,tsx}", "a/b.js", false],
    ["app/?.ts", "app/a.ts", true],
    ["app/[ab].ts", "app/c.ts", false],
  ])("%s ~ %s -> %s", (glob, file, expected) => {
    expect(matchesGlobs(file, [glob])).toBe(expected);
  });

  it("compiles `**/` to any number of directories", () => {
    expect(globToRegExp("**/x.ts").test("x.ts")).toBe(true);
    expect(globToRegExp("**/x.ts").test("a/b/x.ts")).toBe(true);
  });
});

describe("globs relative to the root", () => {
  it("normalises ./ and repeated slashes, refuses globs that leave the root", () => {
    expect(normaliseGlob("./apps/**")).toBe("apps/**");
    expect(normaliseGlob("apps//src/./**/*.ts")).toBe("apps/src/**/*.ts");
    expect(normaliseGlob("apps/")).toBe("apps/**");
    for (const glob of ["../x/**", "a/../../x", "/abs/**", "C:/x/**", "~/x"]) expect(normaliseGlob(glob)).toBeUndefined();
  });

  it("rebases a glob written relative to a directory above the root", () => {
    expect(rebaseGlob("apps/web/src/**", "apps/web")).toEqual(["src/**"]);
    expect(rebaseGlob("apps/*/src/**", "apps/web")).toEqual(["src/**"]);
    expect(rebaseGlob("packages/**", "apps/web")).toEqual([]);
    expect(rebaseGlob("**/*.ts", "apps/web")).toEqual(["**/*.ts"]);
    expect(rebaseGlob("**/web/src/**", "apps/web").sort()).toEqual(["**/web/src/**", "src/**"]);
  });
});
