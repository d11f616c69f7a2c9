import type { Category, Severity } from "./categories.js";
import { compareStrings } from "./strings.js";

export type Engine = "eslint" | "checker";

/** Every engine, in the order reports list them (SARIF has one run per engine). */
export const ENGINES: readonly Engine[] = ["eslint", "checker"];

/** A secondary location of a cross-file flow ("written here, came from there"). */
export interface RelatedLocation {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

/**
 * One problem, as both engines report it and every reporter prints it.
 * `file` is POSIX and relative to the scanned root; positions are 1-based, end exclusive.
 */
export interface Finding {
  readonly ruleId: string;
  readonly category: Category;
  readonly engine: Engine;
  readonly severity: Severity;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly message: string;
  /** The registered secret (settings field name) concerned, when there is one. */
  readonly secret?: string;
  readonly related?: readonly RelatedLocation[];
}

/** The contract's order: file, line, column, ruleId (then the other fields, so the order is total). */
function compareFindings(a: Finding, b: Finding): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.ruleId, b.ruleId) ||
    compareStrings(a.message, b.message) ||
    compareStrings(a.engine, b.engine) ||
    compareStrings(a.secret ?? "", b.secret ?? "") ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn
  );
}

export function sortFindings<T extends Finding>(findings: readonly T[]): T[] {
  return [...findings].sort(compareFindings);
}
