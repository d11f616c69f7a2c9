import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the scripts, without types
import { importedPackages, installedPackages, quickStart } from "./readme.mjs";

const README = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

interface Step {
  kind: "command" | "file";
  command?: string;
  name?: string;
  text?: string;
}

describe("the README's quick start (what the consumer smoke test runs)", () => {
  const { steps, typedConfig } = quickStart(README) as { steps: Step[]; typedConfig: string };

  it("is: install, init, print-config, eslint.config.mjs, eslint, check", () => {
    expect(steps.map((step) => step.command ?? step.name)).toEqual([
      "npm install --save-dev eslint typescript-eslint eslint-plugin-secret-guardrails @secret-guardrails/cli",
      "npx guardrails init",
      "npx guardrails print-config",
      "eslint.config.mjs",
      "npx eslint .",
      "npx guardrails check .",
    ]);
  });

  it("installs everything its ESLint configs import", () => {
    const installed = installedPackages(steps[0]!.command) as string[];
    const config = steps.find((step) => step.name === "eslint.config.mjs")!.text!;
    expect(importedPackages(config)).toEqual(["eslint", "typescript-eslint", "eslint-plugin-secret-guardrails"]);
    for (const name of [...importedPackages(config), ...importedPackages(typedConfig)] as string[]) expect(installed).toContain(name);
  });

  it("finds package names in imports and installs", () => {
    expect(importedPackages('import a from "@scope/x/y";\nimport { b } from "eslint/config";\nimport c from "./local.js";\nimport d from "node:fs";\n')).toEqual([
      "@scope/x",
      "eslint",
    ]);
    expect(installedPackages("npm i -D a @b/c")).toEqual(["a", "@b/c"]);
    expect(installedPackages("npx guardrails init")).toBeUndefined();
  });
});
