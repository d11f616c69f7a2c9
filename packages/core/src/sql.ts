import type { SecretEntry, SecretRegistry, SettingsModel } from "./registry.js";

/** What a raw SQL statement writes, as far as the statement text tells. */
export interface SqlWrite {
  readonly kind: "update" | "insert";
  readonly model: SettingsModel;
  /** Registered secrets set to something other than NULL. */
  readonly secrets: readonly SecretEntry[];
}

const IDENT = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\]|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`(?:${IDENT}\s*\.\s*)?(${IDENT})`;

/**
 * Finds UPDATE/INSERT statements on a settings table that set a registered secret column.
 * `sql` is the statement text with each interpolation replaced by a placeholder such as `$1`.
 */
export function findSecretSqlWrites(sql: string, registry: SecretRegistry): SqlWrite[] {
  const text = stripSqlComments(sql);
  const writes: SqlWrite[] = [];
  for (const statement of text.split(";")) {
    const update = new RegExp(String.raw`\bupdate\s+(?:only\s+)?${QUALIFIED}(?:\s+(?:as\s+)?[A-Za-z_]\w*)?\s+set\b([\s\S]*?)(?:\bwhere\b|\breturning\b|\bfrom\b|$)`, "i").exec(statement);
    if (update) {
      const model = registry.settingsModelForTable(unquoteIdent(update[1]!));
      if (model) {
        const secrets = assignments(update[2]!)
          .filter(([, value]) => !/^null$/i.test(value.trim()))
          .map(([column]) => registry.secret(column))
          .filter((secret): secret is SecretEntry => secret !== undefined);
        if (secrets.length > 0) writes.push({ kind: "update", model, secrets: unique(secrets) });
      }
      continue;
    }
    const insert = new RegExp(String.raw`\binsert\s+into\s+${QUALIFIED}\s*\(([^)]*)\)`, "i").exec(statement);
    if (insert) {
      const model = registry.settingsModelForTable(unquoteIdent(insert[1]!));
      if (model) {
        const secrets = insert[2]!
          .split(",")
          .map((column) => registry.secret(unquoteIdent(column.trim())))
          .filter((secret): secret is SecretEntry => secret !== undefined);
        if (secrets.length > 0) writes.push({ kind: "insert", model, secrets: unique(secrets) });
      }
    }
  }
  return writes;
}

/** Does the statement text mention UPDATE/INSERT at all (a cheap pre-filter)? */
export function looksLikeSqlWrite(sql: string): boolean {
  return /\b(update|insert)\b/i.test(sql);
}

function assignments(setClause: string): Array<[string, string]> {
  const result: Array<[string, string]> = [];
  for (const part of splitTopLevel(setClause)) {
    const match = new RegExp(String.raw`^\s*${QUALIFIED}\s*=\s*([\s\S]*)$`).exec(part);
    if (match) result.push([unquoteIdent(match[1]!), match[2]!]);
  }
  return result;
}

function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let current = "";
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === "(") {
      depth++;
    } else if (char === ")") {
      depth--;
    } else if (char === "," && depth === 0) {
      parts.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  parts.push(current);
  return parts;
}

function unquoteIdent(ident: string): string {
  return ident.replace(/^["`[](.*)["`\]]$/, "$1");
}

function stripSqlComments(sql: string): string {
  return sql.replace(/--[^\n]*/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
