/** The functions a framework is handed: inline, by name, or wrapped (`asyncHandler(fn)`). */
import type { Evaluator } from "../evaluator-api.js";
import { isFunctionLike, unwrap, type FunctionLike } from "../syntax.js";
import type { TS } from "../ts.js";

/** The function an expression is (inline, by name, through imports the host follows, or the function argument of a wrapper call). */
export function functionOf(ev: Evaluator, node: TS.Node, depth = 0): FunctionLike | undefined {
  const ts = ev.ts;
  if (depth > 4) return undefined;
  if (isFunctionLike(ts, node)) return node;
  if (!ts.isExpression(node) && !ts.isIdentifier(node)) return undefined;
  const target = unwrap(ts, node as TS.Expression);
  if (isFunctionLike(ts, target)) return target;
  if (ts.isIdentifier(target)) {
    const binding = ev.scopes.resolve(target);
    const declaration = binding?.declaration;
    if (!declaration || binding!.path.length > 0) return undefined;
    if (isFunctionLike(ts, declaration)) return declaration;
    if (ts.isVariableDeclaration(declaration) && declaration.initializer) return functionOf(ev, declaration.initializer, depth + 1);
    if (binding!.kind === "import") {
      const fn = ev.valueOf(target).find((atom) => atom.k === "function");
      return fn && fn.k === "function" ? fn.fn : undefined;
    }
    return undefined;
  }
  if (ts.isPropertyAccessExpression(target)) {
    // `controller.update` (a method of an object or instance the engine can see).
    const fn = ev.valueOf(target).find((atom) => atom.k === "function");
    return fn && fn.k === "function" ? fn.fn : undefined;
  }
  if (ts.isCallExpression(target)) {
    for (const argument of target.arguments) {
      const found = functionOf(ev, argument, depth + 1);
      if (found) return found;
    }
  }
  return undefined;
}

/** How code names a function: its own name, or the variable or property it is assigned to (identifiers only). */
export function functionName(ev: Evaluator, fn: FunctionLike): string | undefined {
  const ts = ev.ts;
  if (fn.name && ts.isIdentifier(fn.name)) return fn.name.text;
  let node: TS.Node = fn;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent) || ts.isCallExpression(node.parent))) {
    if (ts.isCallExpression(node.parent) && node.parent.expression === node) break;
    node = node.parent;
  }
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (parent && ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  return undefined;
}
