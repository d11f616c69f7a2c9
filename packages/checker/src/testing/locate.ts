/**
 * Test helpers: where a snippet sits in a fixture file (1-based line/column, end exclusive), and
 * the full finding a check is expected to produce there.
 */
import { qualifiedRuleId, ruleNameOf, type Finding } from "@secret-guardrails/core";
import { formatMessage, type Check } from "../check.js";

export interface Span {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/**
 * The span of `snippet` in `files[file]`: its `occurrence`-th (0-based) occurrence, or, when
 * `occurrence` is a string, its first occurrence after the first occurrence of that context.
 */
export function locate(files: Readonly<Record<string, string>>, file: string, snippet: string, occurrence: number | string = 0): Span {
  const text = files[file];
  if (text === undefined) throw new Error(`no fixture file ${file}`);
  let index = -1;
  if (typeof occurrence === "string") {
    index = text.indexOf(occurrence) - 1;
    if (index < -1) throw new Error(`context not found in ${file}: ${occurrence}`);
    occurrence = 0;
  }
  for (let i = 0; i <= occurrence; i++) {
    index = text.indexOf(snippet, index + 1);
    if (index < 0) throw new Error(`snippet not found in ${file}: ${snippet}`);
  }
  const start = position(text, index);
  const end = position(text, index + snippet.length);
  return { file, line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split("\n");
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** The finding `check` reports at `span` with `messageId` and `data`. */
export function expectedFinding<MessageIds extends string>(
  check: Check<MessageIds>,
  span: Span,
  messageId: MessageIds,
  data: Readonly<Record<string, string>>,
  extra: { secret?: string; related?: Finding["related"] } = {},
): Finding {
  return {
    ruleId: qualifiedRuleId(ruleNameOf(check.meta.category, check.id)),
    category: check.meta.category,
    engine: "checker",
    severity: check.meta.defaultSeverity,
    ...span,
    message: formatMessage(check.meta.messages[messageId], data),
    ...(extra.secret !== undefined ? { secret: extra.secret } : {}),
    ...(extra.related && extra.related.length > 0 ? { related: extra.related } : {}),
  };
}
