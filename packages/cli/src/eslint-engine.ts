/**
 * The per-file half of the check: our ESLint rules, run through ESLint's Node API with our plugin
 * and the target's registry, never with the target's own ESLint config, plugins or node_modules.
 */
import { join } from "node:path";
import { ESLint, type Linter, type Rule } from "eslint";
import tsParser from "@typescript-eslint/parser";
import plugin from "eslint-plugin-secret-guardrails";
import {
  analysisErrorFinding,
  isCategory,
  qualifiedRuleId,
  redactLiterals,
  redactedErrorLine,
  type Category,
  type Finding,
  type PrismaModel,
  type SecretRegistry,
} from "@secret-guardrails/core";

export const PLUGIN_NAMESPACE = "secret-guardrails";
const SCRIPT_FILES = "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}";


export interface SourceText {
  /** POSIX, relative to the root. */
  readonly file: string;
  readonly text: string;
}

type AnyRule = Rule.RuleModule & { meta?: { docs?: { category?: string } } };

export interface EslintEngine {
  /** Lints one file's text; a parse error becomes an `analysis-error` finding. */
  lint(source: SourceText): Promise<Finding[]>;
}

/**
 * What a rule reported beyond ESLint's `LintMessage`: the secret (`data.secret`), keyed by
 * position and message id while one file is linted.
 */
class ReportCapture {
  private readonly secrets = new Map<string, string>();

  constructor(private readonly registry: SecretRegistry) {}

  reset(): void {
    this.secrets.clear();
  }

  record(descriptor: Rule.ReportDescriptor): void {
    const secret = secretOf(descriptor, this.registry);
    if (secret === undefined || !("messageId" in descriptor) || !descriptor.messageId) return;
    const start = startOf(descriptor);
    if (start) this.secrets.set(`${start.line}:${start.column + 1}:${descriptor.messageId}`, secret);
  }

  secretAt(message: Linter.LintMessage): string | undefined {
    return this.secrets.get(`${message.line}:${message.column}:${message.messageId ?? ""}`);
  }
}

function secretOf(descriptor: Rule.ReportDescriptor, registry: SecretRegistry): string | undefined {
  const data = descriptor.data as Record<string, unknown> | undefined;
  if (!data) return undefined;
  const named = typeof data.secret === "string" ? data.secret : typeof data.field === "string" ? data.field : undefined;
  if (named !== undefined) return registry.secret(named)?.field ?? named;
  for (const value of Object.values(data)) {
    if (typeof value === "string" && registry.secret(value)?.field === value) return value;
  }
  return undefined;
}

function startOf(descriptor: Rule.ReportDescriptor): { line: number; column: number } | undefined {
  if ("loc" in descriptor && descriptor.loc) {
    return "start" in descriptor.loc ? descriptor.loc.start : descriptor.loc;
  }
  if ("node" in descriptor && descriptor.node?.loc) return descriptor.node.loc.start;
  return undefined;
}

/** Our plugin with each rule's `context.report` observed (to recover the secret of a report). */
function observedPlugin(capture: ReportCapture): { plugin: ESLint.Plugin; categories: Map<string, Category> } {
  const rules: Record<string, Rule.RuleModule> = {};
  const categories = new Map<string, Category>();
  for (const [name, rule] of Object.entries(plugin.rules as unknown as Record<string, AnyRule>)) {
    const category = rule.meta?.docs?.category;
    if (isCategory(category)) categories.set(qualifiedRuleId(name), category);
    rules[name] = {
      ...rule,
      create(context) {
        const observed = Object.create(context, {
          report: {
            value(descriptor: Rule.ReportDescriptor) {
              capture.record(descriptor);
              context.report(descriptor);
            },
          },
        }) as Rule.RuleContext;
        return rule.create(observed);
      },
    };
  }
  return { plugin: { meta: plugin.meta, rules }, categories };
}

/**
 * `models` are the parsed Prisma models behind `registry`: handed to the plugin with the config so
 * its rules see `@@map` table names and discovered secrets without parsing the schema again.
 */
