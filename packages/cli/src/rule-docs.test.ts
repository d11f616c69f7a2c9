import { existsSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { makeRepo, run, baseFiles, secretWrite } from "../test/helpers.js";
import { absoluteLinks, docsDir, readRuleHelp } from "./rule-docs.js";

const REPOSITORY_DOCS = fileURLToPath(new URL("../../../docs/", import.meta.url));

describe("rule docs for SARIF help", () => {
  it("finds the repository's docs here (the package's own copy exists only in its tarball)", () => {
    expect(docsDir()).toBe(REPOSITORY_DOCS);
    expect(docsDir([`${REPOSITORY_DOCS}nope/`, REPOSITORY_DOCS])).toBe(REPOSITORY_DOCS);
    expect(docsDir([`${REPOSITORY_DOCS}nope/`])).toBeUndefined();
  });

  it("reads the page of every rule asked for, by short or qualified id, and nothing else", () => {
    const ids = readdirSync(`${REPOSITORY_DOCS}rules`).map((file) => file.replace(/\.md$/, ""));
    const help = readRuleHelp(["secret-guardrails/no-secret-settings-write", "missing-env-guidance", "no-such-rule", "../../README"]);
    expect([...help.keys()]).toEqual(["no-secret-settings-write", "missing-env-guidance"]);
    expect(help.get("missing-env-guidance")).toMatch(/^# missing-env-guidance\n/);
    expect(readRuleHelp(ids).size).toBe(ids.length);
    expect(readRuleHelp(ids, undefined).size).toBe(ids.length);
  });

  it("makes relative links absolute", () => {
    expect(absoluteLinks("[twin](./no-secret-settings-write.md) and [cli](../cli.md#baselines), [x](https://e.org/a)")).toBe(
      "[twin](https://github.com/secret-guardrails/secret-guardrails/blob/main/docs/rules/no-secret-settings-write.md) and " +
        "[cli](https://github.com/secret-guardrails/secret-guardrails/blob/main/docs/cli.md#baselines), [x](https://e.org/a)",
    );
  });

  it("puts them into the SARIF the CLI writes", async () => {
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite() }));
    const { stdout } = await run(["check", root, "--format", "sarif"]);
    const log = JSON.parse(stdout) as { runs: { tool: { driver: { name: string; rules: { id: string; help: { markdown?: string } }[] } } }[] };
    const [rule] = log.runs.find((sarifRun) => sarifRun.tool.driver.name === "secret-guardrails-checker")!.tool.driver.rules;
    expect(rule!.id).toBe("secret-guardrails/no-secret-settings-write");
    expect(rule!.help.markdown).toMatch(/^# no-secret-settings-write\n/);
    expect(existsSync(fileURLToPath(new URL("../docs", import.meta.url)))).toBe(false);
  });
});
