/**
 * The built CLI keeps a file index (facts of unchanged files) and a compile cache in its cache
 * directory; a run from a cold or a warm cache must give the report of an in-process run without
 * any cache (what the other tests exercise from the sources).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import Module from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { expectFreshBuild } from "../../../vitest.build-output.js";
import type { Report } from "../src/report.js";
import { run } from "./helpers.js";

const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const SAMPLE = fileURLToPath(new URL("../../../fixtures/nexus-sample", import.meta.url));

const NODE_HAS_ITS_OWN = typeof (Module as { enableCompileCache?: unknown }).enableCompileCache === "function";

const withoutDuration = (report: Report) => ({ ...report, summary: { ...report.summary, durationMs: 0 } });

describe("the file index of the built CLI", () => {
  it("reports exactly what the in-process run reports, with a cold and a warm file index", async () => {
    expectFreshBuild();
    // Its own cache directory: the first run indexes every file (the fixture's files are older than
    // the racy window), the second one gets them from the index and reads only what it lints.
    const cacheDir = mkdtempSync(join(tmpdir(), "guardrails-worker-cache-"));
    try {
      const env = { ...process.env, GUARDRAILS_CACHE_DIR: cacheDir };
      const inProcess = await run(["check", SAMPLE, "--format", "json"], { cwd: WORKSPACE, env: { GUARDRAILS_CACHE_DIR: "off" } });
      for (const pass of ["cold", "warm"]) {
        const spawned = spawnSync(process.execPath, [BIN, "check", SAMPLE, "--format", "json"], { cwd: WORKSPACE, encoding: "utf8", env });
        expect(spawned.stderr, pass).toBe("");
        expect(spawned.status, pass).toBe(1);
        const spawnedReport = JSON.parse(spawned.stdout) as Report;
        expect(spawnedReport.findings.length).toBeGreaterThan(5);
        expect(withoutDuration(spawnedReport), pass).toEqual(withoutDuration(JSON.parse(inProcess.stdout) as Report));
      }
      expect(readdirSync(cacheDir).some((name) => name.startsWith("source-index"))).toBe(true);
      // On Node < 22.1 the CLI's own compile cache holds TypeScript and ts-morph.
      if (!NODE_HAS_ITS_OWN) expect(readdirSync(join(cacheDir, "v8")).filter((name) => name.endsWith(".v8")).length).toBeGreaterThanOrEqual(2);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  });
});
