import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Writes `files` (root-relative path -> content) into a fresh temporary directory and returns its path. */
export function writeTempTree(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), "guardrails-checker-"));
  for (const [file, content] of Object.entries(files)) {
    const path = join(root, file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  }
  return root;
}

export function removeTempTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
