// Runs one command and measures its wall time and peak resident set size (RSS).
//
// Peak RSS method, chosen once per run:
// - "gnu-time": GNU `/usr/bin/time -f %M -o FILE`, which reports ru_maxrss from wait4(2) for the child:
//   the peak RSS of the process itself (its waited-for children count only if larger, never summed; all
//   the measured commands are single node processes, worker threads included in the process).
// - "node-hook" (when GNU time is missing): every node process of the command preloads
//   scripts/bench/rss-hook.mjs via NODE_OPTIONS=--import, which writes `process.resourceUsage().maxRSS` at exit;
//   the largest value is taken.
// Wall time is measured by this process around spawn..exit (hrtime), so it includes node start-up.
// CPU time (user + system) comes from the same source: GNU time's %U/%S, or each node process's
// `process.resourceUsage()` at exit (summed).

import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HOOK = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), "rss-hook.mjs")).href;

let method;
/** "gnu-time" when /usr/bin/time is GNU time (it accepts -f/-o), else "node-hook". */
export function rssMethod() {
  if (method) return method;
  if (process.env.BENCH_RSS_METHOD === "node-hook") return (method = "node-hook");
  const probe = spawnSync("/usr/bin/time", ["-f", "%M", "true"], { encoding: "utf8" });
  method = probe.status === 0 && /^\d+\s*$/m.test(probe.stderr ?? "") ? "gnu-time" : "node-hook";
  return method;
}

export const RSS_METHOD_TEXT = {
  "gnu-time": "GNU `/usr/bin/time -f %M` (ru_maxrss of the measured process from wait4)",
  "node-hook": "`process.resourceUsage().maxRSS` written at exit by every node process of the command (NODE_OPTIONS=--import preload; the largest is taken)",
};

/**
 * Runs `command args` in `cwd` and resolves { wallMs, rssKb, code, stdout, stderr }. Never rejects on
 * a non-zero exit; `timeoutMs` kills the command (code null, timedOut true).
 */
export function measure(command, args, { cwd, env = {}, timeoutMs = 300_000 } = {}) {
  const how = rssMethod();
  const scratch = mkdtempSync(join(tmpdir(), "guardrails-bench-"));
  const rssFile = join(scratch, "rss");
  let file = command;
  let argv = args;
  const childEnv = { ...process.env, ...env };
  if (how === "gnu-time") {
    file = "/usr/bin/time";
    argv = ["-f", "%M %U %S", "-o", rssFile, command, ...args];
  } else {
    childEnv.NODE_OPTIONS = `${childEnv.NODE_OPTIONS ?? ""} --import=${HOOK}`.trim();
    childEnv.BENCH_RSS_DIR = scratch;
  }
  return new Promise((resolvePromise) => {
    const started = process.hrtime.bigint();
    const child = spawn(file, argv, { cwd, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
    const stdout = [];
    const stderr = [];
    child.stdout.on("data", (chunk) => stdout.push(chunk));
    child.stderr.on("data", (chunk) => stderr.push(chunk));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      let rssKb = Number.NaN;
      let cpuMs = Number.NaN;
      try {
        if (how === "gnu-time") {
          const lines = readFileSync(rssFile, "utf8").trim().split("\n");
          const [rss, user, system] = lines[lines.length - 1].trim().split(/\s+/).map(Number);
          rssKb = rss;
          cpuMs = (user + system) * 1000;
        } else {
          const values = readdirSync(scratch)
            .filter((name) => name.startsWith("rss-"))
            .map((name) => readFileSync(join(scratch, name), "utf8").split(" ").map(Number));
          rssKb = values.length > 0 ? Math.max(...values.map(([rss]) => rss)) : Number.NaN;
          cpuMs = values.length > 0 ? values.reduce((sum, [, cpu]) => sum + cpu, 0) : Number.NaN;
        }
      } catch {
        // no figure: NaN
      }
      rmSync(scratch, { recursive: true, force: true });
      let exitCode = code;
      // GNU time reports the child's exit status as its own, or "Command exited with non-zero status".
      if (signal) exitCode = null;
      resolvePromise({
        wallMs,
        rssKb,
        cpuMs,
        code: exitCode,
        timedOut,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
      });
    });
    child.on("error", (error) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      resolvePromise({ wallMs: Number.NaN, rssKb: Number.NaN, cpuMs: Number.NaN, code: null, timedOut: false, stdout: "", stderr: String(error) });
    });
  });
}

export function median(values) {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
