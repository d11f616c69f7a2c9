/**
 * Command-line conventions shared by every command: unknown options and values answered with
 * "did you mean", usage errors (exit 2), ROOT and output files, git's failures in plain words.
 */
import { accessSync, constants, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { closestMatch } from "@secret-guardrails/core";
import { GitError, isGitWorkTree } from "./git.js";

/** A problem with the command line or its inputs: exit 2 with one clear line and the usage. */
export class UsageError extends Error {
  override name = "UsageError";
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Checks a command line against `parseArgs` options before it is parsed strictly, for errors a
 * user can act on: an unknown option with the closest known one, an option missing its value, a
 * flag given a value.
 */
export function checkCommandLine(argv: readonly string[], options: Options): void {
  const { tokens } = parseArgs({ args: [...argv], options, allowPositionals: true, strict: false, tokens: true });
  const flags = Object.entries(options).flatMap(([name, option]) => [`--${name}`, ...(option.short ? [`-${option.short}`] : [])]);
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    const option = options[token.name];
    if (!option) throw new UsageError(`unknown option ${token.rawName}${didYouMean(token.rawName, flags)}`);
    // `-f --staged`: parseArgs (strict) would call the next option an ambiguous value.
    const missing = token.value === undefined || (!token.inlineValue && token.value.startsWith("-"));
    if (option.type === "string" && missing) throw new UsageError(`${token.rawName} needs a value`);
    if (option.type === "boolean" && token.inlineValue) throw new UsageError(`${token.rawName} takes no value`);
  }
}

/** ` (did you mean X?)` when one candidate is close to `input` (edits, transpositions), else "". */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const closest = closestOption(input, candidates);
  return closest === undefined ? "" : ` (did you mean ${closest}?)`;
}

/** `unknown format "sarf" (did you mean sarif? valid formats: stylish, json, sarif, ...)`. */
export function unknownChoice(what: string, value: string, choices: readonly string[], listName: string): UsageError {
  const closest = closestOption(value, choices);
  return new UsageError(`unknown ${what} "${value}" (${closest ? `did you mean ${closest}? ` : ""}${listName}: ${choices.join(", ")})`);
}

/** The option or choice nearest to `input`, leading dashes ignored (`formt` -> `--format`). */
function closestOption(input: string, candidates: readonly string[]): string | undefined {
  return closestMatch(input, candidates, (text) => text.replace(/^-+/, "").toLowerCase());
}

/**
 * A git failure of `--staged` / `--changed-since` in plain words: "not a git repository",
 * "unknown revision X", git missing. Anything else keeps git's own first line. (Outside a repository
 * `git diff --cached` only says "unknown option `cached'": the work tree is asked, on failure only.)
 */
export function plainGitError(
  error: unknown,
  context: { readonly root: string; readonly rootArg: string; readonly flag: string; readonly ref?: string },
): unknown {
  if (!(error instanceof GitError)) return error;
  const { message } = error;
  if (/\bENOENT\b/.test(message)) return new GitError(`git is not installed (or not on PATH); ${context.flag} needs it`);
  if (/not a git repository/i.test(message) || !isGitWorkTree(context.root)) {
    return new GitError(`not a git repository: ${context.rootArg} (${context.flag} needs the git repository the files are in)`);
  }
  if (context.ref !== undefined && /^git (?:rev-parse --verify|merge-base)|unknown revision|bad revision|ambiguous argument/i.test(message)) {
    return new GitError(
      `unknown revision "${context.ref}" (--changed-since needs a branch, tag or commit of this repository; in a shallow CI checkout, fetch it first)`,
    );
  }
  return error;
}

/** The absolute ROOT of `rootArg`: an existing, readable directory, else a usage error. */
export function resolveRoot(rootArg: string, cwd: string): string {
  const root = resolve(cwd, rootArg);
  const stats = statOrUndefined(root);
  if (!stats) throw new UsageError(`ROOT "${rootArg}" does not exist`);
  if (!stats.isDirectory()) throw new UsageError(`ROOT "${rootArg}" is not a directory`);
  try {
    readdirSync(root);
  } catch (error) {
    throw new UsageError(`ROOT "${rootArg}" cannot be read (${(error as NodeJS.ErrnoException).code ?? "error"})`);
  }
  return root;
}

export function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** The value of the last of these options (by long name) on the command line, if any. */
export function lastOptionValue(tokens: readonly { kind: string; name?: string; value?: string | undefined }[], ...names: string[]): string | undefined {
  let value: string | undefined;
  for (const token of tokens) if (token.kind === "option" && names.includes(token.name ?? "") && token.value !== undefined) value = token.value;
  return value;
}

/**
 * Makes sure `file` can be written before any work starts: its directory exists (created) and is
 * writable, and the file is not a directory and, when it exists, writable. Throws the
 * {@link UsageError} that writing would.
 */
export function prepareOutput(file: string): void {
  try {
    try {
      mkdirSync(dirname(file), { recursive: true });
    } catch (error) {
      // A file where a directory of the path should be: mkdir says EEXIST, writing would say ENOTDIR.
      if ((error as NodeJS.ErrnoException).code === "EEXIST") throw Object.assign(new Error("not a directory"), { code: "ENOTDIR" });
      throw error;
    }
    accessSync(dirname(file), constants.W_OK);
    const stats = statOrUndefined(file);
    if (stats?.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    if (stats) accessSync(file, constants.W_OK);
  } catch (error) {
    throw new UsageError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** Writes an output file (directories created); a failure is a usage error naming the file. */
export function writeOutput(file: string, text: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
}

/** `file` relative to the working directory when it is below it, else absolute. */
export function relativeToCwd(cwd: string, file: string): string {
  const path = relative(cwd, file);
  return path.startsWith("..") || isAbsolute(path) ? file : path;
}
