import { describe, expect, it } from "vitest";
import { globToRegExp, matchesGlobs, normaliseGlob, rebaseGlob } from "./globs.js";

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
