/** Small, pure questions about the TypeScript syntax tree. Every function takes the `ts` that parsed it. */
import { codeName, type CodeNameView } from "@secret-guardrails/core";
import type { TS, Ts } from "./ts.js";

export type FunctionLike =
  | TS.FunctionDeclaration
  | TS.FunctionExpression
  | TS.ArrowFunction
  | TS.MethodDeclaration
  | TS.ConstructorDeclaration
  | TS.GetAccessorDeclaration
  | TS.SetAccessorDeclaration;

export function isFunctionLike(ts: Ts, node: TS.Node): node is FunctionLike {
  switch (node.kind) {
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.FunctionExpression:
    case ts.SyntaxKind.ArrowFunction:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
    case ts.SyntaxKind.GetAccessor:
    case ts.SyntaxKind.SetAccessor:
      return true;
    default:
      return false;
  }
}

/** The function (or the source file) whose body holds `node`; parameters belong to their function. */
export function enclosingFunction(ts: Ts, node: TS.Node): FunctionLike | TS.SourceFile {
  let current = node.parent;
  while (current && !isFunctionLike(ts, current) && !ts.isSourceFile(current)) current = current.parent;
  return (current ?? node.getSourceFile()) as FunctionLike | TS.SourceFile;
}

/** Strips what does not change a value: parentheses, `as`, `satisfies`, `!`, `<T>x`. */
export function unwrap(ts: Ts, node: TS.Expression): TS.Expression {
  let current = node;
  for (;;) {
    if (
      ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isPartiallyEmittedExpression(current)
    ) {
      current = current.expression;
    } else {
      return current;
    }
  }
}

/** The parent, skipping the wrappers {@link unwrap} strips (and `await`). */
function valueParent(ts: Ts, node: TS.Node): TS.Node {
  let current = node.parent;
  while (
    current &&
    (ts.isParenthesizedExpression(current) ||
      ts.isAsExpression(current) ||
      ts.isNonNullExpression(current) ||
      ts.isTypeAssertionExpression(current) ||
      ts.isSatisfiesExpression(current) ||
      ts.isAwaitExpression(current))
  ) {
    current = current.parent;
  }
  return current;
}

/** The name of an identifier, private identifier, string or numeric literal property name; else undefined. */
export function staticName(ts: Ts, name: TS.Node | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const inner = unwrap(ts, name.expression);
    if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner) || ts.isNumericLiteral(inner)) return inner.text;
  }
  return undefined;
}

/** What a callback returns: an arrow's expression body, or the one `return` of a block; undefined otherwise. */
export function returnedExpression(ts: Ts, fn: TS.ArrowFunction | TS.FunctionExpression): TS.Expression | undefined {
  const body = fn.body;
  if (!ts.isBlock(body)) return body;
  const only = body.statements.length === 1 ? body.statements[0]! : undefined;
  return only && ts.isReturnStatement(only) ? only.expression : undefined;
}

/** `LIST.includes(x)` / `SET.has(x)`: the collection and the value tested. */
export function membershipTest(ts: Ts, node: TS.Expression): { collection: TS.Expression; member: TS.Expression } | undefined {
  const call = unwrap(ts, node);
  if (!ts.isCallExpression(call) || call.arguments.length !== 1) return undefined;
  const callee = unwrap(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee) || (callee.name.text !== "includes" && callee.name.text !== "has")) return undefined;
  return { collection: unwrap(ts, callee.expression), member: unwrap(ts, call.arguments[0]!) };
}

/** `a.b.c` -> `c`; `a["c"]` -> `c`; `a?.c` -> `c`; else undefined (computed keys need the evaluator). */
export function memberName(ts: Ts, node: TS.Node): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  if (ts.isElementAccessExpression(node)) {
    const argument = unwrap(ts, node.argumentExpression);
    if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument) || ts.isNumericLiteral(argument)) {
      return argument.text;
    }
  }
  return undefined;
}

/** The called member's name: `a.b.c()` -> `c`, `f()` -> `f`. */
export function calleeName(ts: Ts, call: TS.CallExpression | TS.NewExpression): string | undefined {
  const callee = unwrap(ts, call.expression);
  if (ts.isIdentifier(callee)) return callee.text;
  return memberName(ts, callee);
}

/**
 * A name for code made of identifiers only (`a.b.c`, `new X`, `this.repo.save`), never text of the
 * scanned code: a literal in a callee must not reach a message. Undefined when the code is not a
 * plain name.
 */
