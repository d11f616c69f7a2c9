import { describe, expect, it } from "vitest";
import { BarrelGraph } from "./barrel-graph.js";
import { ALL_NAMES, isBarrel } from "@secret-guardrails/core";

/** A graph over in-memory files named `/r/<name>.ts`, imported as `./<name>`. */
function graphOf(files: Record<string, string>): BarrelGraph {
  const text = (absolute: string) => files[absolute.replace(/^\/r\/|\.ts$/g, "")] ?? "";
  return new BarrelGraph({
    text,
    isBarrel: (absolute) => isBarrel(text(absolute)),
    resolve: (specifier) => (specifier.startsWith("./") && `${specifier.slice(2)}` in files ? `/r/${specifier.slice(2)}.ts` : undefined),
  });
}

const names = (set: ReadonlySet<string>) => [...set].map((file) => file.replace(/^\/r\/|\.ts$/g, "")).sort();

describe("BarrelGraph", () => {
  const files = {
    index: 'export * from "./settings";\nexport * from "./nested";\nexport { helper as publicHelper } from "./helpers";\nexport * as ui from "./ui";\n',
    nested: 'export * from "./mail";\nexport * from "./billing";\n',
    settings: "export function saveConfig() {}\n",
    mail: "export const sendMail = () => 1;\n",
    billing: "export default function Billing() {}\nexport const charge = 1;\n",
    helpers: "export const helper = 1;\nexport const other = 2;\n",
    ui: "export const Button = 1;\n",
    app: 'import { saveConfig, sendMail } from "./index";\nimport * as everything from "./nested";\nimport "./helpers";\nimport { unknown } from "./missing";\n',
  };

  it("follows each imported name to the module that exports it, through nested barrels", () => {
    const reach = graphOf(files).reach("/r/index.ts", ["saveConfig", "sendMail"]);
    expect(names(reach.modules)).toEqual(["mail", "settings"]);
    expect(names(reach.barrels)).toEqual(["index", "nested"]);
  });

  it("follows renamed and namespace re-exports", () => {
    const graph = graphOf(files);
    expect(names(graph.reach("/r/index.ts", ["publicHelper"]).modules)).toEqual(["helpers"]);
    expect(names(graph.reach("/r/index.ts", ["ui"]).modules)).toEqual(["ui"]);
  });

  it("never finds a default export behind `export *`, and then loads everything", () => {
    expect(names(graphOf(files).reach("/r/index.ts", ["default"]).modules)).toEqual(["billing", "helpers", "mail", "settings", "ui"]);
  });

  it("loads every module for all names or an untraceable one", () => {
    const graph = graphOf(files);
    expect(names(graph.reach("/r/index.ts", ALL_NAMES).modules)).toEqual(["billing", "helpers", "mail", "settings", "ui"]);
    expect(names(graph.reach("/r/index.ts", ["notExported"]).modules)).toEqual(["billing", "helpers", "mail", "settings", "ui"]);
  });

  it("resolves a file's imports once per target, merging names", () => {
    expect(graphOf(files).importsOf("/r/app.ts")).toEqual([
      { target: "/r/index.ts", names: ["saveConfig", "sendMail"] },
      { target: "/r/nested.ts", names: ALL_NAMES },
      { target: "/r/helpers.ts", names: ALL_NAMES },
    ]);
  });

  it("answers the same for every barrel of a cycle, whichever is asked first", () => {
    const files = { a: 'export * from "./b";\nexport * from "./z";\n', b: 'export * from "./a";\nexport * from "./y";\n', y: "export const n = 1;\n", z: "export const n = 2;\n" };
    const graph = graphOf(files);
    expect(names(graph.reach("/r/a.ts", ["n"]).modules)).toEqual(["y", "z"]);
    expect(names(graph.reach("/r/b.ts", ["n"]).modules)).toEqual(["y", "z"]);
  });

  it("survives a cycle of barrels", () => {
    const graph = graphOf({ a: 'export * from "./b";\nexport * from "./x";\n', b: 'export * from "./a";\n', x: "export const x = 1;\n" });
    expect(names(graph.reach("/r/a.ts", ["x"]).modules)).toEqual(["x"]);
    expect(names(graph.reach("/r/b.ts", ALL_NAMES).modules)).toEqual(["x"]);
  });
});
