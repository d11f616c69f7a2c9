import { describe, expect, it } from "vitest";
import { ALL_NAMES, ANY_NAME, barrelReExports, exportedNames, scanImports } from "./import-scan.js";

describe("scanImports", () => {
  it("lists each import with the names it takes", () => {
    const text = [
      'import def, { a, b as c, type d } from "./one";',
      'import type { T } from "./types";',
      'import * as ns from "./ns";',
      'import "./side-effect";',
      'import {\n  multi, // a comment\n  line,\n} from "./multi";',
      'export { e as f } from "./re";',
      'export * from "./star";',
      'const lazy = await import("./lazy");',
      'const cjs = require("./cjs");',
      'const s = "import x from \'./in-string\'";',
    ].join("\n");
    expect(scanImports(text)).toEqual([
      { specifier: "./one", names: ["default", "a", "b", "d"] },
      { specifier: "./types", names: ["T"] },
      { specifier: "./ns", names: ALL_NAMES },
      { specifier: "./side-effect", names: ALL_NAMES },
      { specifier: "./multi", names: ["multi", "line"] },
      { specifier: "./re", names: ["e"] },
      { specifier: "./star", names: ALL_NAMES },
      { specifier: "./in-string", names: ["default"] },
      { specifier: "./lazy", names: ALL_NAMES },
      { specifier: "./cjs", names: ALL_NAMES },
    ]);
  });

  it("takes every name for a default plus namespace import", () => {
    expect(scanImports('import def, * as ns from "./x";')).toEqual([{ specifier: "./x", names: ALL_NAMES }]);
  });
});

describe("barrelReExports", () => {
  it("maps exported names to the target's names", () => {
    const reExports = barrelReExports('export * from "./a";\nexport { b as c, d } from "./b";\nexport * as ns from "./n";\nexport type { T } from "./t";\n');
    expect(reExports.map((reExport) => [reExport.specifier, reExport.names ? [...reExport.names] : "*"])).toEqual([
      ["./a", "*"],
      ["./b", [["c", "b"], ["d", "d"]]],
      ["./n", [["ns", ALL_NAMES]]],
      ["./t", [["T", "T"]]],
    ]);
  });
});

describe("exportedNames", () => {
  it("lists declared, default and listed exports", () => {
    const text = [
      "export async function saveConfig() {}",
      "export const a = 1, b = 2;",
      "export default function Page() {}",
      "export class Repo {}",
      "export interface Shape {}",
      "export type Alias = string;",
      "export enum Kind { A }",
      "const local = 1;",
      "export { local as renamed, local };",
    ].join("\n");
    expect([...(exportedNames(text) as Set<string>)].sort()).toEqual(["Alias", "Kind", "Page", "Repo", "Shape", "a", "b", "default", "local", "renamed", "saveConfig"].sort());
  });

  it.each([
    ['export * from "./x";\nexport const a = 1;'],
    ["export const { a, b } = source;"],
    ["export const [first] = list;"],
    ["export = value;"],
  ])("cannot list the names of %j", (text) => {
    expect(exportedNames(text)).toBe(ANY_NAME);
  });
});
