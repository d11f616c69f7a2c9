/**
 * The built CLI lints on a worker thread while the checker runs; the in-process run (what the other
 * tests exercise from the sources) must give the same report.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Report } from "../src/report.js";
import { run } from "./helpers.js";

const WORKSPACE = fileURLToPath(new URL("../../..", import.meta.url));
const BIN = fileURLToPath(new URL("../dist/bin.js", import.meta.url));
const SAMPLE = fileURLToPath(new URL("../../../fixtures/nexus-sample", import.meta.url));

const withoutDuration = (report: Report) => ({ ...report, summary: { ...report.summary, durationMs: 0 } });

describe.skipIf(!existsSync(BIN))("ESLint on a worker thread (built CLI)", () => {
  it("reports exactly what the in-process run reports", async () => {
    const spawned = spawnSync(process.execPath, [BIN, "check", SAMPLE, "--format", "json"], { cwd: WORKSPACE, encoding: "utf8" });
    expect(spawned.stderr).toBe("");
    expect(spawned.status).toBe(1);
    const inProcess = await run(["check", SAMPLE, "--format", "json"], { cwd: WORKSPACE });
    const viaWorker = JSON.parse(spawned.stdout) as Report;
    expect(viaWorker.findings.some((finding) => finding.engine === "eslint")).toBe(true);
    expect(withoutDuration(viaWorker)).toEqual(withoutDuration(JSON.parse(inProcess.stdout) as Report));
  });
});
