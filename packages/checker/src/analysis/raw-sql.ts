/**
 * Raw SQL in TypeScript: `prisma.$executeRaw\`...\``, `$queryRaw\`...\``, `Prisma.sql\`...\``, `sql\`...\``
 * tagged templates and `$executeRawUnsafe(text)` / `$queryRawUnsafe(text)` / `Prisma.raw(text)` string
 * arguments (literals, constants from any file, templates and concatenations of constants).
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import type { SourceFile } from "ts-morph";
import { PRISMA_RAW_SQL_METHODS, type SecretEntry, type SecretRegistry, type SettingsModel } from "@secret-guardrails/core";
import { constantString, declarationsOf, unwrapExpression } from "./syntax.js";

export interface RawSqlSite {
  /** The template literal or the SQL argument: where a finding goes. */
  readonly node: Node;
  /** The statement text, each non-constant interpolation replaced by `$1`, `$2`... */
  readonly text: string;
}

const cache = new WeakMap<SourceFile, RawSqlSite[]>();
/** Files without one of these cannot hold raw SQL that we recognise. */
const RAW_SQL_MARKER = /\$(?:execute|query)Raw|\bsql\s*`|\bPrisma\s*\.\s*raw\b/;

/** Raw SQL statements of a file (cached). */
export function rawSqlSitesIn(sourceFile: SourceFile): readonly RawSqlSite[] {
  let sites = cache.get(sourceFile);
  if (sites) return sites;
  sites = [];
  if (!RAW_SQL_MARKER.test(sourceFile.getFullText())) {
    cache.set(sourceFile, sites);
    return sites;
  }
  for (const tagged of sourceFile.getDescendantsOfKind(SyntaxKind.TaggedTemplateExpression)) {
    if (!isSqlTag(tagged.getTag())) continue;
    const template = tagged.getTemplate();
    sites.push({ node: template, text: templateText(template, false) });
  }
  for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = unwrapExpression(call.getExpression());
    if (!Node.isPropertyAccessExpression(callee)) continue;
    const name = callee.getName();
    const isRaw = PRISMA_RAW_SQL_METHODS.has(name) || (name === "raw" && callee.getExpression().getText() === "Prisma");
    const arg = call.getArguments()[0];
    if (!isRaw || !arg) continue;
    const target = unwrapExpression(arg);
    // A tagged template argument (`$executeRaw(Prisma.sql\`...\`)`) is reported where it is written.
    if (Node.isTaggedTemplateExpression(target) || isSqlTemplateConstant(target)) continue;
    const text = sqlText(target, 0);
    if (text !== undefined) sites.push({ node: arg, text });
  }
  cache.set(sourceFile, sites);
  return sites;
}

/** `x.$executeRaw`, `x.$queryRaw`, `Prisma.sql`, `sql`. */
function isSqlTag(tag: Node): boolean {
  const target = unwrapExpression(tag);
  if (Node.isIdentifier(target)) return target.getText() === "sql";
  if (!Node.isPropertyAccessExpression(target)) return false;
  const name = target.getName();
  return name === "$executeRaw" || name === "$queryRaw" || name === "sql";
}

/** An identifier bound to a `Prisma.sql\`...\`` template (reported at its declaration). */
function isSqlTemplateConstant(node: Node): boolean {
  if (!Node.isIdentifier(node)) return false;
  return declarationsOf(node).some((declaration) => {
    if (!Node.isVariableDeclaration(declaration)) return false;
    const initializer = declaration.getInitializer();
    return initializer !== undefined && Node.isTaggedTemplateExpression(unwrapExpression(initializer));
  });
}

/** A template's text; with `fold`, constant interpolations are inlined (string building for `...Unsafe`). */
function templateText(template: Node, fold: boolean): string {
  if (Node.isNoSubstitutionTemplateLiteral(template)) return template.getLiteralValue();
  if (!Node.isTemplateExpression(template)) return "";
  let text = template.getHead().getLiteralText();
  template.getTemplateSpans().forEach((span, index) => {
    const constant = fold ? constantString(span.getExpression()) : undefined;
    text += (constant ?? `$${index + 1}`) + span.getLiteral().getLiteralText();
  });
  return text;
}

