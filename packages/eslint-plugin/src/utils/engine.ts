/**
 * The ESLint driver of the value-flow engine: one analysis per file, shared by the rules (ESLint
 * runs every rule's `create` on a file before the next file), each rule reporting its category.
 * The engine gets the file's TypeScript tree from `@typescript-eslint/parser` when the parser's
 * TypeScript is the one the plugin loads, else parses the text itself; it stays inside the file
 * (no imports followed), so what it reports here it reports in the checker too.
 */
import { createRequire } from "node:module";
import type { TSESLint } from "@typescript-eslint/utils";
import { Analysis, AnalysisBudgetError, isTreeOf, type EngineFinding, type TS, type Ts } from "@secret-guardrails/analysis";
import { redactedErrorLine, type Category, type SecretRegistry } from "@secret-guardrails/core";
import { lintedFilePath } from "./linted-path.js";
import { getRegistry, SETTINGS_KEY, type PluginSettings } from "./registry.js";

type AnyContext = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

let typescript: Ts | undefined;

/** The plugin's TypeScript (a peer dependency, as for typescript-eslint). */
function loadTypeScript(): Ts {
  typescript ??= createRequire(import.meta.url)("typescript") as Ts;
  return typescript;
}

interface FileResult {
  readonly file: string;
  readonly text: string;
  readonly registry: SecretRegistry;
  readonly sourceFile: TS.SourceFile;
  readonly findings: readonly EngineFinding[];
  readonly error?: string;
}

/** The last file's analysis: the rules of one file share it. */
let last: FileResult | undefined;

/** The message of a file whose analysis ran out of time (reported once per file, by `no-secret-settings-write`). */
export const FILE_NOT_ANALYSED =
  "This file was not analysed: {{reason}}. A file that is not analysed is never a silent pass; split it, or exclude it in guardrails.config.json.";

/** How long the analysis of one file may take in the editor (a runaway is reported, not a hang). */
const DEFAULT_FILE_BUDGET_MS = 10_000;

/** The engine's findings for the file being linted (every category; each rule takes its own). */
function analyseFile(context: AnyContext): FileResult {
  const registry = getRegistry(context);
  const { sourceCode, filename } = context;
  const text = sourceCode.text;
  if (last && last.file === filename && last.text === text && last.registry === registry) return last;
  const ts = loadTypeScript();
  const services = sourceCode.parserServices as { esTreeNodeToTSNodeMap?: { get(node: unknown): unknown }; program?: TS.Program | null } | undefined;
  const parsed = services?.esTreeNodeToTSNodeMap?.get(sourceCode.ast) as TS.SourceFile | undefined;
  const sourceFile =
    parsed && isTreeOf(ts, parsed) && parsed.text === text
      ? parsed
      : ts.createSourceFile(filename, text, ts.ScriptTarget.Latest, true, scriptKind(ts, filename));
  const settings = (context.settings[SETTINGS_KEY] ?? {}) as PluginSettings;
  const relative = lintedFilePath(filename, settings.root ?? context.cwd);
  // Type information only for the parser's own tree (its nodes are the program's).
  const checker = services?.program && sourceFile === parsed ? services.program.getTypeChecker() : undefined;
  const budget = typeof settings.fileBudgetMs === "number" && settings.fileBudgetMs >= 0 ? settings.fileBudgetMs : DEFAULT_FILE_BUDGET_MS;
  const analysis = new Analysis({ ts, registry, relativePath: () => relative, fileBudgetMs: budget, ...(checker ? { checker } : {}) });
  let findings: readonly EngineFinding[] = [];
  let error: string | undefined;
  try {
    findings = [...analysis.analyzeFile(sourceFile).findings, ...analysis.finish()];
  } catch (caught) {
    // Out of time, or our own bug: the file is reported as not analysed (never a silent pass), the
    // crash's message redacted (it can quote the code it failed on).
    error =
      caught instanceof AnalysisBudgetError
        ? caught.message
        : `the value-flow analysis failed on it (${redactedErrorLine(caught instanceof Error ? caught.message : String(caught))}); this is a bug in Secret Guardrails, please report it`;
  }
  last = { file: filename, text, registry, sourceFile, findings, ...(error ? { error } : {}) };
  return last;
}

function scriptKind(ts: Ts, filename: string): TS.ScriptKind {
  if (/\.tsx$/i.test(filename)) return ts.ScriptKind.TSX;
  if (/\.jsx$/i.test(filename)) return ts.ScriptKind.JSX;
  if (/\.[cm]?js$/i.test(filename)) return ts.ScriptKind.JS;
  return ts.ScriptKind.TS;
}

/** ESLint's location of an engine node (lines 1-based, columns 0-based). */
function locationOf(sourceFile: TS.SourceFile, node: TS.Node): TSESLint.AST.SourceLocation {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.end);
  return { start: { line: start.line + 1, column: start.character }, end: { line: end.line + 1, column: end.character } };
}

/**
 * Reports the engine's findings of one category with `context.report`. `keep` filters them (rule
 * options); suggestions become ESLint suggestions.
 */
export function reportCategory<MessageId extends string>(
  context: Readonly<TSESLint.RuleContext<MessageId, readonly unknown[]>>,
  category: Category,
  keep: (finding: EngineFinding) => boolean = () => true,
): void {
  const result = analyseFile(context as unknown as AnyContext);
  if (result.error && category === "secret-settings-write") {
    context.report({ loc: { line: 1, column: 0 }, messageId: "fileNotAnalysed" as MessageId, data: { reason: result.error } });
  }
  for (const finding of result.findings) {
    if (finding.category !== category || !keep(finding)) continue;
    const suggest = finding.suggestions?.map((suggestion) => ({
      messageId: suggestion.messageId as unknown as MessageId,
      data: suggestion.data,
      fix: (fixer: TSESLint.RuleFixer) => suggestion.edits.map((edit) => fixer.replaceTextRange([edit.start, edit.end], edit.text)),
    }));
    context.report({
      loc: locationOf(result.sourceFile, finding.node),
      messageId: finding.messageId as unknown as MessageId,
      // The secret the engine names goes along even when the message lists it among others
      // (`secretSqlWrite`: "'imapPassword' (column ...)"): the CLI keys a finding (and its baseline
      // entry) by it, as it keys the checker's finding of the same write.
      data: finding.secret !== undefined && finding.data.secret === undefined ? { ...finding.data, secret: finding.secret } : finding.data,
      ...(suggest && suggest.length > 0 ? { suggest } : {}),
    });
  }
}
