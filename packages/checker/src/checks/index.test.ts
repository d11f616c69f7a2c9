/** Meta-test: every check is one source file, one test file, one doc page and one entry in the index. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { docsUrl } from "@secret-guardrails/core";
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

    it("has a doc page that starts with its id and links back through docsUrl", () => {
      const doc = `${DOCS_DIR}${id}.md`;
      expect(existsSync(doc)).toBe(true);
      expect(readFileSync(doc, "utf8").split("\n")[0]).toBe(`# ${id}`);
      expect(check.meta.docsUrl).toBe(docsUrl(id));
    });

    it("has an imperative description without a final period and messages with a fix", () => {
      expect(check.meta.description).toMatch(/^[A-Z][a-z]+ .*[^.]$/);
      for (const message of Object.values(check.meta.messages)) expect(message.length).toBeGreaterThan(40);
    });
  });
});
