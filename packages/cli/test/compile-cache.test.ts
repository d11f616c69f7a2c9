/**
 * The compile cache of the built CLI (`src/compile-cache.ts`), in fresh Node processes: a bundle
 * loaded through it behaves as Node's own loader would load it (exports, `require`, positions, its
 * text whether ASCII or not, an ES module package refused), and the second process loads it from
 * the code V8 produced for the first.
 */
import { spawnSync } from "node:child_process";
import Module from "node:module";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { expectFreshBuild } from "../../../vitest.build-output.js";

const COMPILE_CACHE = fileURLToPath(new URL("../dist/compile-cache.js", import.meta.url));
const NODE_HAS_ITS_OWN = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A CommonJS "bundle" over the size limit, requiring a small sibling, and a script that loads it. */
function writeBundle(): { cacheDir: string; script: string } {
  dir = mkdtempSync(join(tmpdir(), "guardrails-compile-cache-"));
  const filler = `// ${"x".repeat(120)}\n`.repeat(5_000); // ~620,000 characters
  writeFileSync(join(dir, "small.js"), "module.exports = { answer: 42 };\n");
  // Not ASCII (decoded as UTF-8), and an ES module package's file (Node's loader refuses it).
  writeFileSync(join(dir, "unicode.js"), `exports.text = "naïve ✓ 𝔘";\n${filler}`);
  mkdirSync(join(dir, "esm"));
  writeFileSync(join(dir, "esm/package.json"), '{ "type": "module" }');
  writeFileSync(join(dir, "esm/big.js"), `export const x = 1;\n${filler}`);
  writeFileSync(
    join(dir, "bundle.js"),
    [
      "'use strict';",
      "const { answer } = require('./small.js');",
      "exports.answer = answer;",
      "exports.file = __filename;",
      "exports.dir = __dirname;",
      "exports.thisIsExports = this === module.exports;",
      "exports.resolved = require.resolve('./small.js');",
      "exports.throwLine = () => { try { throw new Error('boom'); } catch (error) { return /bundle\\.js:(\\d+)/.exec(error.stack)[1]; } };",
      filler,
    ].join("\n"),
  );
  const cacheDir = join(dir, "v8");
  const script = join(dir, "load.mjs");
  writeFileSync(
    script,
    [
      `import { createRequire } from "node:module";`,
      `import { enableCompileCache, compileCacheStats } from ${JSON.stringify(COMPILE_CACHE)};`,
      `const mode = process.env.WITHOUT_HOOK ? "none" : enableCompileCache(${JSON.stringify(cacheDir)});`,
      `const require = createRequire(import.meta.url);`,
      `const bundle = require("./bundle.js");`,
      `const { text } = require("./unicode.js");`,
      `let esm; try { esm = { ...require("./esm/big.js") }; } catch (error) { esm = error.code ?? error.name; }`,
      `console.log(JSON.stringify({ mode, stats: compileCacheStats(), ...bundle, throwLine: bundle.throwLine(), text, esm }));`,
    ].join("\n"),
  );
  return { cacheDir, script };
}

function load(script: string, withoutHook = false): Record<string, unknown> {
  const env = { ...process.env, ...(withoutHook ? { WITHOUT_HOOK: "1" } : {}) };
  const child = spawnSync(process.execPath, [script], { encoding: "utf8", env });
  expect(child.stderr).toBe("");
  expect(child.status).toBe(0);
  return JSON.parse(child.stdout) as Record<string, unknown>;
}

describe("compile cache (built CLI)", () => {
  beforeAll(expectFreshBuild);

  it.skipIf(NODE_HAS_ITS_OWN)("loads a bundle as Node does, then from the cache in the next process", () => {
    const { cacheDir, script } = writeBundle();
    const expected = {
      mode: "hook",
      answer: 42,
      file: join(dir!, "bundle.js"),
      dir: dir!,
      thisIsExports: true,
      resolved: join(dir!, "small.js"),
      throwLine: "8",
      text: "naïve ✓ 𝔘",
      // Whatever Node's loader makes of an ES module package's file (Node 20.19+ loads it).
      esm: load(script, true).esm,
    };
    expect(load(script, true)).toEqual({ ...expected, mode: "none", stats: { fromCache: 0, compiled: 0 } });
    expect(load(script)).toEqual({ ...expected, stats: { fromCache: 0, compiled: 2 } });
    expect(readdirSync(cacheDir).filter((name) => name.endsWith(".v8"))).toHaveLength(2);
    expect(load(script)).toEqual({ ...expected, stats: { fromCache: 2, compiled: 0 } });
  });

  it.skipIf(NODE_HAS_ITS_OWN)("compiles again over a cache entry V8 rejects, and replaces it", () => {
    const { cacheDir, script } = writeBundle();
    load(script);
    for (const entry of readdirSync(cacheDir)) writeFileSync(join(cacheDir, entry), "not V8's code cache");
    expect(load(script)).toMatchObject({ answer: 42, stats: { fromCache: 0, compiled: 2 } });
    expect(load(script)).toMatchObject({ answer: 42, stats: { fromCache: 2, compiled: 0 } });
  });

  it.skipIf(NODE_HAS_ITS_OWN)("removes entries not written for 30 days when it writes new ones, and only then", () => {
    const { cacheDir, script } = writeBundle();
    mkdirSync(cacheDir, { recursive: true });
    const old = join(cacheDir, "from-an-older-version.v8");
    const recent = join(cacheDir, "recent.v8");
    const notOurs = join(cacheDir, "notes.txt");
    for (const file of [old, recent, notOurs]) writeFileSync(file, "x");
    const daysAgo = (days: number) => new Date(Date.now() - days * 24 * 60 * 60 * 1000);
    utimesSync(old, daysAgo(31), daysAgo(31));
    utimesSync(notOurs, daysAgo(31), daysAgo(31));
    utimesSync(recent, daysAgo(29), daysAgo(29));
    expect(load(script)).toMatchObject({ stats: { fromCache: 0, compiled: 2 } });
    const names = readdirSync(cacheDir);
    expect(names).toEqual(expect.arrayContaining(["recent.v8", "notes.txt"]));
    expect(names).not.toContain("from-an-older-version.v8");
    expect(names.filter((name) => name.endsWith(".v8"))).toHaveLength(3); // the two new entries and recent.v8
    // A run served from the cache writes nothing and removes nothing.
    writeFileSync(old, "x");
    utimesSync(old, daysAgo(31), daysAgo(31));
    expect(load(script)).toMatchObject({ stats: { fromCache: 2, compiled: 0 } });
    expect(existsSync(old)).toBe(true);
  });

  it.runIf(NODE_HAS_ITS_OWN)("leaves the caching to Node where Node has it", () => {
    const { script } = writeBundle();
    expect(load(script)).toMatchObject({ mode: "node", answer: 42, stats: { fromCache: 0, compiled: 0 } });
  });
});
