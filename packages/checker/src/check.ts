import type { Node, Project, SourceFile } from "ts-morph";
import type { EngineFinding, TS } from "@secret-guardrails/analysis";
import type { FlowResults } from "./flow.js";
import {
  docsUrl,
  qualifiedRuleId,
  ruleNameOf,
  type Category,
  type Finding,
  type RelatedLocation,
  type SecretRegistry,
  type Severity,
} from "@secret-guardrails/core";

/** What every check gets: one shared ts-morph project, the root and the registry. */
export interface CheckContext {
  /** Absolute path of the scanned root. */
  readonly root: string;
  readonly registry: SecretRegistry;
  /** The admin settings UI (and the components it imports) as a ts-morph project, for the checks that ask the type checker. */
  readonly project: Project;
  /** The syntax trees of the files the pre-scan found relevant (they use a settings delegate, name a secret, ...). */
  readonly relevantFiles: readonly TS.SourceFile[];
  /** Root-relative paths of the files loaded for the checks that could not be parsed (each one an `analysis-error` already). */
  readonly unanalysed: ReadonlySet<string>;
  /** Files outside the project that some checks read as text (the admin UI, `schema.prisma`), relative POSIX. */
  readonly textFiles: ReadonlyMap<string, string>;
  /** POSIX path of a source file relative to the root. */
  relativePath(file: SourceFile | string): string;
  /** The value-flow engine's findings over the relevant files (one analysis, shared by the checks). */
  readonly flow: FlowResults;
}

export interface CheckMeta<MessageIds extends string> {
  /** Imperative, no final period. */
  readonly description: string;
  readonly category: Category;
  readonly defaultSeverity: Severity;
  /** Message templates with `{{placeholders}}`: the problem and the fix. */
  readonly messages: Readonly<Record<MessageIds, string>>;
}

export interface Check<MessageIds extends string = string> {
  /**
   * kebab-case id. The rule id in reports is `secret-guardrails/<id>` and the doc `docs/rules/<id>.md`,
   * except for a category an ESLint rule reports too: then the rule's (see `ruleNameOf`).
   */
  readonly id: string;
  readonly meta: CheckMeta<MessageIds> & { readonly docsUrl: string };
  /** Returns findings; never prints. */
  run(context: CheckContext, report: ReportMethods<MessageIds>): void;
}

export interface ReportDescriptor<MessageIds extends string> {
  readonly messageId: MessageIds;
  readonly data?: Readonly<Record<string, string>>;
  readonly secret?: string;
  readonly related?: readonly RelatedLocation[];
}

/** Reports at a node (its start to its end), or at an explicit location for non-TS files. */
export interface ReportMethods<MessageIds extends string> {
  atNode(node: Node, descriptor: ReportDescriptor<MessageIds>): void;
  /** At a node of the engine's tree (the compiler node of a project file). */
  atCompilerNode(node: TS.Node, descriptor: ReportDescriptor<MessageIds>): void;
  /** An engine finding, with its message id, data, secret and related locations. */
  engineFinding(finding: EngineFinding): void;
  atLocation(
    location: { file: string; line: number; column: number; endLine?: number; endColumn?: number },
    descriptor: ReportDescriptor<MessageIds>,
  ): void;
}

export function defineCheck<MessageIds extends string>(definition: {
  id: string;
  meta: CheckMeta<MessageIds>;
  run: Check<MessageIds>["run"];
}): Check<MessageIds> {
  return { ...definition, meta: { ...definition.meta, docsUrl: docsUrl(ruleNameOf(definition.meta.category, definition.id)) } };
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}

/** Applies one check to the context: its findings (the check reports them through `ReportMethods`). */
export function applyCheck<MessageIds extends string>(check: Check<MessageIds>, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const base = {
    ruleId: qualifiedRuleId(ruleNameOf(check.meta.category, check.id)),
    category: check.meta.category,
    engine: "checker" as const,
    severity: check.meta.defaultSeverity,
  };
  const extras = (descriptor: ReportDescriptor<MessageIds>) => ({
    message: formatMessage(check.meta.messages[descriptor.messageId], descriptor.data),
    ...(descriptor.secret !== undefined ? { secret: descriptor.secret } : {}),
    ...(descriptor.related && descriptor.related.length > 0 ? { related: descriptor.related } : {}),
  });
  const compilerLocation = (node: TS.Node) => {
    const file = node.getSourceFile();
    const start = file.getLineAndCharacterOfPosition(node.getStart(file));
    const end = file.getLineAndCharacterOfPosition(node.end);
    return { file: context.relativePath(file.fileName), line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
  };
  const atCompilerNode = (node: TS.Node, descriptor: ReportDescriptor<MessageIds>) => {
    findings.push({ ...base, ...compilerLocation(node), ...extras(descriptor) });
  };
  check.run(context, {
    atCompilerNode,
    engineFinding(finding) {
      atCompilerNode(finding.node, {
        messageId: finding.messageId as unknown as MessageIds,
        data: finding.data,
        ...(finding.secret !== undefined ? { secret: finding.secret } : {}),
        ...(finding.related
          ? {
              related: finding.related.map((related) => {
                const at = compilerLocation(related.node);
                return { file: at.file, line: at.line, column: at.column, message: related.message };
              }),
            }
          : {}),
      });
    },
    atNode(node, descriptor) {
      const sourceFile = node.getSourceFile();
      const start = sourceFile.getLineAndColumnAtPos(node.getStart());
      const end = sourceFile.getLineAndColumnAtPos(node.getEnd());
      findings.push({
        ...base,
        file: context.relativePath(sourceFile),
        line: start.line,
        column: start.column,
        endLine: end.line,
        endColumn: end.column,
        ...extras(descriptor),
      });
    },
    atLocation(location, descriptor) {
      findings.push({
        ...base,
        file: location.file,
        line: location.line,
        column: location.column,
        endLine: location.endLine ?? location.line,
        endColumn: location.endColumn ?? location.column,
        ...extras(descriptor),
      });
    },
  });
  return findings;
}
