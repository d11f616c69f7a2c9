import type { Node, Project, SourceFile } from "ts-morph";
import {
  docsUrl,
  qualifiedRuleId,
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
  /** The one project load of the run, shared by all checks. */
  readonly project: Project;
  /** Files the pre-scan found relevant (they mention a settings delegate, a secret, an admin marker or raw SQL). */
  readonly relevantFiles: readonly SourceFile[];
  /** Files outside the project that some checks read as text (the admin UI, `schema.prisma`), relative POSIX. */
  readonly textFiles: ReadonlyMap<string, string>;
  /** POSIX path of a source file relative to the root. */
  relativePath(file: SourceFile | string): string;
}

export interface CheckMeta<MessageId extends string> {
  /** Imperative, no final period. */
  readonly description: string;
  readonly category: Category;
  readonly defaultSeverity: Severity;
  /** Message templates with `{{placeholders}}`: the problem and the fix. */
  readonly messages: Readonly<Record<MessageId, string>>;
}

export interface Check<MessageId extends string = string> {
  /** kebab-case id; the rule id in reports is `secret-guardrails/<id>`, the doc `docs/rules/<id>.md`. */
  readonly id: string;
  readonly meta: CheckMeta<MessageId> & { readonly docsUrl: string };
  /** Returns findings; never prints. */
  run(context: CheckContext, report: Reporter<MessageId>): void;
}

export interface ReportDescriptor<MessageId extends string> {
  readonly messageId: MessageId;
  readonly data?: Readonly<Record<string, string>>;
  readonly secret?: string;
  readonly related?: readonly RelatedLocation[];
}

/** Reports at a node (its start to its end), or at an explicit location for non-TS files. */
export interface Reporter<MessageId extends string> {
  atNode(node: Node, descriptor: ReportDescriptor<MessageId>): void;
  atLocation(
    location: { file: string; line: number; column: number; endLine?: number; endColumn?: number },
    descriptor: ReportDescriptor<MessageId>,
  ): void;
}

export function defineCheck<MessageId extends string>(definition: {
  id: string;
  meta: CheckMeta<MessageId>;
  run: Check<MessageId>["run"];
}): Check<MessageId> {
  return { ...definition, meta: { ...definition.meta, docsUrl: docsUrl(definition.id) } };
}

/** Fills `{{name}}` placeholders. */
export function formatMessage(template: string, data: Readonly<Record<string, string>> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}

/** Runs one check and collects its findings. */
export function runCheck<MessageId extends string>(check: Check<MessageId>, context: CheckContext): Finding[] {
  const findings: Finding[] = [];
  const base = {
    ruleId: qualifiedRuleId(check.id),
    category: check.meta.category,
    engine: "checker" as const,
    severity: check.meta.defaultSeverity,
  };
  const extras = (descriptor: ReportDescriptor<MessageId>) => ({
    message: formatMessage(check.meta.messages[descriptor.messageId], descriptor.data),
    ...(descriptor.secret !== undefined ? { secret: descriptor.secret } : {}),
    ...(descriptor.related && descriptor.related.length > 0 ? { related: descriptor.related } : {}),
  });
  check.run(context, {
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
