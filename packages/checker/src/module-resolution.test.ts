import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ModuleResolver, findWorkspaceLayout, matchExportsMap } from "./module-resolution.js";
import { removeTempTree, writeTempTree } from "./testing/temp-tree.js";

const json = (value: unknown) => JSON.stringify(value);

const TREE: Record<string, string> = {
  "package.json": json({ name: "acme", private: true }),
  "tsconfig.base.json": '{ // comments and trailing commas are fine\n "compilerOptions": { "strict": true, }, }',
  "tsconfig.json": json({ files: [], references: [{ path: "./apps/web" }, { path: "./apps/vite/tsconfig.app.json" }] }),
  // apps/web: `paths` inherited from a shared config in another directory.
  "apps/web/package.json": json({ name: "@acme/web" }),
  "apps/web/tsconfig.json": json({ extends: "../../config/paths.json" }),
  "config/paths.json": json({ compilerOptions: { paths: { "~/*": ["../apps/web/src/*"], "@shared": ["../libs/shared/index.ts"] } } }),
  "apps/web/src/page.tsx": "",
  "apps/web/src/lib/util.ts": "",
  "apps/web/src/lib/index.ts": "",
  "apps/web/src/components/button.tsx": "",
  "libs/shared/index.ts": "",
  // `${configDir}` in an inherited config means the directory of the config that applies.
  "config/template.json": json({ compilerOptions: { paths: { "#app/*": ["${configDir}/src/*"] } } }),
  "apps/tpl/tsconfig.json": json({ extends: "../../config/template.json" }),
  "apps/tpl/src/main.ts": "",
  "apps/tpl/src/feature.ts": "",
  // A Vite-style app: the root tsconfig only references tsconfig.app.json, which has the paths.
  "apps/vite/tsconfig.json": json({ files: [], references: [{ path: "./tsconfig.app.json" }] }),
  "apps/vite/tsconfig.app.json": json({ compilerOptions: { baseUrl: ".", paths: { "@/*": ["src/*"] } } }),
  "apps/vite/src/main.ts": "",
  "apps/vite/src/store.ts": "",
  // Workspace packages.
  "packages/db/package.json": json({ name: "@acme/db", exports: { ".": { types: "./src/index.ts", default: "./dist/index.js" }, "./client": "./src/client.ts" } }),
  "packages/db/src/index.ts": "",
  "packages/db/src/client.ts": "",
  "packages/api/package.json": json({ name: "@acme/api", main: "./dist/index.js", imports: { "#lib/*": "./src/lib/*.ts" } }),
  "packages/api/src/index.ts": "",
  "packages/api/src/lib/secrets.ts": "",
  "packages/api/src/router.mts": "",
  "packages/bare/package.json": json({ name: "bare" }),
  "packages/bare/src/index.ts": "",
  "packages/bare/src/deep/thing.ts": "",
  "packages/wild/package.json": json({ name: "@acme/wild", exports: { "./*": { import: "./build/*.js" } } }),
  "packages/wild/src/feature.ts": "",
  // Ignored by git: not a workspace package.
  ".gitignore": "vendor/\n",
  "vendor/fake/package.json": json({ name: "@acme/db" }),
};

let root: string;
let resolver: ModuleResolver;
const rel = (path: string | undefined) => (path === undefined ? undefined : path.slice(root.length + 1));
const resolve = (specifier: string, from: string) => rel(resolver.resolve(specifier, join(root, from)));

beforeAll(() => {
  root = writeTempTree(TREE);
  const known = new Set(Object.keys(TREE).filter((file) => /\.(ts|tsx|mts|cts)$/.test(file)).map((file) => join(root, file)));
  resolver = new ModuleResolver({ root, layout: findWorkspaceLayout(root), fileExists: (path) => known.has(path) });
});
afterAll(() => removeTempTree(root));

