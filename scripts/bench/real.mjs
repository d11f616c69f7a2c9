// `pnpm bench --real DIR[=CONFIG] ...`: the cost of guardrails on real checkouts, as ratios against a
// type-check of the same tree measured in the same run (the commands alternated):
//   A  guardrails check DIR [--config CONFIG] --format json   (the full run)
//   B  tsc --noEmit on every .ts/.tsx file of DIR (a wrapper tsconfig with "types": [], skipLibCheck;
//      no node_modules, so it reports errors: the work is the same)
//   Z  guardrails check DIR --config {"secrets":{}}           (nothing registered: exit 2)
//   D  guardrails check --staged with 5 files changed and staged, in a temporary git worktree of DIR
// CPU time is user + system of the process; wall time includes node start-up.

import { execFileSync } from "node:child_process";
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { median, measure } from "./measure.mjs";

const STAGED_FILES = 5;

/** `DIR` or `DIR=CONFIG` (a guardrails.config.json outside the checkout). */
export function parseRealSpec(text) {
  const at = text.indexOf("=");
  const dir = resolve(at < 0 ? text : text.slice(0, at));
  const config = at < 0 ? undefined : resolve(text.slice(at + 1));
  if (!existsSync(dir)) throw new Error(`--real: ${dir} does not exist`);
  if (config && !existsSync(config)) throw new Error(`--real: ${config} does not exist`);
  return { dir, config };
}

function git(dir, ...args) {
  return execFileSync("git", ["-C", dir, ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 }).trim();
}

/** A tsconfig that type-checks every TypeScript file of `dir` once, without node_modules or @types. */
function wrapperTsconfig(dir, scratch) {
  const file = join(scratch, "tsconfig.json");
  const compilerOptions = {
    noEmit: true,
    skipLibCheck: true,
    types: [],
    target: "es2022",
    module: "esnext",
    moduleResolution: "bundler",
    jsx: "preserve",
    experimentalDecorators: true,
    strict: false,
  };
  writeFileSync(file, JSON.stringify({ compilerOptions, include: [`${dir}/**/*.ts`, `${dir}/**/*.tsx`], exclude: [`${dir}/**/node_modules/**`, `${dir}/**/*.d.ts`] }, null, 2));
  return file;
}

/**
 * A detached worktree of `dir`'s HEAD with `count` source files changed and staged: the files the
 * full run reported findings in first (a commit that touches what matters), then others by path.
 */
function stagedWorktree(dir, scratch, report, count) {
  const tree = join(scratch, "staged");
  try {
    git(dir, "worktree", "add", "--detach", "--force", tree, "HEAD");
  } catch {
    // A partial clone (the blobs of fonts and images not fetched): check out only what a run reads.
    rmSync(tree, { recursive: true, force: true });
    git(dir, "worktree", "prune");
    git(dir, "worktree", "add", "--detach", "--force", "--no-checkout", tree, "HEAD");
    git(tree, "read-tree", "HEAD");
    const wanted = git(tree, "ls-files", "-z").split("\0").filter((file) => /(?:\.(?:[cm]?[jt]sx?|json|prisma)|(?:^|\/)\.gitignore)$/.test(file));
    const list = join(scratch, "checkout-paths");
    writeFileSync(list, wanted.join("\0"));
    git(tree, "checkout", "HEAD", `--pathspec-from-file=${list}`, "--pathspec-file-nul");
  }
  active.set(tree, dir);
  const tracked = git(tree, "ls-files", "*.ts", "*.tsx").split("\n").filter((file) => file && !file.endsWith(".d.ts") && !file.includes("node_modules"));
  const withFindings = [...new Set((report?.findings ?? []).map((finding) => finding.file))].filter((file) => tracked.includes(file));
  const chosen = [...withFindings, ...tracked.filter((file) => !withFindings.includes(file))].slice(0, count);
  chosen.forEach((file, i) => appendFileSync(join(tree, file), `\n// bench: staged edit ${i}\n`));
  git(tree, "add", "--", ...chosen);
  return { tree, files: chosen };
}

/** Worktrees made by this process, removed on Ctrl-C or a kill too (a signal skips `finally`). */
const active = new Map();
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    for (const [tree, dir] of active) removeWorktree(dir, tree);
    process.exit(signal === "SIGINT" ? 130 : 143);
  });
}

