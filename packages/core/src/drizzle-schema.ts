/**
 * Drizzle ORM tables (`pgTable`, `mysqlTable`, `sqliteTable`) read from source text as models, the
 * shape the registry already knows from Prisma: a settings table is found and described the same
 * way whichever ORM declares it. A text scan, never an import: nothing in the scanned repo is run.
 *
 *     export const settings = pgTable("settings", {
 *       id: serial("id").primaryKey(),
 *       smtpPassword: text("smtp_password"),
 *     });
 */
import type { PrismaField, PrismaModel } from "./prisma-schema.js";

const TABLE = /(?:export\s+)?const\s+([A-Za-z_$][\w$]*)\s*=\s*(pgTable|mysqlTable|sqliteTable|[A-Za-z_$][\w$]*Table)\s*\(\s*(['"`])([^'"`\n]+)\3\s*,\s*\{/g;

/** Drizzle column builders by the Prisma type they amount to. */
const TYPES: ReadonlyArray<[RegExp, string]> = [
  [/^(?:text|varchar|char|uuid|citext|string|tinytext|mediumtext|longtext|nvarchar)$/, "String"],
  [/^(?:json|jsonb)$/, "Json"],
  [/^(?:blob|bytea|binary|varbinary)$/, "Bytes"],
  [/^(?:integer|int|serial|smallint|bigint|bigserial|smallserial|tinyint|mediumint|real|doublePrecision|double|numeric|decimal|float)$/, "Int"],
  [/^(?:boolean|bool)$/, "Boolean"],
  [/^(?:timestamp|date|time|datetime|interval)$/, "DateTime"],
];

/** Does the text declare Drizzle tables at all (a cheap pre-filter)? */
export function mayDeclareDrizzleTables(text: string): boolean {
  return /\b(?:pg|mysql|sqlite)Table\s*\(/.test(text);
}

/** The Drizzle tables a source file declares, as models (name: the exported variable; table: the SQL name). */
export function parseDrizzleTables(text: string, file: string): PrismaModel[] {
  const models: PrismaModel[] = [];
  for (const match of text.matchAll(TABLE)) {
    const open = match.index! + match[0].length - 1;
    const close = matchingBrace(text, open);
    if (close < 0) continue;
    const position = lineAndColumn(text, match.index! + match[0].indexOf(match[1]!));
    models.push({
      name: match[1]!,
      table: match[4]!,
      file,
      line: position.line,
      column: position.column,
      fields: columns(text, open + 1, close, file),
      orm: "drizzle",
    });
  }
  return models;
}

/** The columns of a table's object literal between `start` and `end`. */
function columns(text: string, start: number, end: number, file: string): PrismaField[] {
  const fields: PrismaField[] = [];
  const body = text.slice(start, end);
  let depth = 0;
  let entryStart = 0;
  const entries: [number, number][] = [];
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char === "(" || char === "{" || char === "[") depth++;
    else if (char === ")" || char === "}" || char === "]") depth--;
    else if (char === "'" || char === '"' || char === "`") index = skipString(body, index);
    else if (char === "," && depth === 0) {
      entries.push([entryStart, index]);
      entryStart = index + 1;
    }
  }
  entries.push([entryStart, body.length]);
  for (const [from, to] of entries) {
    const entry = body.slice(from, to);
    const column = /^\s*(?:(['"])([^'"]+)\1|([A-Za-z_$][\w$]*))\s*:\s*([A-Za-z_$][\w$]*)\s*\(\s*(?:(['"`])([^'"`]+)\5)?/.exec(entry);
    if (!column) continue;
    const name = column[2] ?? column[3]!;
    const builder = column[4]!;
    const type = TYPES.find(([pattern]) => pattern.test(builder))?.[1] ?? builder;
    const offset = start + from + entry.indexOf(name);
    const position = lineAndColumn(text, offset);
    const unique = /\.\s*(?:primaryKey|unique)\s*\(/.test(entry);
    fields.push({
      name,
      column: column[6] ?? name,
      type,
      line: position.line,
      column1: position.column,
      endColumn: position.column + name.length,
      ...(unique ? { unique } : {}),
    });
    void file;
  }
  return fields;
}

function matchingBrace(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index++) {
    const char = text[index]!;
    if (char === "'" || char === '"' || char === "`") index = skipString(text, index);
    else if (char === "{" || char === "(" || char === "[") depth++;
    else if (char === "}" || char === ")" || char === "]") {
      depth--;
      if (depth === 0) return index;
    }
  }
  return -1;
}

function skipString(text: string, start: number): number {
  const quote = text[start]!;
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === "\\") index++;
    else if (text[index] === quote) return index;
  }
  return text.length;
}

function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}
