import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { docsUrl } from "@secret-guardrails/core";
import { describe, expect, it } from "vitest";
import plugin from "./index.js";

const rulesDir = fileURLToPath(new URL("./rules/", import.meta.url));
const docsDir = fileURLToPath(new URL("../../../docs/rules/", import.meta.url));
const ruleFiles = readdirSync(rulesDir)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "index.ts")
  .map((file) => file.replace(/\.ts$/, ""));

describe("plugin", () => {
  it("exports every rule file, and only those", () => {
    expect(Object.keys(plugin.rules).sort()).toEqual([...ruleFiles].sort());
  });

  describe.each(ruleFiles)("%s", (name) => {
    const rule = plugin.rules[name as keyof typeof plugin.rules];

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

    it("is in `recommended` exactly when its docs say so", () => {
      const inRecommended = `secret-guardrails/${name}` in (plugin.configs.recommended.rules ?? {});
      expect(inRecommended).toBe(Boolean(rule.meta.docs?.recommended));
      expect(`secret-guardrails/${name}` in (plugin.configs["recommended-type-checked"].rules ?? {})).toBe(inRecommended);
    });
  });

  it("enables type information only in recommended-type-checked", () => {
    expect(plugin.configs.recommended.languageOptions).toBeUndefined();
    expect(plugin.configs["recommended-type-checked"].languageOptions?.parserOptions).toEqual({ projectService: true });
  });
});