export function createEslintEngine(root: string, registry: SecretRegistry, models: readonly PrismaModel[] = []): EslintEngine {
  const capture = new ReportCapture(registry);
  const { plugin: observed, categories } = observedPlugin(capture);
  const config: Linter.Config[] = [
    {
      name: "secret-guardrails/cli",
      // ESLint lints only files that a non-universal `files` pattern matches (not `**/*`).
      files: [...registry.include, SCRIPT_FILES],
      languageOptions: {
        parser: tsParser as unknown as Linter.Parser,
        ecmaVersion: "latest",
        sourceType: "module",
        parserOptions: { ecmaFeatures: { jsx: true } },
      },
      linterOptions: { reportUnusedDisableDirectives: "off", reportUnusedInlineConfigs: "off" },
      plugins: { [PLUGIN_NAMESPACE]: observed },
      settings: { [PLUGIN_NAMESPACE]: { config: registry.toConfig(), prismaModels: models } },
      rules: plugin.configs.recommended.rules as Linter.RulesRecord,
    },
  ];
  const eslint = new ESLint({ cwd: root, overrideConfigFile: true, overrideConfig: config, ignore: false });

  return {
    async lint(source) {
      capture.reset();
      let result: ESLint.LintResult | undefined;
      try {
        [result] = await eslint.lintText(source.text, { filePath: join(root, source.file), warnIgnored: false });
      } catch (error) {
        // A rule (or ESLint) threw on this file: report it and go on with the others, where
        // ESLint's own CLI would end the whole run.
        return [ruleFailureFinding(source.file, error)];
      }
      const findings: Finding[] = [];
      for (const message of result?.messages ?? []) {
        const finding = toFinding(source.file, message, categories, capture);
        if (finding) findings.push(finding);
      }
      return findings;
    },
  };
}

function ruleFailureFinding(file: string, error: unknown): Finding {
  // "<cause>\nOccurred while linting <file>:<line>\nRule: "<rule>"", or, when `create` threw,
  // "Error while loading rule '<rule>': <cause>\nOccurred while linting <file>".
  const message = error instanceof Error ? error.message : String(error);
  const loading = /^Error while loading rule '([^']+)': /.exec(message);
  const rule = loading?.[1] ?? /^Rule: "([^"]+)"/m.exec(message)?.[1];
  const cause = redactedErrorLine(message.slice(loading?.[0].length ?? 0));
  const reason = `${rule ? `the rule ${rule}` : "ESLint"} failed on it (${cause}); this is a bug in Secret Guardrails, please report it`;
  return { ...analysisErrorFinding({ file, reason }), engine: "eslint" };
}

function toFinding(
  file: string,
  message: Linter.LintMessage,
  categories: ReadonlyMap<string, Category>,
  capture: ReportCapture,
): Finding | undefined {
  if (message.fatal) {
    const reason = `syntax error: ${redactParserMessage(message.message.replace(/^Parsing error: /, "").replace(/\.$/, ""))}`;
    // typescript-estree's error column is 0-based and ESLint passes it through: make it 1-based.
    const column = (message.column || 0) + 1;
    return { ...analysisErrorFinding({ file, reason, line: message.line || 1, column }), engine: "eslint" };
  }
  const category = message.ruleId ? categories.get(message.ruleId) : undefined;
  // Other messages (inline config naming rules we do not load, directives) are not ours.
  if (!message.ruleId || !category) return undefined;
  const secret = capture.secretAt(message);
  return {
    ruleId: message.ruleId,
    category,
    engine: "eslint",
    severity: message.severity === 2 ? "error" : "warning",
    file,
    line: message.line,
    column: message.column,
    endLine: message.endLine ?? message.line,
    endColumn: message.endColumn ?? message.column,
    message: message.message,
    ...(secret !== undefined ? { secret } : {}),
  };
}

/**
 * Parser messages quote expected tokens (`',' expected`), never values as far as we know; to be
 * sure, every quoted text that is not a punctuation token or a keyword is redacted.
 */
export function redactParserMessage(text: string): string {
  return text.replace(/(['"`])([^'"`\n]*)\1/g, (whole, _quote: string, inner: string) =>
    /^[^\w\s]{1,4}$/.test(inner) || /^[a-z]{1,12}$/.test(inner) ? whole : redactLiterals(whole),
  );
}