function removeWorktree(dir, tree) {
  active.delete(tree);
  try {
    git(dir, "worktree", "remove", "--force", tree);
  } catch {
    rmSync(tree, { recursive: true, force: true });
    git(dir, "worktree", "prune");
  }
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
}

/** Measures one checkout; resolves its figures. */
export async function benchReal(spec, { cli, tsc, node, runs, timeoutMs, log }) {
  const scratch = mkdtempSync(join(tmpdir(), "guardrails-bench-real-"));
  const name = basename(spec.dir);
  const configArgs = spec.config ? ["--config", spec.config] : [];
  const empty = join(scratch, "empty.guardrails.json");
  writeFileSync(empty, '{ "secrets": {} }\n');
  const report = join(scratch, "report.json");
  const commands = {
    A: { label: "guardrails check (full)", args: [cli, "check", spec.dir, ...configArgs, "--format", "json", "--output", "/dev/null"], ok: [0, 1] },
    B: { label: "tsc --noEmit", args: [tsc, "--noEmit", "-p", wrapperTsconfig(spec.dir, scratch)], ok: [0, 1, 2] },
    Z: { label: "guardrails check, nothing registered", args: [cli, "check", spec.dir, "--config", empty], ok: [2] },
  };
  const result = { name, dir: spec.dir, config: spec.config, commit: undefined, results: {}, report: undefined, debug: undefined, staged: undefined };
  try {
    result.commit = git(spec.dir, "rev-parse", "--short", "HEAD");
  } catch {
    // not a git checkout: no D
  }
  log(`\n${name}${result.commit ? ` @ ${result.commit}` : ""}${spec.config ? ` (config ${spec.config})` : " (no config: discovery)"}`);
  // Warm-up: A with --debug (phases, the report), B and Z once (validated).
  const warm = await measure(node, [cli, "check", spec.dir, ...configArgs, "--format", "json", "--output", report, "--debug"], { timeoutMs });
  const parsed = readJson(report);
  if (!parsed || ![0, 1].includes(warm.code)) throw new Error(`${name}: the warm-up run of A failed (exit ${warm.code}): ${warm.stderr.split("\n")[0]}`);
  result.report = { summary: parsed.summary, registry: parsed.registry, findings: parsed.findings.map((f) => ({ file: f.file, line: f.line, category: f.category })) };
  result.debug = warm.stderr.split("\n").filter((line) => line.startsWith("debug: ")).map((line) => line.slice(7));
  log(`  warm-up A ${(warm.wallMs / 1000).toFixed(2)} s: ${parsed.findings.length} findings, ${parsed.summary.filesAnalyzed} files analysed`);
  for (const id of ["B", "Z"]) {
    const run = await measure(node, commands[id].args, { timeoutMs });
    if (!commands[id].ok.includes(run.code)) throw new Error(`${name}: ${id} exited ${run.code}: ${run.stderr.split("\n")[0]}`);
  }
  try {
    await timedRounds(result, commands, { spec, scratch, parsed, cli, node, runs, timeoutMs, log });
  } finally {
    // Also when a command fails or the bench is interrupted: no worktree is left in the checkout.
    if (result.staged) removeWorktree(spec.dir, result.staged.tree);
    rmSync(scratch, { recursive: true, force: true });
  }
  return result;
}

async function timedRounds(result, commands, { spec, scratch, parsed, cli, node, runs, timeoutMs, log }) {
  const configArgs = spec.config ? ["--config", spec.config] : [];
  if (result.commit) {
    result.staged = stagedWorktree(spec.dir, scratch, parsed, STAGED_FILES);
    commands.D = { label: `guardrails check --staged (${STAGED_FILES} files)`, args: [cli, "check", ".", "--staged", ...configArgs, "--format", "json", "--output", "/dev/null"], ok: [0, 1], cwd: result.staged.tree };
    await measure(node, commands.D.args, { cwd: commands.D.cwd, timeoutMs }); // warm-up (file index of the worktree)
  }
  const ids = Object.keys(commands);
  for (const id of ids) result.results[id] = { id, label: commands[id].label, wall: [], cpu: [], rss: [] };
  for (let round = 0; round < runs; round++) {
    const order = ids.map((_, i) => ids[(i + round) % ids.length]);
    for (const id of order) {
      const run = await measure(node, commands[id].args, { cwd: commands[id].cwd, timeoutMs });
      const entry = result.results[id];
      if (!commands[id].ok.includes(run.code)) {
        entry.error ??= `exit ${run.code}: ${run.stderr.split("\n")[0]}`;
        continue;
      }
      entry.wall.push(run.wallMs);
      entry.cpu.push(run.cpuMs);
      entry.rss.push(run.rssKb);
    }
    log(`  round ${round + 1}/${runs}: ${order.map((id) => `${id} ${((result.results[id].wall.at(-1) ?? Number.NaN) / 1000).toFixed(2)} s`).join("  ")}`);
  }
  for (const entry of Object.values(result.results)) {
    entry.wallMs = median(entry.wall);
    entry.cpuMs = median(entry.cpu);
    entry.rssKb = median(entry.rss);
  }
}