/** The text of a SQL string argument, or undefined when it is not built from constants at all. */
function sqlText(node: Node, depth: number): string | undefined {
  const target = unwrapExpression(node);
  if (depth > 6) return undefined;
  if (Node.isStringLiteral(target) || Node.isNoSubstitutionTemplateLiteral(target)) return target.getLiteralValue();
  if (Node.isTemplateExpression(target)) return templateText(target, true);
  if (Node.isBinaryExpression(target) && target.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = sqlText(target.getLeft(), depth + 1);
    const right = sqlText(target.getRight(), depth + 1);
    if (left === undefined && right === undefined) return undefined;
    return (left ?? "$0") + (right ?? "$0");
  }
  if (Node.isIdentifier(target)) {
    for (const declaration of declarationsOf(target)) {
      if (!Node.isVariableDeclaration(declaration)) continue;
      const initializer = declaration.getInitializer();
      if (initializer) return sqlText(initializer, depth + 1);
    }
  }
  return constantString(target);
}

export interface SqlClear {
  readonly model: SettingsModel;
  readonly secrets: readonly SecretEntry[];
}

const IDENT = String.raw`(?:"[^"]+"|\x60[^\x60]+\x60|\[[^\]]+\]|[A-Za-z_][\w$]*)`;
const QUALIFIED = String.raw`(?:${IDENT}\s*\.\s*)?(${IDENT})`;

/** `UPDATE <settings table> SET "secret" = NULL, ...`: the registered secrets a statement clears. */
export function sqlClearedSecrets(sql: string, registry: SecretRegistry): SqlClear[] {
  const text = sql.replace(/--[^\n]*/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
  const clears: SqlClear[] = [];
  for (const statement of text.split(";")) {
    const update = new RegExp(
      String.raw`\bupdate\s+(?:only\s+)?${QUALIFIED}(?:\s+(?:as\s+)?[A-Za-z_]\w*)?\s+set\b([\s\S]*?)(?:\bwhere\b|\breturning\b|\bfrom\b|$)`,
      "i",
    ).exec(statement);
    if (!update) continue;
    const model = registry.settingsModelForTable(unquote(update[1]!));
    if (!model) continue;
    const secrets = new Set<SecretEntry>();
    for (const part of update[2]!.split(",")) {
      const assignment = new RegExp(String.raw`^\s*${QUALIFIED}\s*=\s*null\s*$`, "i").exec(part);
      const secret = assignment ? registry.secret(unquote(assignment[1]!)) : undefined;
      if (secret) secrets.add(secret);
    }
    if (secrets.size > 0) clears.push({ model, secrets: [...secrets] });
  }
  return clears;
}

/**
 * UPDATE/INSERT statements on a settings table that name a column only at run time
 * (`SET "${column}" = $1` in an Unsafe string, `Prisma.raw(column)` in a template): the settings models.
 */
export function sqlDynamicColumnWrites(sql: string, registry: SecretRegistry): SettingsModel[] {
  const text = sql.replace(/--[^\n]*/g, " ").replace(/\/\*[\s\S]*?\*\//g, " ");
  const models: SettingsModel[] = [];
  const placeholder = /^\s*["`[]?\$\d+["`\]]?\s*$/;
  for (const statement of text.split(";")) {
    const update = new RegExp(
      String.raw`\bupdate\s+(?:only\s+)?${QUALIFIED}(?:\s+(?:as\s+)?[A-Za-z_]\w*)?\s+set\b([\s\S]*?)(?:\bwhere\b|\breturning\b|\bfrom\b|$)`,
      "i",
    ).exec(statement);
    const insert = update ? undefined : new RegExp(String.raw`\binsert\s+into\s+${QUALIFIED}\s*\(([^)]*)\)`, "i").exec(statement);
    const match = update ?? insert;
    if (!match) continue;
    const model = registry.settingsModelForTable(unquote(match[1]!));
    if (!model) continue;
    const columns = update ? match[2]!.split(",").map((part) => part.split("=")[0] ?? "") : match[2]!.split(",");
    if (columns.some((column) => placeholder.test(column))) models.push(model);
  }
  return models;
}

function unquote(ident: string): string {
  return ident.replace(/^["`[](.*)["`\]]$/, "$1");
}
