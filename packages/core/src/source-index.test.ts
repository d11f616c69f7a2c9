import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { isSourceText } from "./read-files.js";
import { createRegistry } from "./registry.js";
import { clearsSecret, indexSourceFiles } from "./source-index.js";

const registry = createRegistry({ secrets: { smtpPassword: { env: "SMTP_PASSWORD" } } });
let root: string;
let cacheDir: string;

/** Writes a file dated `ageSeconds` ago (its ctime is now: `later` is the clock of a run a minute on). */
function write(file: string, text: string, ageSeconds = 60): void {
  const path = join(root, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  const then = new Date(Date.now() - ageSeconds * 1000);
  utimesSync(path, then, then);
}

const later = () => Date.now() + 60_000;

const files = ["src/settings.ts", "src/cleanup.ts", "src/index.ts", "src/plain.ts"];

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "guardrails-index-"));
  cacheDir = mkdtempSync(join(tmpdir(), "guardrails-index-cache-"));
  write("src/settings.ts", 'import { db } from "./db";\nexport const read = () => db.systemSettings.findFirst();\n');
  write("src/cleanup.ts", "export const clear = { smtpPassword: null };\n");
  write("src/index.ts", 'export * from "./settings";\n');
  write("src/plain.ts", "export function add(a: number, b: number): number {\n  return a + b;\n}\n");
});

afterEach(() => {
  rmSync(root, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

describe("indexSourceFiles", () => {
  it("computes each file's facts", () => {
    const index = indexSourceFiles(root, files, registry, { cacheDir });
    expect(index.facts("src/settings.ts")).toEqual({ relevant: true, lintable: true, supplies: true, clearing: false, barrel: false, specifiers: ["./db"], exports: ["read"] });
    expect(index.facts("src/cleanup.ts")).toMatchObject({ relevant: true, clearing: true });
    expect(index.facts("src/index.ts")).toMatchObject({ relevant: false, barrel: true, specifiers: ["./settings"] });
    expect(index.facts("src/plain.ts")).toEqual({ relevant: false, lintable: false, supplies: false, clearing: false, barrel: false, specifiers: [], exports: ["add"] });
    expect(index.facts("src/index.ts")).toMatchObject({ exports: "any" });
    expect(index.filesRead()).toBe(4);
  });

  it("serves unchanged files from the cache and reads their text only when asked", () => {
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    const index = indexSourceFiles(root, files, registry, { cacheDir });
    expect(index.filesRead()).toBe(0);
    expect(index.facts("src/cleanup.ts")).toMatchObject({ clearing: true });
    const settings = index.sources.find((source) => source.file === "src/settings.ts")!;
    expect(isSourceText(settings)).toBe(true);
    expect(index.filesRead()).toBe(0);
    expect(isSourceText(settings) && settings.text).toContain("systemSettings");
    expect(index.filesRead()).toBe(1);
  });

  it("re-reads a changed file", () => {
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    write("src/plain.ts", "export const password = process.env.SMTP_PASSWORD;\n", 30);
    const index = indexSourceFiles(root, files, registry, { cacheDir });
    expect(index.filesRead()).toBe(1);
    expect(index.facts("src/plain.ts")).toMatchObject({ relevant: true });
  });

  it("does not cache a file modified in the last second (a second change could keep its times)", () => {
    // Every file was written (ctime) just now: none is cached by a run at this moment.
    indexSourceFiles(root, files, registry, { cacheDir }).save();
    expect(indexSourceFiles(root, files, registry, { cacheDir }).filesRead()).toBe(4);
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    expect(indexSourceFiles(root, files, registry, { cacheDir }).filesRead()).toBe(0);
  });

  it("starts afresh for another registry", () => {
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    const other = createRegistry({ secrets: { add: { env: "ADD" } } });
    const index = indexSourceFiles(root, files, other, { cacheDir });
    expect(index.filesRead()).toBe(4);
    expect(index.facts("src/plain.ts")).toMatchObject({ relevant: true });
  });

  it("treats a corrupt or foreign cache file as empty", () => {
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    const [name] = readdirSync(cacheDir);
    const path = join(cacheDir, name!);
    const data = JSON.parse(readFileSync(path, "utf8")) as { files: Record<string, unknown> };
    data.files["src/plain.ts"] = ["wrong", 2, 0, 0, [], [], 0];
    writeFileSync(path, JSON.stringify(data));
    expect(indexSourceFiles(root, files, registry, { cacheDir }).filesRead()).toBe(1);
    writeFileSync(path, "{ not json");
    expect(indexSourceFiles(root, files, registry, { cacheDir }).filesRead()).toBe(4);
  });

  it("uses overrides (staged content) without caching them, and keeps the disk's entry", () => {
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    const overrides = new Map([["src/plain.ts", { file: "src/plain.ts", text: "const x = process.env.SMTP_PASSWORD;\n" }]]);
    const staged = indexSourceFiles(root, files, registry, { cacheDir, overrides, now: later });
    expect(staged.facts("src/plain.ts")).toMatchObject({ relevant: true });
    staged.save();
    const index = indexSourceFiles(root, files, registry, { cacheDir });
    expect(index.filesRead()).toBe(0);
    expect(index.facts("src/plain.ts")).toMatchObject({ relevant: false });
  });

  it("reports a cached file that cannot be read when its text is needed", () => {
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    const index = indexSourceFiles(root, files, registry, { cacheDir });
    rmSync(join(root, "src/plain.ts"));
    const plain = index.sources.find((source) => source.file === "src/plain.ts")!;
    expect(isSourceText(plain) && plain.text).toBe("");
    expect(index.lateErrors()).toEqual([{ file: "src/plain.ts", error: "does not exist (missing file or dangling symlink)" }]);
  });

  it("reports unreadable files as read errors and writes nothing without a cache directory", () => {
    const index = indexSourceFiles(root, [...files, "src/missing.ts"], registry, {});
    expect(index.sources.at(-1)).toEqual({ file: "src/missing.ts", error: "does not exist (missing file or dangling symlink)" });
    index.save();
    expect(readdirSync(cacheDir)).toEqual([]);
  });
});

describe("the cache directory", () => {
  it("holds one file per root and loses the files of roots unchecked for 30 days, and those of other formats", () => {
    const stale = join(cacheDir, "source-index-v4-0000.json");
    const recent = join(cacheDir, "source-index-v4-1111.json");
    const otherFormat = join(cacheDir, "source-index-v3-2222.json");
    const other = join(cacheDir, "prisma-something.json");
    for (const path of [stale, recent, otherFormat, other]) writeFileSync(path, "{}");
    const old = new Date(Date.now() - 40 * 24 * 3600 * 1000);
    utimesSync(stale, old, old);
    utimesSync(other, old, old);
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    indexSourceFiles(root, files, registry, { cacheDir, now: later }).save();
    const names = readdirSync(cacheDir).sort();
    expect(names).toHaveLength(3);
    expect(names).toContain("source-index-v4-1111.json");
    expect(names).toContain("prisma-something.json");
    expect(names).not.toContain("source-index-v4-0000.json");
    expect(names).not.toContain("source-index-v3-2222.json");
  });
});

describe("clearsSecret", () => {
  it.each([
    ["smtpPassword: null", true],
    ['"smtpPassword": null', true],
    ["smtp_password = NULL", false],
    ["keys.map((key) => [key, null])", true],
    ["smtpPassword: undefined", false],
    ["smtpPasswordSet: null", false],
  ])("%s -> %s", (text, expected) => {
    expect(clearsSecret(text, registry)).toBe(expected);
  });
});