const fmtS = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : "n/a");
const fmtMb = (kb) => (Number.isFinite(kb) ? `${Math.round(kb / 1024)} MB` : "n/a");
const fmtRatio = (value) => (Number.isFinite(value) ? value.toFixed(2) : "n/a");

const REAL_TARGETS = { cpuRatio: 0.25, rssKb: 1024 * 1024, stagedMs: 1500, emptyMs: 1000 };

/** The markdown section of docs/performance.md for real checkouts. */
export function realSection(run) {
  const rows = [
    "| checkout | files analysed | findings | A full: wall / CPU / peak RSS | B tsc --noEmit: wall / CPU | A/B (CPU) | Z nothing registered | D --staged (5 files) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  const verdicts = [];
  for (const r of run.repos) {
    const { A, B, Z, D } = r.results;
    const cpuRatio = A.cpuMs / B.cpuMs;
    rows.push(
      `| ${r.name}${r.commit ? ` @ \`${r.commit}\`` : ""} | ${r.report.summary.filesAnalyzed} | ${r.report.findings.length} | ${fmtS(A.wallMs)} / ${fmtS(A.cpuMs)} / ${fmtMb(A.rssKb)} | ${fmtS(B.wallMs)} / ${fmtS(B.cpuMs)} | ${fmtRatio(cpuRatio)} | ${fmtS(Z.wallMs)} | ${D ? fmtS(D.wallMs) : "n/a (no git)"} |`,
    );
    const pass = (ok) => (ok ? "PASS" : "MISS");
    verdicts.push(
      `- ${r.name}: A/B CPU ${fmtRatio(cpuRatio)} (≤ ${REAL_TARGETS.cpuRatio}: ${pass(cpuRatio <= REAL_TARGETS.cpuRatio)}); peak RSS ${fmtMb(A.rssKb)} (≤ 1 GB: ${pass(A.rssKb <= REAL_TARGETS.rssKb)}); nothing registered ${fmtS(Z.wallMs)} (< 1 s: ${pass(Z.wallMs < REAL_TARGETS.emptyMs)})${D ? `; --staged ${fmtS(D.wallMs)} (≤ 1.5 s: ${pass(D.wallMs <= REAL_TARGETS.stagedMs)})` : ""}.`,
    );
  }
  const configs = run.repos.map((r) => `- ${r.name}: ${r.config ? `\`${r.config.replace(`${run.repoRoot}/`, "")}\`` : "no config (the registry discovered from the schema)"}; registry: ${r.report.registry?.settingsModels?.join(", ") ?? "?"}, ${r.report.registry?.secrets?.length ?? "?"} secrets; staged files: ${r.staged ? r.staged.files.map((f) => `\`${f}\``).join(", ") : "n/a"}`);
  const phases = run.repos.map((r) => `- ${r.name}: ${r.debug.join("; ")}`);
  return `## Real repositories

Measured ${run.date.slice(0, 10)} with \`${run.command}\` (${run.runs} timed run(s) per command after a warm-up,
the commands alternated, medians). Machine: ${run.machine}. Load average at start ${run.loadAtStart}, at end
${run.loadAtEnd}: other processes slow every command alike; compare the ratios.

${rows.join("\n")}

Targets (issue 16): A/B CPU ≤ ${REAL_TARGETS.cpuRatio}, peak RSS ≤ 1 GB, nothing registered well under a second (exit 2),
\`--staged\` with 5 files ≤ 1.5 s.

${verdicts.join("\n")}

Configs and staged files:

${configs.join("\n")}

Phases of the warm-up run (\`--debug\`):

${phases.join("\n")}
`;
}
