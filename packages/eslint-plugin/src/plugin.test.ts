import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { docsUrl } from "@secret-guardrails/core";
import { describe, expect, it } from "vitest";
import { expectFreshBuild } from "../../../vitest.build-output.js";
import plugin, { configs, meta, rules as exportedRules } from "./index.js";
import { rules } from "./rules/index.js";

const rulesDir = fileURLToPath(new URL("./rules/", import.meta.url));
const docsDir = fileURLToPath(new URL("../../../docs/rules/", import.meta.url));
const packageDir = fileURLToPath(new URL("..", import.meta.url));
const ruleFiles = readdirSync(rulesDir)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "index.ts")
  .map((file) => file.replace(/\.ts$/, ""));

describe("plugin", () => {
  it("exports every rule file, and only those", () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleFiles].sort());
    expect(plugin.rules).toBe(rules);
  });

  describe.each(ruleFiles)("%s", (name) => {
    const rule = rules[name as keyof typeof rules];

    it("has a test file and a doc page", () => {
      expect(existsSync(`${rulesDir}${name}.test.ts`)).toBe(true);
      expect(existsSync(`${docsDir}${name}.md`)).toBe(true);
    });

    it("links its doc page and states its category", () => {
      expect(rule.meta.docs?.url).toBe(docsUrl(name));
      expect(rule.meta.docs?.category).toMatch(/^[a-z-]+$/);
      expect(rule.meta.docs?.description).not.toMatch(/\.$/);
    });

    it("has a schema that rejects unknown options", () => {
      const schema = rule.meta.schema;
      const items = Array.isArray(schema) ? schema : [schema];
      for (const item of items) expect((item as { additionalProperties?: boolean }).additionalProperties).toBe(false);
    });

    it("is in `recommended` and `recommendedTypeChecked` exactly when its docs say so", () => {
      const inRecommended = `secret-guardrails/${name}` in plugin.configs.recommended.rules;
      expect(inRecommended).toBe(Boolean(rule.meta.docs?.recommended));
      expect(`secret-guardrails/${name}` in plugin.configs.recommendedTypeChecked.rules).toBe(inRecommended);
    });
  });

  it("has the shared configs the typescript-eslint way: rules and the plugin, parserOptions left to the user", () => {
    const ruleIds = ruleFiles.map((name) => `secret-guardrails/${name}`).sort();
    expect(plugin.configs.recommended).toEqual({
      name: "secret-guardrails/recommended",
      plugins: { "secret-guardrails": plugin },
      rules: Object.fromEntries(ruleIds.map((id) => [id, "error"])),
    });
    expect(plugin.configs.recommendedTypeChecked).toEqual({ ...plugin.configs.recommended, name: "secret-guardrails/recommended-type-checked" });
    // The name of 0.1.0 stays, as an alias.
    expect(plugin.configs["recommended-type-checked"]).toBe(plugin.configs.recommendedTypeChecked);
    expect(Object.keys(plugin.configs)).toEqual(["recommended", "recommendedTypeChecked", "recommended-type-checked"]);
  });

  it("also exports configs, meta and rules by name", () => {
    expect(configs).toBe(plugin.configs);
    expect(meta).toEqual({ name: "eslint-plugin-secret-guardrails", version: "0.1.0", namespace: "secret-guardrails" });
    expect(exportedRules).toBe(plugin.rules);
  });

  it("gives require() the plugin object itself, configs included (the built package)", () => {
    expectFreshBuild();
    const script = `const plugin = require(${JSON.stringify(packageDir)});
      console.log(JSON.stringify({ keys: Object.keys(plugin), recommended: Object.keys(plugin.configs.recommended.rules), self: plugin.configs.recommended.plugins["secret-guardrails"] === plugin }));`;
    const result = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual({
      keys: ["meta", "rules", "configs"],
      recommended: ruleFiles.map((name) => `secret-guardrails/${name}`).sort(),
      self: true,
    });
  });
});
