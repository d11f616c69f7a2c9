/**
 * The checker's view of its syntax tree for {@link codeName} (core): messages name code by its
 * identifiers only (`this.repo.save`, `new AppConfigService`, `<call>`), never by its text.
 */
import { codeName, type CodeNameView } from "@secret-guardrails/core";
import type { ts } from "ts-morph";
import { Node } from "./ts-morph.js";
import { unwrapExpression } from "./analysis/syntax.js";

function view(node: Node): CodeNameView<Node> {
  const target = unwrapExpression(node);
  if (Node.isIdentifier(target) || Node.isPrivateIdentifier(target)) {
    return { kind: "identifier", name: (target.compilerNode as ts.Identifier | ts.PrivateIdentifier).text };
  }
  if (Node.isThisExpression(target)) return { kind: "identifier", name: "this" };
  if (Node.isSuperExpression(target)) return { kind: "identifier", name: "super" };
  if (Node.isPropertyAccessExpression(target)) {
    const name = target.getNameNode();
    return { kind: "member", object: target.getExpression(), property: (name.compilerNode as ts.Identifier | ts.PrivateIdentifier).text };
  }
  if (Node.isElementAccessExpression(target)) return { kind: "member", object: target.getExpression(), property: undefined };
  if (Node.isNewExpression(target)) return { kind: "new", callee: target.getExpression() };
  if (Node.isCallExpression(target)) return { kind: "call" };
  return { kind: "other" };
}

/** How a message names an expression (a callee, an endpoint's key): identifiers only. */
export function nameOfCode(node: Node): string {
  return codeName(node, view);
}
