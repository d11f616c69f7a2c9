import { afterEach, describe, expect, it } from "vitest";
import { createRegistry, isSourceText, listSourceFiles, readSourceFiles } from "@secret-guardrails/core";
import { Node, SyntaxKind } from "./ts-morph.js";
import { isBarrel, loadProject, scanImportSpecifiers, type LoadedProject } from "./load-project.js";
import { ProjectConfigError } from "./tsconfig.js";
import { removeTempTree, writeTempTree } from "./testing/temp-tree.js";

const registry = createRegistry({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } });

let root: string | undefined;
afterEach(() => {
  if (root) removeTempTree(root);
  root = undefined;
});

function load(
  files: Record<string, string>,
  options: { importDepth?: number; inProject?: (file: string) => boolean; alwaysRelevant?: (file: string) => boolean } = {},
): LoadedProject {
  root = writeTempTree(files);
  const texts = readSourceFiles(root, listSourceFiles(root, registry)).filter(isSourceText);
  return loadProject({ root, registry, files: texts, ...options });
}

const relevantPaths = (loaded: LoadedProject) => loaded.relevantFiles.map((file) => loaded.relativePath(file.fileName));

describe("loadProject", () => {
  it("parses the relevant files and the importers of those that can hand them a secret; other modules only when the engine follows a call into them", () => {
    const loaded = load({
      "package.json": '{ "name": "app" }',
      "src/settings.ts": 'import { db } from "./db.js";\nexport const read = () => db.systemSettings.findFirst();\n',
      "src/db.ts": 'import { PrismaClient } from "@prisma/client";\nexport const db = new PrismaClient();\n',
      "src/router.ts": 'import { read } from "./settings.js";\nexport const router = { read };\n',
      "src/unrelated.ts": "export const add = (a: number, b: number) => a + b;\n",
      "src/ui/button.tsx": "export const Button = () => <button />;\n",
    });
    expect(loaded.loadedFiles).toEqual(["src/router.ts", "src/settings.ts"]);
    expect(loaded.roots.map((file) => loaded.relativePath(file.fileName))).toEqual(["src/router.ts", "src/settings.ts"]);
    expect(relevantPaths(loaded)).toEqual(["src/settings.ts"]);
    // Nothing asks the type checker about them: the ts-morph project holds only the admin UI.
    expect(loaded.project.getSourceFiles()).toHaveLength(0);
    expect(loaded.lazyFilesLoaded()).toBe(0);
    const db = loaded.engineFile(`${loaded.root}/src/db.ts`);
    expect(db && "file" in db && db.file.statements.length).toBe(2);
    expect(loaded.engineFile(`${loaded.root}/src/db.ts`)).toBe(db); // parsed once
    expect(loaded.lazyFilesLoaded()).toBe(1);
    expect(loaded.engineFile(`${loaded.root}/src/missing.ts`)).toBeUndefined();
  });

  it("leaves out the importers of a seed that only declares data, reads an env var or marks an admin endpoint", () => {
    const loaded = load({
      "src/keys.ts": 'export const SMTP_KEY = "smtpPassword";\nexport enum Keys { A = "a" }\nexport type K = typeof SMTP_KEY;\n',
      "src/uses-keys.ts": 'import { SMTP_KEY } from "./keys";\nexport const k = SMTP_KEY;\n',
      "src/env.ts": "export const password = process.env.SMTP_PASSWORD;\n",
      "src/uses-env.ts": 'import { password } from "./env";\nexport const p = password;\n',
      "src/helper.ts": 'export const pick = (row: { smtpPassword: string }) => row.smtpPassword;\n',
      "src/uses-helper.ts": 'import { pick } from "./helper";\nexport const p = pick;\n',
    });
    expect(loaded.loadedFiles).toEqual(["src/env.ts", "src/helper.ts", "src/keys.ts", "src/uses-helper.ts"]);
    expect(loaded.isSupplier(`${loaded.root}/src/helper.ts`)).toBe(true);
    expect(loaded.isSupplier(`${loaded.root}/src/keys.ts`)).toBe(false);
  });

  it("analyses the sites the caller names without loading their importers", () => {
    root = writeTempTree({
      "src/types.ts": 'import type { SystemSettings } from "@prisma/client";\nexport const show = (s: SystemSettings) => s;\n',
      "src/user.ts": 'import { show } from "./types";\nexport const x = show;\n',
    });
    const texts = readSourceFiles(root, listSourceFiles(root, registry)).filter(isSourceText);
    const loaded = loadProject({ root, registry, files: texts, isSite: (source) => source.file === "src/types.ts" });
    expect(loaded.loadedFiles).toEqual(["src/types.ts"]);
    expect(relevantPaths(loaded)).toEqual([]);
  });

  it("reports a module the engine follows a call into and cannot parse, without loading it up front", () => {
    const loaded = load({ "src/a.ts": "export const a = process.env.SMTP_PASSWORD;\n", "src/broken.ts": "export const b = [1, 2;\n" });
    expect(loaded.parseErrors).toEqual([]);
    expect(loaded.engineFile(`${loaded.root}/src/broken.ts`)).toEqual({ error: { line: 1, column: 23, reason: "syntax error: ',' expected" } });
  });

  it("loads the admin UI and what it imports into the ts-morph project, up to the depth limit; barrels cost no depth and lead only to the modules that export the imported names", () => {
    const loaded = load({
      "src/a.ts": 'import { b } from "./b";\nexport const x = process.env.SMTP_PASSWORD ?? b;\n',
      "src/b.ts": 'import { c } from "./c";\nexport const b = c;\n',
      "src/c.ts": 'import { d } from "./barrel";\nexport const c = d;\n',
      "src/barrel.ts": '// re-exports\nexport * from "./d";\nexport { e } from "./e";\n',
      "src/d.ts": 'import { e } from "./e";\nexport const d = e;\n',
      "src/e.ts": 'import { f } from "./f";\nexport const e = f;\n',
      "src/f.ts": "export const f = 1;\n",
    }, { importDepth: 3, inProject: (file) => file === "src/a.ts" });
    // c.ts takes `d` from the barrel: d.ts (depth 3), not e.ts, which the barrel re-exports too.
    expect(loaded.loadedFiles).toEqual(["src/a.ts", "src/b.ts", "src/barrel.ts", "src/c.ts", "src/d.ts"]);
    expect(loaded.project.getSourceFiles()).toHaveLength(5);
    expect(loaded.roots.map((file) => loaded.relativePath(file.fileName))).toEqual(["src/a.ts"]);
  });

  it("loads every module of a barrel when a name cannot be traced or every name is taken", () => {
    const barrel = {
      "src/barrel.ts": 'export * from "./d";\nexport * from "./e";\n',
      "src/d.ts": "export const d = 1;\n",
      "src/e.ts": "export const e = 1;\n",
    };
    const importer = (line: string, use: string) => ({ "src/a.ts": `${line}\nexport const x = process.env.SMTP_PASSWORD ?? ${use};\n` });
    const ui = { inProject: (file: string) => file === "src/a.ts" };
    const traced = load({
      ...barrel,
      "src/d.ts": "export const { d } = { d: 1 };\n",
      "src/unused.ts": "export const u = 1;\n",
      ...importer('import { e } from "./barrel";', "e"),
    }, ui);
    // d.ts may export anything (a destructuring export): it stays in.
    expect(traced.loadedFiles).toEqual(["src/a.ts", "src/barrel.ts", "src/d.ts", "src/e.ts"]);
    const untraced = load({ ...barrel, ...importer('import { missing } from "./barrel";', "missing") }, ui);
    expect(untraced.loadedFiles).toEqual(["src/a.ts", "src/barrel.ts", "src/d.ts", "src/e.ts"]);
    const namespace = load({ ...barrel, ...importer('import * as all from "./barrel";', "all.d") }, ui);
    expect(namespace.loadedFiles).toEqual(["src/a.ts", "src/barrel.ts", "src/d.ts", "src/e.ts"]);
  });

  it("resolves symbols across the files of the ts-morph project although TypeScript resolves nothing itself", () => {
    const loaded = load({
      "pnpm-workspace.yaml": "packages: ['packages/*']\n",
      "packages/db/package.json": '{ "name": "@acme/db", "exports": { ".": "./dist/index.js" } }',
      "packages/db/src/index.ts": 'export * from "./settings.js";\n',
      "packages/db/src/settings.ts": "export const SETTINGS_ID = 'singleton';\nexport function readSmtpPassword(): string | undefined { return process.env.SMTP_PASSWORD; }\n",
      "packages/api/tsconfig.json": '{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }',
      "packages/api/src/lib/key.ts": "export const KEY = 'smtpPassword' as const;\n",
      "packages/api/src/router.ts":
        'import { readSmtpPassword, SETTINGS_ID } from "@acme/db";\nimport { KEY } from "~/lib/key";\nexport const out = [readSmtpPassword(), SETTINGS_ID, KEY];\nexport const first = readSmtpPassword();\n',
    }, { alwaysRelevant: (file) => file === "packages/api/src/router.ts" });
    const router = loaded.project.getSourceFileOrThrow(`${loaded.root}/packages/api/src/router.ts`);
    const declarationFiles = router
      .getDescendantsOfKind(SyntaxKind.ArrayLiteralExpression)[0]!
      .getElements()
      .map((element) => {
        const target = Node.isCallExpression(element) ? element.getExpression() : element;
        const symbol = target.getSymbolOrThrow();
        const declaration = (symbol.getAliasedSymbol() ?? symbol).getDeclarations()[0]!;
        return loaded.relativePath(declaration.getSourceFile());
      });
    expect(declarationFiles).toEqual(["packages/db/src/settings.ts", "packages/db/src/settings.ts", "packages/api/src/lib/key.ts"]);
    expect(router.getVariableDeclarationOrThrow("first").getType().getText()).toBe("string | undefined");
  });
});

