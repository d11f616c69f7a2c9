import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ProjectConfigError, TsconfigStore, matchPathPattern } from "./tsconfig.js";
import { removeTempTree, writeTempTree } from "./testing/temp-tree.js";

let root: string | undefined;
afterEach(() => {
  if (root) removeTempTree(root);
  root = undefined;
});

function store(files: Record<string, string>, resolvePackage?: (specifier: string) => string | undefined): TsconfigStore {
  root = writeTempTree(files);
  return new TsconfigStore(root, resolvePackage);
}

function loadError(files: Record<string, string>, file: string): string {
  const tsconfigs = store(files);
  try {
    tsconfigs.load(join(root!, file));
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectConfigError);
    return (error as Error).message;
  }
  throw new Error("expected a ProjectConfigError");
}

describe("TsconfigStore", () => {
  it("reads paths relative to the config that declares them, through extends", () => {
    const tsconfigs = store({
      "base/tsconfig.json": '{ "compilerOptions": { "paths": { "@x/*": ["./x/*"] } } }',
      "app/tsconfig.json": '{ "extends": "../base/tsconfig.json" }',
    });
    expect(tsconfigs.load(join(root!, "app/tsconfig.json")).paths).toEqual([
      { pattern: "@x/*", targets: ["./x/*"], base: join(root!, "base") },
    ]);
  });

  it("resolves paths against baseUrl when set, and re-bases inherited paths on a child's baseUrl", () => {
    const tsconfigs = store({
      "tsconfig.base.json": '{ "compilerOptions": { "baseUrl": "./src", "paths": { "@/*": ["*"] } } }',
      "pkg/tsconfig.json": '{ "extends": "../tsconfig.base.json", "compilerOptions": { "baseUrl": "." } }',
    });
    expect(tsconfigs.load(join(root!, "tsconfig.base.json")).paths[0]?.base).toBe(join(root!, "src"));
    const child = tsconfigs.load(join(root!, "pkg/tsconfig.json"));
    expect(child.baseUrl).toBe(join(root!, "pkg"));
    expect(child.paths[0]?.base).toBe(join(root!, "pkg"));
  });

  it("orders patterns by the longest prefix before *", () => {
    const tsconfigs = store({
      "tsconfig.json": '{ "compilerOptions": { "paths": { "*": ["./a/*"], "@app/*": ["./b/*"], "@app/core": ["./c"] } } }',
    });
    expect(tsconfigs.load(join(root!, "tsconfig.json")).paths.map((p) => p.pattern)).toEqual(["@app/core", "@app/*", "*"]);
  });

  it("finds the nearest tsconfig.json of a directory, never above the root", () => {
    const tsconfigs = store({ "tsconfig.json": "{}", "a/b/c.ts": "" });
    expect(tsconfigs.nearest(join(root!, "a/b"))?.file).toBe(join(root!, "tsconfig.json"));
    expect(tsconfigs.nearest(join(root!, ".."))).toBeUndefined();
  });

  it("looks the nearest one up among the tsconfig files a walk listed, when given them", () => {
    // `a/tsconfig.json` is on disk but not listed (a walk skips git-ignored and excluded paths).
    root = writeTempTree({ "tsconfig.json": "{}", "a/tsconfig.json": "{}", "b/tsconfig.json": "{}", "a/x/c.ts": "", "b/c.ts": "" });
    const tsconfigs = new TsconfigStore(root, undefined, [join(root, "tsconfig.json"), join(root, "b/tsconfig.json")]);
    expect(tsconfigs.nearest(join(root, "a/x"))?.file).toBe(join(root, "tsconfig.json"));
    expect(tsconfigs.nearest(join(root, "b"))?.file).toBe(join(root, "b/tsconfig.json"));
  });

  it("accepts an array of extends and references to directories", () => {
    const tsconfigs = store({
      "a.json": '{ "compilerOptions": { "paths": { "a": ["./a.ts"] } } }',
      "b.json": '{ "compilerOptions": { "baseUrl": "lib" } }',
      "tsconfig.json": '{ "extends": ["./a.json", "./b"], "references": [{ "path": "./pkg" }] }',
      "pkg/tsconfig.json": "{}",
    });
    const config = tsconfigs.load(join(root!, "tsconfig.json"));
    expect(config.paths.map((p) => p.pattern)).toEqual(["a"]);
    expect(config.baseUrl).toBe(join(root!, "lib"));
    expect(config.references).toEqual([join(root!, "pkg/tsconfig.json")]);
  });

  it("skips an extends of an external package that is not installed", () => {
    const tsconfigs = store({ "tsconfig.json": '{ "extends": "@tsconfig/strictest/tsconfig.json", "compilerOptions": {} }' });
    expect(tsconfigs.load(join(root!, "tsconfig.json")).paths).toEqual([]);
  });

  it("follows an extends through a workspace package", () => {
    const tsconfigs = store(
      {
        "tooling/ts/base.json": '{ "compilerOptions": { "paths": { "#x": ["./x.ts"] } } }',
        "tsconfig.json": '{ "extends": "@acme/tsconfig/base.json" }',
      },
      (specifier) => (specifier === "@acme/tsconfig/base.json" ? join(root!, "tooling/ts/base.json") : undefined),
    );
    expect(tsconfigs.load(join(root!, "tsconfig.json")).paths[0]?.base).toBe(join(root!, "tooling/ts"));
  });

  it("fails on invalid JSON, naming the file and the position", () => {
    expect(loadError({ "pkg/tsconfig.json": '{ "compilerOptions": { "strict": true ' }, "pkg/tsconfig.json")).toBe(
      "pkg/tsconfig.json: is not valid JSON ('}' expected. at 1:39)",
    );
  });

  it("fails on a missing relative extends target", () => {
    expect(loadError({ "tsconfig.json": '{ "extends": "./tsconfig.base.json" }' }, "tsconfig.json")).toBe(
      'tsconfig.json: "extends" target "./tsconfig.base.json" does not exist',
    );
  });

  it("fails on a circular extends chain", () => {
    expect(loadError({ "a.json": '{ "extends": "./b.json" }', "b.json": '{ "extends": "./a.json" }' }, "a.json")).toBe(
      'a.json: has a circular "extends" chain through a.json',
    );
  });

  it("fails on a config that is not an object", () => {
    expect(loadError({ "tsconfig.json": "[]" }, "tsconfig.json")).toBe(
      "tsconfig.json: is not valid JSON (The root value of a 'tsconfig.json' file must be an object. at 1:1)",
    );
  });
});

describe("matchPathPattern", () => {
  it.each([
    ["@/*", "@/lib/a", "lib/a"],
    ["@/*", "lib/a", undefined],
    ["exact", "exact", ""],
    ["*.js", "a.js", "a"],
  ])("%s ~ %s -> %s", (pattern, specifier, expected) => {
    expect(matchPathPattern(pattern, specifier)).toBe(expected);
  });
});
