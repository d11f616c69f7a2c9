/**
 * An admin check written in the handler (or a middleware's) body: an `if` whose condition names
 * admin (an identifier, property or string matching `admin.guardPattern`: `user.role !== "ADMIN"`,
 * `!session.isAdmin`, `!isSuperuser(user)`) and whose branch leaves (`return`, `throw`), or a
 * statement call that asserts it (`assertAdmin(ctx)`, `await requireAdmin()`). The endpoint is then
 * admin-only whatever its path or builder is called. Nested functions are not looked into.
 */
import type { Evaluator } from "../evaluator-api.js";
import { isFunctionLike, unwrap, type FunctionLike } from "../syntax.js";
import type { TS } from "../ts.js";

const ASSERTING_CALL = /^(?:assert|require|ensure|check|verify|enforce|guard|must)/i;

export function checksAdmin(ev: Evaluator, fn: FunctionLike): boolean {
  const ts = ev.ts;
  const body = fn.body;
  if (!body || !ts.isBlock(body)) return false;
  const pattern = ev.registry.admin.guardPattern;
  const namesAdmin = (expression: TS.Node): boolean => {
    let found = false;
    const visit = (node: TS.Node): void => {
      if (found) return;
      if ((ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) && pattern.test(node.text)) found = true;
      else if ((ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) && pattern.test(node.text)) found = true;
      else if (!isFunctionLike(ts, node)) ts.forEachChild(node, visit);
    };
    visit(expression);
    return found;
  };
  const leaves = (statement: TS.Statement): boolean => {
    let found = false;
    const visit = (node: TS.Node): void => {
      if (found || isFunctionLike(ts, node)) return;
      if (ts.isReturnStatement(node) || ts.isThrowStatement(node)) found = true;
      else ts.forEachChild(node, visit);
    };
    visit(statement);
    return found;
  };
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found || isFunctionLike(ts, node)) return;
    if (ts.isIfStatement(node) && namesAdmin(node.expression) && leaves(node.thenStatement)) {
      found = true;
      return;
    }
    if (ts.isExpressionStatement(node)) {
      let call: TS.Expression = unwrap(ts, node.expression);
      if (ts.isAwaitExpression(call)) call = unwrap(ts, call.expression);
      if (ts.isCallExpression(call)) {
        const callee = unwrap(ts, call.expression);
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
        if (name !== undefined && ASSERTING_CALL.test(name) && (pattern.test(name) || call.arguments.some((argument) => namesAdmin(argument)))) {
          found = true;
          return;
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  for (const statement of body.statements) visit(statement);
  return found;
}
