import { mkdirSync, mkdtempSync, realpathSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { findWorkspaceRoot } from "./registry.js";

function tree(files: Record<string, string>): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), "guardrails-workspace-")));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(join(root, file, ".."), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe("findWorkspaceRoot", () => {
  it("finds the directory that declares the workspace, from deep inside a package", () => {
    const root = tree({ "pnpm-workspace.yaml": "packages: ['apps/*']\n", "apps/web/package.json": "{}\n", "apps/web/src/a.ts": "" });
    expect(findWorkspaceRoot(join(root, "apps/web/src"))).toBe(root);
  });

  it("takes a package.json with workspaces, and not one without", () => {
    const root = tree({ "package.json": '{ "workspaces": ["apps/*"] }\n', "apps/web/package.json": '{ "name": "web" }\n', "apps/web/src/a.ts": "" });
    expect(findWorkspaceRoot(join(root, "apps/web/src"))).toBe(root);
  });

  it("falls back to the git root, and says nothing outside any", () => {
    const root = tree({ ".git/HEAD": "ref: refs/heads/main\n", "src/a.ts": "" });
    expect(findWorkspaceRoot(join(root, "src"))).toBe(root);
    const bare = tree({ "src/a.ts": "" });
    const found = findWorkspaceRoot(join(bare, "src"));
    // The temporary directory may itself sit in a repository; it is never inside `bare`.
    expect(found === undefined || !found.startsWith(bare)).toBe(true);
  });
});
