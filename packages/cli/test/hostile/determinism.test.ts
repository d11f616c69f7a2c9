/**
 * Deterministic: the same tree written in different file-creation orders (so directories list
 * their entries in different orders) gives byte-identical reports in every format, except the
 * duration.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FORMATS } from "../../src/reporters/index.js";
import { FIXTURES, run, walk, writeInOrder } from "./support.js";

// On tmpfs the kernel lists a directory in (reverse) creation order, on ext4 in hash order. Node's
// readdir (libuv's scandir) sorts names, but inode numbers, timestamps and creation order still
// differ between the copies; tmpfs when there is one, so the kernel's order differs too.
const BASE = existsSync("/dev/shm") ? "/dev/shm" : tmpdir();
const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function makeTree(files: readonly (readonly [string, string])[]): string {
  const root = mkdtempSync(join(BASE, "guardrails-order-"));
  created.push(root);
  writeInOrder(root, files);
  return root;
}


/** The files of a fixture (symlinks and all, as text), in a stable order. */
function filesOf(name: string): [string, string][] {
  const root = join(FIXTURES, name);
  return walk(root).map((file) => [file, readFileSync(join(root, file), "utf8")]);
}

/** A deterministic shuffle (the order must differ from both sorted and reversed). */
function shuffled<T>(items: readonly T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2147483648;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Removes what may differ between runs: the duration in each format. */
function stable(text: string): string {
  return text
    .replace(/"durationMs": \d+/g, '"durationMs": 0')
    .replace(/\(\d+(\.\d+)? m?s\)/g, "(0 s)")
    .replace(/\b\d+(\.\d+)? m?s\b/g, "0 s");
}

/** One run writing every format (stylish to stdout, the others to files outside the tree). */
async function reports(root: string): Promise<Record<string, string>> {
  const outDir = mkdtempSync(join(BASE, "guardrails-out-"));
  created.push(outDir);
  const others = FORMATS.filter((format) => format !== "stylish");
  const result = await run(["check", ".", ...others.flatMap((format) => ["--format", format, "--output", join(outDir, format)]), "--format", "stylish"], { cwd: root });
  expect(result.stderr).toBe("");
  expect(result.code).toBe(1);
  const out: Record<string, string> = { stylish: stable(result.stdout) };
  for (const format of others) out[format] = stable(readFileSync(join(outDir, format), "utf8"));
  return out;
}

describe("reports do not depend on the file-system order", () => {
  it.each(["nexus-sample", "hostile/evasion"])("%s: sorted, reversed and shuffled creation orders give identical reports", async (name) => {
    const files = filesOf(name);
    expect(files.length).toBeGreaterThan(5);
    const orders = [files, [...files].reverse(), shuffled(files, 20240601)];
    const results: Record<string, string>[] = [];
    for (const [index, order] of orders.entries()) {
      const root = makeTree(order);
      // Different timestamps too: nothing may depend on them.
      order.forEach(([file], i) => utimesSync(join(root, file), 1_000_000 + index * 7919 + i * 31, 2_000_000_000 - i * 97 - index));
      results.push(await reports(root));
    }
    expect(JSON.parse(results[0]!.json!).findings.length).toBeGreaterThan(5);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    // And the same tree twice in one process (caches must not change the answer).
    const again = makeTree(orders[2]!);
    await reports(again);
    expect(await reports(again)).toEqual(results[0]);
  }, 180_000);
});
