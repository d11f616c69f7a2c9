import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { walkTree } from "./tree-walk.js";
import { discoverPrismaSchemas } from "./prisma-discovery.js";

const roots: string[] = [];
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "prisma-discovery-"));
  roots.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

const found = (root: string) => {
  const result = discoverPrismaSchemas(walkTree(root));
  return { files: result.files, errors: result.errors.map((error) => error.message) };
};

describe("discoverPrismaSchemas", () => {
  it("finds schema.prisma files and multi-file prisma/schema/ folders by name", () => {
    const root = tree({ "a/schema.prisma": "", "b/prisma/schema/x.prisma": "", "b/prisma/schema/sub/y.prisma": "", "c/other.prisma": "" });
    expect(found(root)).toEqual({ files: ["a/schema.prisma", "b/prisma/schema/sub/y.prisma", "b/prisma/schema/x.prisma"], errors: [] });
  });

  it("follows package.json prisma.schema (a file or a folder), relative to the package", () => {
    const root = tree({
      "packages/db/package.json": JSON.stringify({ prisma: { schema: "models" } }),
      "packages/db/models/a.prisma": "",
      "packages/db/models/notes.md": "",
      "package.json": JSON.stringify({ prisma: { schema: "./db/main.prisma" } }),
      "db/main.prisma": "",
    });
    expect(found(root)).toEqual({ files: ["db/main.prisma", "packages/db/models/a.prisma"], errors: [] });
  });

  it.each([
    ['export default defineConfig({ schema: "db/s.prisma" });', "db/s.prisma"],
    ["export default { schema: 'db/s.prisma', migrations: {} };", "db/s.prisma"],
    ['export default { schema: path.join("db", "s.prisma") };', "db/s.prisma"],
    ['export default { schema: path.resolve(__dirname, "db", "s.prisma") };', "db/s.prisma"],
    ['// schema: "nope.prisma"\nexport default { schema: join(import.meta.dirname, "db/s.prisma") };', "db/s.prisma"],
  ])("reads the schema of a prisma.config.ts as text: %s", (config, file) => {
    const root = tree({ "prisma.config.ts": config, "db/s.prisma": "" });
    expect(found(root)).toEqual({ files: [file], errors: [] });
  });

  it("reports what it cannot follow, at the referring file, and never runs it", () => {
    const root = tree({
      ".config/prisma.ts": "export default {\n  schema: computeSchemaPath(),\n};\n",
      "package.json": JSON.stringify({ prisma: { schema: "/etc/schema.prisma" } }),
      "x/package.json": JSON.stringify({ prisma: { schema: 42 } }),
      "y/prisma.config.mjs": 'export default { schema: "gone" };\n',
    });
    expect(found(root).errors).toEqual([
      '.config/prisma.ts:2:3: "schema" is not a string or a path.join/path.resolve of strings, and guardrails never runs the file: write the path as a string',
      'package.json:1:12: "prisma.schema" points outside ROOT: check the directory that holds both this file and the schema',
      'x/package.json:1:12: "prisma.schema" is not a string or a path.join/path.resolve of strings, and guardrails never runs the file: write the path as a string',
      'y/prisma.config.mjs:1:18: "schema" points to y/gone, which does not exist',
    ]);
  });
});
