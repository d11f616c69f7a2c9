import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectFreshBuild } from "../../../vitest.build-output.js";
import { baseFiles, CLEAN, makeRepo, secretWrite, writeFiles } from "./helpers.js";

const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = join(WORKSPACE, "packages/cli/dist/bin.js");

interface RootPackage {
  "simple-git-hooks": { "pre-commit": string };
  "lint-staged": Record<string, string>;
}

function gitIn(root: string, ...args: string[]) {
  const { PATH, HOME } = process.env;
  return spawnSync("git", ["-c", "user.email=test@example.com", "-c", "user.name=Test", "-c", "commit.gpgsign=false", ...args], {
    cwd: root,
    encoding: "utf8",
    env: { PATH, HOME },
  });
}

describe("pre-commit set-up", () => {
  const pkg = JSON.parse(readFileSync(join(WORKSPACE, "package.json"), "utf8")) as RootPackage;

  it("runs lint-staged (ESLint with our plugin on staged TypeScript) and `guardrails check --staged`", () => {
    expect(pkg["simple-git-hooks"]["pre-commit"]).toMatch(/^pnpm exec lint-staged && pnpm --silent guardrails check \. --staged\b/);
    expect(pkg["lint-staged"]).toEqual({ "*.{ts,tsx,mts,cts}": "eslint --max-warnings=0 --no-warn-ignored" });
    // The repository's ESLint config (which lint-staged uses) carries our plugin.
    expect(readFileSync(join(WORKSPACE, "eslint.config.js"), "utf8")).toContain("secretGuardrails.configs.recommended");
  });

  it("a simple-git-hooks pre-commit hook running `guardrails check --staged` blocks a staged violation", () => {
    expectFreshBuild();
    const root = makeRepo(baseFiles());
    writeFileSync(
      join(root, "package.json"),
      JSON.stringify({ name: "hooked", private: true, "simple-git-hooks": { "pre-commit": `node ${JSON.stringify(BIN)} check . --staged` } }),
    );
    expect(gitIn(root, "init", "-q").status).toBe(0);
    const install = spawnSync(process.execPath, [join(WORKSPACE, "node_modules/simple-git-hooks/cli.js")], { cwd: root, encoding: "utf8" });
    expect(install.status).toBe(0);
    expect(readFileSync(join(root, ".git/hooks/pre-commit"), "utf8")).toContain("check . --staged");

    gitIn(root, "add", "-A");
    expect(gitIn(root, "commit", "-q", "-m", "clean base").status).toBe(0);

    writeFiles(root, { "src/settings.ts": secretWrite() });
    gitIn(root, "add", "src/settings.ts");
    const blocked = gitIn(root, "commit", "-q", "-m", "writes a secret");
    expect(blocked.status).not.toBe(0);
    expect(blocked.stdout + blocked.stderr).toContain("secret-guardrails/no-secret-settings-write");

    writeFiles(root, { "src/settings.ts": CLEAN });
    gitIn(root, "add", "src/settings.ts");
    expect(gitIn(root, "commit", "-q", "-m", "fixed").status).toBe(0);
  }, 180_000);
});
