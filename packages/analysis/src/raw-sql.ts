/**
 * Raw SQL: the statement text of `$executeRaw`/`$queryRaw` tagged templates, `Prisma.sql`/`sql`
 * fragments, and `$executeRawUnsafe`/`$queryRawUnsafe`/`Prisma.raw` strings, with each interpolated
 * value as a `$n` placeholder. A value interpolated where a column name goes is a placeholder too,
 * which the SQL reader reports as a column chosen at run time.
 */
import { findSecretSqlReads } from "@secret-guardrails/core";
import type { Evaluator } from "./evaluator-api.js";
import { calleeName, unwrap } from "./syntax.js";
import type { TS } from "./ts.js";
import { constantKey, NOTHING, type RowAtom, type Value } from "./values.js";

/** Tags of SQL templates: `sql`, `Prisma.sql`, `$executeRaw`, `$queryRaw`, and their `...Unsafe`-less kin. */
const SQL_TAG = /^(?:sql|\$executeRaw|\$queryRaw|raw|empty)$/;

/** The statement text of a tagged SQL template, its interpolations as `$1`, `$2`... */
export function taggedSqlText(ev: Evaluator, node: TS.TaggedTemplateExpression): string | undefined {
  const ts = ev.ts;
  const tag = unwrap(ts, node.tag);
  const name = ts.isIdentifier(tag) ? tag.text : ts.isPropertyAccessExpression(tag) ? tag.name.text : undefined;
  if (name === undefined || !SQL_TAG.test(name)) return undefined;
  return templateText(ev, node.template, false);
}

/** The text of a string argument (`$executeRawUnsafe(text)`), its unknown parts as placeholders. */
function stringSqlText(ev: Evaluator, node: TS.Expression): string | undefined {
  const ts = ev.ts;
  const target = unwrap(ts, node);
  if (ts.isTemplateExpression(target) || ts.isNoSubstitutionTemplateLiteral(target)) return templateText(ev, target, true);
  const key = constantKey(ev.valueOf(target));
  if (key !== undefined) return key;
  if (ts.isBinaryExpression(target) && target.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = stringSqlText(ev, target.left) ?? "$0";
    const right = stringSqlText(ev, target.right) ?? "$0";
    return left + right;
  }
  if (ts.isIdentifier(target)) {
    const binding = ev.scopes.resolve(target);
    const declaration = binding?.declaration;
    if (binding && binding.path.length === 0 && declaration && ts.isVariableDeclaration(declaration) && declaration.initializer) {
      return stringSqlText(ev, declaration.initializer);
    }
  }
  return undefined;
}

function templateText(ev: Evaluator, template: TS.TemplateLiteral, javascript: boolean): string {
  const ts = ev.ts;
  if (ts.isNoSubstitutionTemplateLiteral(template)) return template.text;
  let text = template.head.text;
  let index = 0;
  for (const span of template.templateSpans) {
    index++;
    const expression = unwrap(ts, span.expression);
    let inserted: string | undefined;
    if (javascript) {
      inserted = stringSqlText(ev, expression);
    } else if (ts.isCallExpression(expression) && calleeName(ts, expression) === "raw" && expression.arguments[0]) {
      inserted = stringSqlText(ev, expression.arguments[0]);
    } else if (ts.isTaggedTemplateExpression(expression)) {
      inserted = taggedSqlText(ev, expression);
    }
    text += (inserted ?? `$${index}`) + span.literal.text;
  }
  return text;
}

/** The SQL text a raw call runs: a tagged template or its first (string) argument. */
export function callSqlText(ev: Evaluator, call: TS.CallExpression): string | undefined {
  const first = call.arguments[0];
  if (!first) return undefined;
  const ts = ev.ts;
  const target = unwrap(ts, first);
  if (ts.isTaggedTemplateExpression(target)) return taggedSqlText(ev, target);
  return stringSqlText(ev, target);
}

/** Rows a raw query returns from a settings table (`$queryRaw\`SELECT ... FROM "SystemSettings"\``). */
export function rawSqlRows(ev: Evaluator, call: TS.CallExpression): Value {
  const text = callSqlText(ev, call);
  return text === undefined ? NOTHING : sqlRows(ev, text, call);
}

export function sqlRows(ev: Evaluator, text: string, node: TS.Node): Value {
  const rows: RowAtom[] = [];
  for (const read of findSecretSqlReads(text, ev.registry)) {
    const store = ev.storeByModel(read.model.name);
    if (!store) continue;
    rows.push({ k: "row", store, node, strength: "strong", picked: new Map(read.secrets.map((secret) => [secret.field, node])) });
  }
  return rows.length > 0 ? [{ k: "array", element: rows, node }] : NOTHING;
}
