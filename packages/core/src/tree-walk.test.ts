import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRegistry } from "./registry.js";
import { listFiles, listSourceFiles, walkTree } from "./tree-walk.js";

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