describe("loadProject: broken inputs and options", () => {
  it("works without any tsconfig or package.json", () => {
    const loaded = load({ "index.ts": 'import { k } from "./k";\nexport const v = k;\n', "k.ts": 'export const k = "SMTP_PASSWORD";\n' }, { alwaysRelevant: (file) => file === "index.ts" });
    expect(loaded.loadedFiles).toEqual(["index.ts", "k.ts"]);
  });

  it("reports a file that does not parse as an analysis-error and keeps it out of the relevant files", () => {
    const loaded = load({
      "src/ok.ts": "export const a = process.env.SMTP_PASSWORD;\n",
      "src/broken.ts": "export const b = process.env.SMTP_PASSWORD;\nconst list = [1, 2;\n",
    });
    expect(loaded.parseErrors).toEqual([
      {
        ruleId: "secret-guardrails/analysis-error",
        category: "analysis-error",
        engine: "checker",
        severity: "error",
        file: "src/broken.ts",
        line: 2,
        column: 19,
        endLine: 2,
        endColumn: 19,
        message: "Cannot analyse this file: syntax error: ',' expected. Fix or exclude it; a file that is not analysed is never a silent pass.",
      },
    ]);
    expect(relevantPaths(loaded)).toEqual(["src/ok.ts"]);
    // Out of the roots too: no check walks a broken tree.
    expect(loaded.roots.map((file) => loaded.relativePath(file.fileName))).toEqual(["src/ok.ts"]);
  });

  it("reports files nested too deeply to parse or to analyse, and keeps them out of the project", () => {
    const loaded = load({
      "src/ok.ts": "export const a = process.env.SMTP_PASSWORD;\n",
      // TypeScript's parser overflows the stack on ~1,000 nested parentheses.
      "src/parens.ts": `export const b = process.env.SMTP_PASSWORD;\nexport const c = ${"(".repeat(10_000)}1${")".repeat(10_000)};\n`,
      // Parses (binary chains are parsed iteratively), but 10,000 levels deep.
      "src/chain.ts": `export const d = process.env.SMTP_PASSWORD;\nexport const e = ${Array.from({ length: 10_000 }, (_, i) => `a${i}`).join(" + ")};\n`,
      // 500 levels: analysed.
      "src/long.ts": `export const f = process.env.SMTP_PASSWORD;\nexport const g = ${Array.from({ length: 500 }, (_, i) => `a${i}`).join(" + ")};\n`,
    });
    expect(loaded.parseErrors.map((finding) => [finding.file, finding.line, finding.message])).toEqual([
      ["src/chain.ts", 1, "Cannot analyse this file: nested too deeply to analyse (1001 levels of syntax; the limit is 1000). Fix or exclude it; a file that is not analysed is never a silent pass."],
      ["src/parens.ts", 1, "Cannot analyse this file: nested too deeply to parse. Fix or exclude it; a file that is not analysed is never a silent pass."],
    ]);
    expect(relevantPaths(loaded)).toEqual(["src/long.ts", "src/ok.ts"]);
    expect(loaded.roots.map((file) => loaded.relativePath(file.fileName))).toEqual(["src/long.ts", "src/ok.ts"]);
  });

  it("throws a ProjectConfigError for a tsconfig.json that is not valid JSON", () => {
    expect(() => load({ "tsconfig.json": "{ nope", "a.ts": "export {};" })).toThrow(ProjectConfigError);
    expect(() => load({ "pkg/tsconfig.json": '{ "extends": "./missing.json" }', "a.ts": "export {};" })).toThrow(
      'pkg/tsconfig.json: "extends" target "./missing.json" does not exist',
    );
  });

  it("uses the caller's pre-scan verdict when given", () => {
    root = writeTempTree({ "a.ts": "export const a = process.env.SMTP_PASSWORD;\n", "b.ts": "export const b = 1;\n" });
    const texts = readSourceFiles(root, listSourceFiles(root, registry)).filter(isSourceText);
    const loaded = loadProject({ root, registry, files: texts, isRelevant: (source) => source.file === "b.ts" });
    expect(relevantPaths(loaded)).toEqual(["b.ts"]);
  });

  it("treats files picked by alwaysRelevant as relevant", () => {
    root = writeTempTree({ "ui/panel.tsx": "export const Panel = () => <div />;\n" });
    const texts = readSourceFiles(root, listSourceFiles(root, registry)).filter(isSourceText);
    const loaded = loadProject({ root, registry, files: texts, alwaysRelevant: (file) => file.startsWith("ui/") });
    expect(relevantPaths(loaded)).toEqual(["ui/panel.tsx"]);
  });
});

describe("scanImportSpecifiers", () => {
  it("finds static, type-only, side-effect, re-export, dynamic and require specifiers", () => {
    const text = [
      'import a from "./a";',
      "import type { B } from './b';",
      'import {\n  c,\n  d as e,\n} from "@acme/c";',
      'import "./side-effect";',
      'export * from "./f";',
      'export { g } from "./g";',
      'const h = await import("./h");',
      'const i = require("./i");',
      'const notAnImport = "./j";',
    ].join("\n");
    expect(scanImportSpecifiers(text)).toEqual(["./a", "./b", "@acme/c", "./side-effect", "./f", "./g", "./h", "./i"]);
  });
});

describe("isBarrel", () => {
  it.each([
    ['export * from "./a";\nexport { b } from "./b";', true],
    ['"use client";\nexport * from "./a"', true],
    ['/** docs */\nexport type { A } from "./a";\n', true],
    ['export * from "./a";\nexport const x = 1;', false],
    ["export const x = 1;", false],
  ])("%j -> %s", (text, expected) => {
    expect(isBarrel(text)).toBe(expected);
  });
});
