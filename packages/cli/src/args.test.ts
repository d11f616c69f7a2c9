import { describe, expect, it } from "vitest";
import { makeRepo } from "../test/helpers.js";
import { checkCommandLine, didYouMean, plainGitError, UsageError } from "./args.js";
import { GitError } from "./git.js";

const OPTIONS = {
  format: { type: "string", short: "f", multiple: true },
  "output-file": { type: "string" },
  staged: { type: "boolean" },
} as const;

describe("checkCommandLine", () => {
  it.each<[string[], string]>([
    [["--fromat", "json"], "unknown option --fromat (did you mean --format?)"],
    [["--output-flie", "x"], "unknown option --output-flie (did you mean --output-file?)"],
    [["--stage"], "unknown option --stage (did you mean --staged?)"],
    [["--frobnicate"], "unknown option --frobnicate"],
    [["-x"], "unknown option -x"],
    [["--format"], "--format needs a value"],
    [["-f", "--staged"], "-f needs a value"],
    [["--staged=no"], "--staged takes no value"],
  ])("%j: %s", (argv, message) => {
    expect(() => checkCommandLine(argv, OPTIONS)).toThrow(new UsageError(message));
  });

  it("lets a valid command line through, values after = included", () => {
    expect(() => checkCommandLine(["check", ".", "-f", "json", "--format=-odd", "--staged", "--", "--not-an-option"], OPTIONS)).not.toThrow();
  });
});

describe("didYouMean", () => {
  it("suggests the closest option or choice, leading dashes and case ignored (closestMatch of core)", () => {
    expect(didYouMean("chekc", ["check", "merge"])).toBe(" (did you mean check?)");
    expect(didYouMean("--Formt", ["--format", "--output"])).toBe(" (did you mean --format?)");
    expect(didYouMean("formt", ["--format", "--output"])).toBe(" (did you mean --format?)");
    expect(didYouMean("lint", ["check", "merge"])).toBe("");
  });
});

describe("plainGitError", () => {
  const repo = makeRepo({});
  const context = { root: repo, rootArg: "app", flag: "--changed-since", ref: "origin/main" };

  it("says 'not a git repository', also when git only says `unknown option cached`", () => {
    expect((plainGitError(new GitError("git diff --cached failed: error: unknown option `cached'"), { ...context, flag: "--staged" }) as Error).message).toBe(
      "not a git repository: app (--staged needs the git repository the files are in)",
    );
    expect((plainGitError(new GitError("git rev-parse failed: fatal: not a git repository (or any of the parent directories): .git"), context) as Error).message).toBe(
      "not a git repository: app (--changed-since needs the git repository the files are in)",
    );
  });

  it("says when git is missing, and keeps any other error as it is", () => {
    expect((plainGitError(new GitError("git diff: spawnSync git ENOENT"), context) as Error).message).toBe("git is not installed (or not on PATH); --changed-since needs it");
    const other = new Error("disk full");
    expect(plainGitError(other, context)).toBe(other);
  });
});
