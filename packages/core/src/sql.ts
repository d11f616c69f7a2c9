import type { SecretEntry, SecretRegistry, SettingsModel } from "./registry.js";

/** What a raw SQL statement writes, as far as the statement text tells. */
export interface SqlWrite {
  readonly kind: "update" | "insert";
  readonly model: SettingsModel;
  /** Registered secrets set to something other than NULL. */
  readonly secrets: readonly SecretEntry[];
  /** A column is chosen at run time (an interpolation where a column name goes): any secret may be written. */
  readonly dynamicColumn?: boolean;
  /** Registered secrets set to NULL (a cleanup). */
  readonly cleared: readonly SecretEntry[];
}

/** What a raw SQL statement reads from a settings table. */
export interface SqlRead {
  readonly model: SettingsModel;
  /** The secret columns selected; every one for `SELECT *` or a column chosen at run time. */
  readonly secrets: readonly SecretEntry[];
}

/** A placeholder for an interpolated value (`$1`), as callers build statement texts. */
const PLACEHOLDER = /^\$\d+$/;

const IDENT = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\]|[A-Za-z_][\w$]*|\$\d+)`;
const QUALIFIED = String.raw`(?:${IDENT}\s*\.\s*)?(${IDENT})`;

/**
 * Finds UPDATE/INSERT statements on a settings table that set a registered secret column.
 * `sql` is the statement text with each interpolation replaced by a placeholder such as `$1`.
 */
export function findSecretSqlWrites(sql: string, registry: SecretRegistry): SqlWrite[] {
  const text = stripSqlComments(sql);
  const writes: SqlWrite[] = [];
  for (const statement of splitStatements(text)) {
    const update = new RegExp(String.raw`\bupdate\s+(?:only\s+)?${QUALIFIED}(?:\s+(?:as\s+)?[A-Za-z_]\w*)?\s+set\b([\s\S]*?)(?:\bwhere\b|\breturning\b|\bfrom\b|$)`, "i").exec(statement);
    if (update) {
      const model = registry.settingsModelForTable(unquoteIdent(update[1]!));
      if (model) {
        const all = assignments(update[2]!);
        const set = all.filter(([, value]) => !/^null$/i.test(value.trim()));
        const dynamicColumn = set.some(([column]) => PLACEHOLDER.test(column));
        const secrets = set.map(([column]) => registry.secret(column)).filter((secret): secret is SecretEntry => secret !== undefined);
        const cleared = all
          .filter(([, value]) => /^null$/i.test(value.trim()))
          .map(([column]) => registry.secret(column))
          .filter((secret): secret is SecretEntry => secret !== undefined);
        if (secrets.length > 0 || dynamicColumn || cleared.length > 0) {
          writes.push({ kind: "update", model, secrets: unique(secrets), cleared: unique(cleared), ...(dynamicColumn ? { dynamicColumn } : {}) });
        }
      }
      continue;
    }
    const insert = new RegExp(String.raw`\binsert\s+into\s+${QUALIFIED}\s*\(([^)]*)\)`, "i").exec(statement);
    if (insert) {
      const model = registry.settingsModelForTable(unquoteIdent(insert[1]!));
      if (model) {
        const columns = insert[2]!.split(",").map((column) => unquoteIdent(column.trim()));
        // The upsert's update part sets columns of its own: `ON CONFLICT (...) DO UPDATE SET x = ...`
        // (PostgreSQL, SQLite) or `ON DUPLICATE KEY UPDATE x = ...` (MySQL).
        const upsert = /\bon\s+(?:conflict\b[\s\S]*?\bdo\s+update\s+set|duplicate\s+key\s+update)\b([\s\S]*?)(?:\bwhere\b|\breturning\b|$)/i.exec(statement.slice(insert.index + insert[0].length));
        const updated = upsert ? assignments(upsert[1]!) : [];
        const setColumns = [...columns, ...updated.filter(([, value]) => !/^null$/i.test(value.trim())).map(([column]) => column)];
        const dynamicColumn = setColumns.some((column) => PLACEHOLDER.test(column));
        const secrets = setColumns.map((column) => registry.secret(column)).filter((secret): secret is SecretEntry => secret !== undefined);
        const cleared = updated
          .filter(([, value]) => /^null$/i.test(value.trim()))
          .map(([column]) => registry.secret(column))
          .filter((secret): secret is SecretEntry => secret !== undefined && !secrets.includes(secret));
        if (secrets.length > 0 || dynamicColumn || cleared.length > 0) {
          writes.push({ kind: "insert", model, secrets: unique(secrets), cleared: unique(cleared), ...(dynamicColumn ? { dynamicColumn } : {}) });
        }
      }
    }
  }
  return writes;
}

/**
 * Finds SELECT statements on a settings table and the secret columns they return
 * (`SELECT *`, `t.*` and run-time columns return every secret).
 */
export function findSecretSqlReads(sql: string, registry: SecretRegistry): SqlRead[] {
  const reads: SqlRead[] = [];
  for (const statement of splitStatements(stripSqlComments(sql))) {
    const select = new RegExp(String.raw`\bselect\s+(?:distinct\s+)?([\s\S]*?)\s+from\s+${QUALIFIED}`, "i").exec(statement);
    if (!select) continue;
    const model = registry.settingsModelForTable(unquoteIdent(select[2]!));
    if (!model) continue;
    const columns = splitTopLevel(select[1]!).map((column) => column.trim());
    const all = columns.some((column) => /(^|\.)\*$/.test(column) || PLACEHOLDER.test(column));
    const secrets = all
      ? registry.secrets.filter((secret) => model.schema === undefined || model.schema.fields.some((field) => field.name === secret.field))
      : columns
          .map((column) => {
            const name = /(?:^|\.)\s*("[^"]+"|\x60[^\x60]+\x60|[A-Za-z_][\w$]*)(?:\s+(?:as\s+)?("[^"]+"|[A-Za-z_][\w$]*))?$/i.exec(column);
            return name ? registry.secret(unquoteIdent(name[1]!)) : undefined;
          })
          .filter((secret): secret is SecretEntry => secret !== undefined);
    reads.push({ model, secrets: unique(secrets) });
  }
  return reads;
}

/** Statements of a text, split at `;` outside quotes (a literal may hold a `;`). */
export function splitStatements(text: string): string[] {
  const statements: string[] = [];
  let current = "";
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const char = text[index]!;
    if (quote) {
      current += char;
      if (char === quote) {
        if (text[index + 1] === quote) {
          current += text[++index];
          continue;
        }
        quote = undefined;
      }
      continue;
    }
    if (char === "'" || char === '"' || char === "\x60") {
      quote = char;
      current += char;
      continue;
    }
    if (char === ";") {
      statements.push(current);
      current = "";
      continue;
    }
    current += char;
  }
  statements.push(current);
  return statements;
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
