/** Meta-test: every check is one source file, one test file, one doc page and one entry in the index. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { docsUrl, ruleNameOf } from "@secret-guardrails/core";
import { describe, expect, it } from "vitest";
import { checks } from "./index.js";

const CHECKS_DIR = fileURLToPath(new URL(".", import.meta.url));
const DOCS_DIR = fileURLToPath(new URL("../../../../docs/rules/", import.meta.url));

const checkFiles = readdirSync(CHECKS_DIR)
  .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts") && file !== "index.ts")
  .map((file) => file.replace(/\.ts$/, ""))
  .sort();

describe("checks index", () => {
  it("lists every check file exactly once, sorted by id", () => {
    expect(checks.map((check) => check.id)).toEqual(checkFiles);
  });

  describe.each(checks.map((check) => [check.id, check] as const))("%s", (id, check) => {
    it("has a test file", () => {
      expect(existsSync(`${CHECKS_DIR}${id}.test.ts`)).toBe(true);
    });

    // A check of a category an ESLint rule reports too is documented on the rule's page (one id per problem).
    it("has a doc page that starts with the id it reports under and links back through docsUrl", () => {
      const name = ruleNameOf(check.meta.category, id);
      const doc = `${DOCS_DIR}${name}.md`;
      expect(existsSync(doc)).toBe(true);
      expect(readFileSync(doc, "utf8").split("\n")[0]).toBe(`# ${name}`);
      expect(check.meta.docsUrl).toBe(docsUrl(name));
    });

    it("has an imperative description without a final period and messages with a fix", () => {
      expect(check.meta.description).toMatch(/^[A-Z][a-z]+ .*[^.]$/);
      for (const message of Object.values(check.meta.messages)) expect(message.length).toBeGreaterThan(40);
    });
  });
});
