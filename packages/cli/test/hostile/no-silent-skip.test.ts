/**
 * No file silently skipped: dot directories that `include` matches are analysed (Remix's
 * `app/.server/`); in a git repository a tracked file is analysed whatever a nested `.gitignore`
 * says; a directory that cannot be listed is an `analysis-error`; `include`/`exclude` globs are
 * normalised (`./src/**`) and globs that leave the root are exit 2; git's file names are read
 * NUL-separated, so a staged file name holding a line break cannot shift another file's content.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectFreshBuild } from "../../../../vitest.build-output.js";
import type { Report } from "../../src/report.js";
import { baseFiles, CLEAN, git, secretWrite } from "../helpers.js";
import { BIN, brief, checkJson, makeRepo, run } from "./support.js";

const WRITE_AT = "secret-settings-write 4:68";

describe("dot directories are analysed like any other", () => {
  it("app/.server/ (Remix), .config/, a dot file: full run, explicit files and --changed-since", async () => {
    const root = makeRepo(
      baseFiles({
        "app/.server/settings.server.ts": secretWrite(),
        ".config/settings.ts": secretWrite(),
        "src/.hidden.ts": secretWrite(),
      }),
    );
    const full = await checkJson(root);
    expect(brief(full)).toEqual([
      `.config/settings.ts ${WRITE_AT}`,
      `app/.server/settings.server.ts ${WRITE_AT}`,
      `src/.hidden.ts ${WRITE_AT}`,
    ]);
    const files = await checkJson(root, join(root, "app/.server/settings.server.ts"));
    expect(brief(files)).toEqual([`app/.server/settings.server.ts ${WRITE_AT}`]);

    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "base");
    writeFileSync(join(root, "app/.server/other.server.ts"), secretWrite());
    const changed = await checkJson(root, "--changed-since", "HEAD");
    expect(brief(changed)).toEqual([`app/.server/other.server.ts ${WRITE_AT}`]);
  });
});

describe("in a git repository a tracked file is analysed whatever .gitignore says", () => {
  it("a nested .gitignore ignoring a tracked file", async () => {
    const root = makeRepo(
      baseFiles({
        "src/generated/.gitignore": "*\n",
        "src/generated/settings.ts": secretWrite(),
        "src/generated/untracked.ts": secretWrite(),
        ".gitignore": "ignored-at-root.ts\n",
        "ignored-at-root.ts": secretWrite(),
      }),
    );
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "add", "-f", "src/generated/settings.ts", "ignored-at-root.ts");
    git(root, "commit", "-q", "-m", "base");
    const report = await checkJson(root);
    // The untracked ignored file stays ignored.
    expect(brief(report)).toEqual([`ignored-at-root.ts ${WRITE_AT}`, `src/generated/settings.ts ${WRITE_AT}`]);
  });

  it("outside git, .gitignore is honoured as before", async () => {
    const root = makeRepo(baseFiles({ "src/generated/.gitignore": "*\n", "src/generated/settings.ts": secretWrite() }));
    expect(brief(await checkJson(root))).toEqual([]);
  });
});

describe("a directory that cannot be listed is an analysis-error", () => {
  it("(bin, as an unprivileged user) a directory without read permission", () => {
    expectFreshBuild();
    const root = makeRepo(baseFiles({ "src/locked/settings.ts": secretWrite(), "src/open/settings.ts": secretWrite() }));
    chmodSync(root, 0o755);
    for (const dir of ["src", "src/open", "prisma"]) chmodSync(join(root, dir), 0o755);
    chmodSync(join(root, "src/locked"), 0o000);
    // root reads any directory: run as nobody when we are root.
    const asUser = process.getuid?.() === 0 ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] : [];
    const command = [...asUser, process.execPath, BIN, "check", root, "--format", "json"];
    const result = spawnSync(command[0]!, command.slice(1), { encoding: "utf8", env: { ...process.env, GUARDRAILS_CACHE_DIR: "off" }, timeout: 60_000 });
    chmodSync(join(root, "src/locked"), 0o755);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as Report;
    expect(brief(report)).toEqual(["src/locked analysis-error 1:1", `src/open/settings.ts ${WRITE_AT}`]);
    expect(report.findings[0]!.message).toBe(
      "Cannot list this directory: it cannot be read (permission denied); the files in it are not analysed. Make it readable or exclude it; a file that is not analysed is never a silent pass.",
    );
  });
});

describe("a symlinked directory is never a silent skip", () => {
  it("one to a directory outside ROOT is an analysis-error; one inside is analysed where it points", async () => {
    const outside = makeRepo({ "settings.ts": secretWrite() });
    const root = makeRepo(baseFiles({ "src/real/settings.ts": secretWrite() }));
    symlinkSync(outside, join(root, "src/linked-outside"));
    symlinkSync(join(root, "src/real"), join(root, "src/linked-inside"));
    symlinkSync(outside, join(root, "excluded-link"));
    writeFileSync(join(root, "guardrails.config.json"), JSON.stringify({ exclude: ["**/node_modules/**", "excluded-link/**"] }));
    const report = await checkJson(root);
    expect(brief(report)).toEqual(["src/linked-outside analysis-error 1:1", `src/real/settings.ts ${WRITE_AT}`]);
    expect(report.findings[0]!.message).toBe(
      "Cannot list this directory: it is a symlink to a directory outside ROOT, which is not followed; the files in it are not analysed. Check its target as a ROOT of its own or exclude it; a file that is not analysed is never a silent pass.",
    );
  });
});

describe("globs are relative to the root", () => {
  it("./src/** and src//** select what src/** selects", async () => {
    for (const include of ["./src/**/*.ts", "src//**/*.ts", "./src/"]) {
      const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "guardrails.config.json": JSON.stringify({ include: [include] }) }));
      expect(brief(await checkJson(root))).toEqual([`src/settings.ts ${WRITE_AT}`]);
    }
    const root = makeRepo(baseFiles({ "src/settings.ts": secretWrite(), "guardrails.config.json": JSON.stringify({ exclude: ["./src/settings.ts"] }) }));
    expect(brief(await checkJson(root))).toEqual([]);
  });

  it.each([
    ["include", "../outside/**/*.ts"],
    ["include", "src/../../outside/**"],
    ["include", "/etc/**"],
    ["exclude", "C:/work/**"],
    ["exclude", "~/src/**"],
  ])("%s %s: exit 2 naming the key", async (key, glob) => {
    const root = makeRepo(baseFiles({ "guardrails.config.json": JSON.stringify({ [key]: ["src/**", glob] }) }));
    const result = await run(["check", root]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `guardrails: invalid config: ${join(root, "guardrails.config.json")}: "${key}[1]" must be a glob relative to the root (no leading /, drive or ~, no .. segment)\n`,
    );
  });
});

describe("git's file names are NUL-separated", () => {
  it("--staged with a staged file name holding a line break reads every file's own content", async () => {
    const root = makeRepo(baseFiles());
    git(root, "init", "-q");
    git(root, "add", "-A");
    git(root, "commit", "-q", "-m", "base");
    mkdirSync(join(root, "src/new"), { recursive: true });
    writeFileSync(join(root, "src/new/line\nbreak.ts"), secretWrite());
    writeFileSync(join(root, "src/new/after.ts"), CLEAN);
    writeFileSync(join(root, "src/new/z.ts"), `\n\n${secretWrite()}`);
    git(root, "add", "-A");
    const report = await checkJson(root, "--staged");
    expect(brief(report)).toEqual([`src/new/line\nbreak.ts ${WRITE_AT}`, "src/new/z.ts secret-settings-write 6:68"]);
    expect(report.summary.filesAnalyzed).toBe(3);
  });
});
