/**
 * `guardrail-report [ROOT] [check options...]`: the CI entry point (the GitHub Action runs it). One
 * `guardrails check` writing every report into `$GUARDRAIL_REPORT_DIR` (default `guardrail-report/`):
 * `report.json` (the contract), `report.sarif` (code scanning), `summary.md` (appended to
 * `$GITHUB_STEP_SUMMARY` when set); the stylish report on stdout, plus the annotations when
 * `GITHUB_ACTIONS=true`. Exits with the check's code.
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { EXIT_FAILURE, EXIT_OK, main } from "./main.js";
import type { MainIo } from "./main-io.js";
import { escapeControl } from "./reporters/escape.js";

const REPORT_FILES = { json: "report.json", sarif: "report.sarif", markdown: "summary.md", github: "annotations.txt" } as const;

export const REPORT_USAGE = `Usage: guardrail-report [ROOT] [more \`guardrails check\` options...]

Runs \`guardrails check ROOT\` (default .) once and writes into $GUARDRAIL_REPORT_DIR (default
guardrail-report/): report.json (the JSON report), report.sarif (SARIF 2.1.0, for code scanning) and
summary.md (Markdown, also appended to $GITHUB_STEP_SUMMARY when set). Prints the stylish report, and
the annotations when GITHUB_ACTIONS=true. Exits with the check's code: 0 clean, 1 findings, 2 error.
`;

export async function guardrailReport(argv: readonly string[], io: MainIo): Promise<number> {
  const env = io.env ?? process.env;
  const cwd = io.cwd ?? process.cwd();
  if (argv[0] === "--help" || argv[0] === "-h") {
    io.stdout.write(REPORT_USAGE);
    return EXIT_OK;
  }
  // `guardrail-report --config x` checks `.`: the first operand is ROOT only when it is no option.
  const [root, rest] = argv[0] !== undefined && !argv[0].startsWith("-") ? [argv[0], argv.slice(1)] : [".", argv];
  const dir = resolve(cwd, env.GUARDRAIL_REPORT_DIR || "guardrail-report");
  const file = (name: string) => join(dir, name);
  const inActions = env.GITHUB_ACTIONS === "true";
  try {
    // Never leave a previous run's reports behind to be mistaken for this one's.
    mkdirSync(dir, { recursive: true });
    for (const name of Object.values(REPORT_FILES)) rmSync(file(name), { force: true });
  } catch (error) {
    io.stderr.write(`guardrail-report: cannot prepare ${escapeControl(dir)} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})\n`);
    return EXIT_FAILURE;
  }
  const formats = [
    ...["json", "sarif", "markdown", ...(inActions ? ["github"] : [])].flatMap((format) => [
      "--format",
      format,
      "--output-file",
      file(REPORT_FILES[format as keyof typeof REPORT_FILES]),
    ]),
    "--format",
    "stylish",
  ];
  const code = await main(["check", root, ...formats, ...rest], io);
  if (inActions && existsSync(file(REPORT_FILES.github))) io.stdout.write(readFileSync(file(REPORT_FILES.github), "utf8"));
  const summary = env.GITHUB_STEP_SUMMARY;
  if (summary && existsSync(file(REPORT_FILES.markdown))) appendFileSync(summary, readFileSync(file(REPORT_FILES.markdown), "utf8"));
  return code;
}