export function identifierPath(ts: Ts, node: TS.Expression): string | undefined {
  const target = unwrap(ts, node);
  if (ts.isIdentifier(target)) return target.text;
  if (target.kind === ts.SyntaxKind.ThisKeyword) return "this";
  if (target.kind === ts.SyntaxKind.SuperKeyword) return "super";
  if (ts.isPropertyAccessExpression(target) && ts.isIdentifier(target.name)) {
    const object = identifierPath(ts, target.expression);
    return object === undefined ? undefined : `${object}.${target.name.text}`;
  }
  if (ts.isNewExpression(target)) {
    const callee = identifierPath(ts, target.expression);
    return callee === undefined ? undefined : `new ${callee}`;
  }
  return undefined;
}

/**
 * How a message names code (a callee, a helper): core's {@link codeName} over this tree, so a
 * literal or an argument in the callee never reaches a message.
 */
export function codeNameOf(ts: Ts, node: TS.Expression): string {
  const view = (current: TS.Expression): CodeNameView<TS.Expression> => {
    const target = unwrap(ts, current);
    if (ts.isIdentifier(target)) return { kind: "identifier", name: target.text };
    if (target.kind === ts.SyntaxKind.ThisKeyword) return { kind: "identifier", name: "this" };
    if (target.kind === ts.SyntaxKind.SuperKeyword) return { kind: "identifier", name: "super" };
    if (ts.isPropertyAccessExpression(target)) return { kind: "member", object: target.expression, property: target.name.text };
    if (ts.isElementAccessExpression(target)) return { kind: "member", object: target.expression, property: undefined };
    if (ts.isNewExpression(target)) return { kind: "new", callee: target.expression };
    if (ts.isCallExpression(target)) return { kind: "call" };
    return { kind: "other" };
  };
  return codeName(node, view);
}

/** Is `node` in a position where only its truthiness, nullishness or type is used? */
export function isPresenceContext(ts: Ts, node: TS.Node): boolean {
  let child: TS.Node = node;
  let parent = valueParent(ts, node);
  // Climb through operators that only pass the value on into the same position.
  while (
    ts.isBinaryExpression(parent) &&
    (parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    child = parent;
    parent = valueParent(ts, parent);
  }
  if (ts.isPrefixUnaryExpression(parent) && parent.operator === ts.SyntaxKind.ExclamationToken) return true;
  if (ts.isTypeOfExpression(parent)) return true;
  if (ts.isIfStatement(parent) || ts.isWhileStatement(parent) || ts.isDoStatement(parent)) return parent.expression === child || contains(parent.expression, child);
  if (ts.isForStatement(parent)) return parent.condition === child;
  if (ts.isConditionalExpression(parent)) return contains(parent.condition, child);
  if (ts.isBinaryExpression(parent)) {
    const op = parent.operatorToken.kind;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return contains(parent.left, child);
    return isComparison(ts, op);
  }
  if (ts.isCallExpression(parent)) {
    const callee = unwrap(ts, parent.expression);
    return ts.isIdentifier(callee) && callee.text === "Boolean" && parent.arguments.some((argument) => contains(argument, child));
  }
  return false;
}

function isComparison(ts: Ts, op: TS.SyntaxKind): boolean {
  switch (op) {
    case ts.SyntaxKind.EqualsEqualsToken:
    case ts.SyntaxKind.EqualsEqualsEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsToken:
    case ts.SyntaxKind.ExclamationEqualsEqualsToken:
    case ts.SyntaxKind.LessThanToken:
    case ts.SyntaxKind.LessThanEqualsToken:
    case ts.SyntaxKind.GreaterThanToken:
    case ts.SyntaxKind.GreaterThanEqualsToken:
    case ts.SyntaxKind.InstanceOfKeyword:
    case ts.SyntaxKind.InKeyword:
      return true;
    default:
      return false;
  }
}

/** Is `inner` inside `outer` (or `outer` itself)? Positions, so it works across wrappers. */
export function contains(outer: TS.Node, inner: TS.Node): boolean {
  return inner.pos >= outer.pos && inner.end <= outer.end && inner.getSourceFile() === outer.getSourceFile();
}

/** Visits `node`'s descendants depth first; `visit` returning false skips a subtree. */
export function walk(ts: Ts, node: TS.Node, visit: (node: TS.Node) => boolean | void): void {
  const step = (child: TS.Node): void => {
    if (visit(child) === false) return;
    ts.forEachChild(child, step);
  };
  ts.forEachChild(node, step);
}

/** Is this an assignment operator (`=`, `??=`, `||=`, `&&=`, `+=`...)? */
export function isAssignmentOperator(ts: Ts, op: TS.SyntaxKind): boolean {
  return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
}

/** Is the function declared `async` (a generator too, for `async function*`)? */
export function hasModifier(ts: Ts, node: TS.Node, kind: TS.SyntaxKind): boolean {
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((modifier) => modifier.kind === kind) ?? false;
}