describe("ModuleResolver", () => {
  it.each([
    ["./util.js", "apps/web/src/lib/index.ts", "apps/web/src/lib/util.ts"], // ESM .js -> .ts
    ["./util", "apps/web/src/lib/index.ts", "apps/web/src/lib/util.ts"],
    ["./lib", "apps/web/src/page.tsx", "apps/web/src/lib/index.ts"], // directory index
    ["./components/button.js", "apps/web/src/page.tsx", "apps/web/src/components/button.tsx"], // .js -> .tsx
    ["./router.mjs", "packages/api/src/index.ts", "packages/api/src/router.mts"], // .mjs -> .mts
    ["~/lib/util", "apps/web/src/page.tsx", "apps/web/src/lib/util.ts"], // paths from an extended config
    ["@shared", "apps/web/src/page.tsx", "libs/shared/index.ts"], // exact paths pattern
    ["@/store", "apps/vite/src/main.ts", "apps/vite/src/store.ts"], // paths of a referenced tsconfig
    ["#app/feature", "apps/tpl/src/main.ts", "apps/tpl/src/feature.ts"], // ${configDir}
    ["src/store", "apps/vite/src/main.ts", "apps/vite/src/store.ts"], // baseUrl
    ["@acme/db", "packages/api/src/index.ts", "packages/db/src/index.ts"], // exports, types condition
    ["@acme/db/client", "apps/web/src/page.tsx", "packages/db/src/client.ts"], // exports subpath
    ["@acme/api", "apps/web/src/page.tsx", "packages/api/src/index.ts"], // main ./dist/index.js -> src/index.ts
    ["#lib/secrets", "packages/api/src/index.ts", "packages/api/src/lib/secrets.ts"], // package.json imports
    ["bare", "apps/web/src/page.tsx", "packages/bare/src/index.ts"], // no manifest entry: src/index.ts
    ["bare/deep/thing", "apps/web/src/page.tsx", "packages/bare/src/deep/thing.ts"],
    ["@acme/wild/feature", "apps/web/src/page.tsx", "packages/wild/src/feature.ts"], // ./* -> build/*.js -> src/*.ts
  ])("resolves %s from %s", (specifier, from, expected) => {
    expect(resolve(specifier, from)).toBe(expected);
  });

  it.each([
    ["react", "apps/web/src/page.tsx"],
    ["@prisma/client", "packages/db/src/index.ts"],
    ["node:fs", "packages/db/src/index.ts"],
    ["./missing", "apps/web/src/page.tsx"],
    ["~/nothing/here", "apps/web/src/page.tsx"],
    ["#lib/absent", "packages/api/src/index.ts"],
  ])("leaves %s from %s unresolved (external or absent)", (specifier, from) => {
    expect(resolve(specifier, from)).toBeUndefined();
  });

  it("ignores packages under git-ignored directories", () => {
    expect(findWorkspaceLayout(root).packages.get("@acme/db")?.dir).toBe(join(root, "packages/db"));
  });

  it("caches answers per directory and specifier", () => {
    const first = resolver.resolve("@acme/db", join(root, "apps/web/src/page.tsx"));
    expect(resolver.resolve("@acme/db", join(root, "apps/web/src/other.tsx"))).toBe(first);
  });
});

describe("matchExportsMap", () => {
  it("prefers types over runtime conditions and expands wildcards", () => {
    expect(matchExportsMap({ ".": { require: "./a.cjs", types: "./a.d.ts", import: "./a.js" } }, ".")).toEqual([
      "./a.d.ts",
      "./a.js",
      "./a.cjs",
    ]);
    expect(matchExportsMap({ "./*": "./src/*.ts", "./x/*": "./x/*.ts" }, "./x/y")).toEqual(["./x/y.ts"]);
    expect(matchExportsMap("./index.js", ".")).toEqual(["./index.js"]);
    expect(matchExportsMap("./index.js", "./sub")).toEqual([]);
  });
});
