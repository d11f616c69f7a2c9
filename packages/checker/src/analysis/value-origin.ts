/**
 * Where a runtime value comes from: a settings row's secret column, the environment, or a literal.
 * Follows variables (including `let` reassignments), destructuring, shorthand properties, getters,
 * object-literal properties and calls into helpers in any file (the first return that comes from
 * the database or the environment decides which source "wins"). Cached per node, one analysis
 * object per registry.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import { PRESENCE_FUNCTIONS, isRequestInputName, type SecretEntry, type SecretRegistry } from "@secret-guardrails/core";
import { calledFunction, memberDeclarations, returnedExpressions, valueDeclarationsOf } from "./functions.js";
import { settingsRows, type SettingsRows } from "./settings-rows.js";
import {
  accessedName,
  declarationsOf,
  envReadName,
  isEnvObject,
  isFunctionLike,
  propertyNameText,
  rootIdentifier,
  unwrapAwait,
  unwrapExpression,
} from "./syntax.js";

export type Origin =
  | {
      readonly kind: "db";
      /** The database read that supplies the value: a member access, or a destructuring binding. */
      readonly read: Node;
      readonly secret: SecretEntry;
      /** The read is on an object known to be a settings row. */
      readonly rowPositive: boolean;
    }
  | { readonly kind: "env" }
  | { readonly kind: "literal" };

export interface ValueOrigins {
  readonly rows: SettingsRows;
  /** The value expressions inside a node (itself included): member reads, calls, variable references. */
  valueExpressionsIn(node: Node): Node[];
  /** The source of an expression's value, or undefined when it cannot be told. */
  originOf(expression: Node): Origin | undefined;
  /** The source of what a function returns: its first return that comes from the database or the environment. */
  functionOrigin(fn: Node): Origin | undefined;
  /** Does the expression read the environment anywhere (directly, or through a variable or helper)? */
  mentionsEnv(node: Node): boolean;
  /** Environment variable names read inside a function or file (`*` for a dynamic read). */
  envNamesIn(scope: Node): ReadonlySet<string>;
}

/** String methods whose result is the same secret. */
const PASS_THROUGH_METHODS: ReadonlySet<string> = new Set(["trim", "trimStart", "trimEnd", "toString", "valueOf", "normalize"]);
/** Conversions whose result is the same secret. */
const PASS_THROUGH_FUNCTIONS: ReadonlySet<string> = new Set(["String"]);

const analyses = new WeakMap<SecretRegistry, ValueOrigins>();

export function valueOrigins(registry: SecretRegistry): ValueOrigins {
  let analysis = analyses.get(registry);
  if (!analysis) {
    analysis = createValueOrigins(registry);
    analyses.set(registry, analysis);
  }
  return analysis;
}

const LITERAL: Origin = { kind: "literal" };
const ENV: Origin = { kind: "env" };

function createValueOrigins(registry: SecretRegistry): ValueOrigins {
  const rows = settingsRows(registry);
  const originCache = new Map<Node, Origin | null>();
  const declarationCache = new Map<Node, Origin | null>();
  const functionCache = new Map<Node, Origin | null>();
  const envNamesCache = new WeakMap<Node, ReadonlySet<string>>();

  function memo(cache: Map<Node, Origin | null>, key: Node, compute: () => Origin | undefined): Origin | undefined {
    if (cache.has(key)) return cache.get(key) ?? undefined;
    cache.set(key, null);
    const value = compute();
    cache.set(key, value ?? null);
    return value;
  }

  function originOf(expression: Node): Origin | undefined {
    const target = unwrapAwait(expression);
    return memo(originCache, target, () => computeOrigin(target));
  }

  /** The first operand that comes from the database or the environment wins. */
  function firstDecisive(operands: readonly Node[]): Origin | undefined {
    let allLiteral = true;
    for (const operand of operands) {
      const origin = originOf(operand);
      if (origin && origin.kind !== "literal") return origin;
      if (!origin) allLiteral = false;
    }
    return allLiteral ? LITERAL : undefined;
  }

  function computeOrigin(target: Node): Origin | undefined {
    if (isLiteral(target)) return LITERAL;
    // A property name (`b` of `a.b`) is no value of its own; resolving it would type-check `a`.
    if (Node.isIdentifier(target) && !isValueCandidate(target)) return undefined;
    if (envReadName(target, registry) !== undefined) return ENV;
    const read = rows.secretRead(target);
    if (read) return { kind: "db", read: read.node, secret: read.secret, rowPositive: read.rowPositive };

    if (Node.isPropertyAccessExpression(target)) {
      // A getter or an object-literal property of our own code: its value is what it computes.
      const members = memberDeclarations(target);
      // `serverEnv.SMTP_PASSWORD` of an opaque env module: named after a secret's env var, it holds the env value.
      if (members.length === 0 && registry.secretForEnvVar(target.getName())) return ENV;
      for (const declaration of members) {
        if (Node.isGetAccessorDeclaration(declaration)) return functionOrigin(declaration);
        if (Node.isPropertyAssignment(declaration)) {
          const initializer = declaration.getInitializer();
          return initializer ? originOf(initializer) : undefined;
        }
        if (Node.isShorthandPropertyAssignment(declaration)) return originOf(declaration.getNameNode());
        if (Node.isPropertyDeclaration(declaration)) {
          const initializer = declaration.getInitializer();
          return initializer ? originOf(initializer) : undefined;
        }
      }
      return undefined;
    }
    if (Node.isBinaryExpression(target)) {
      const operator = target.getOperatorToken().getKind();
      if (operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken) {
        return firstDecisive(flattenFallbackChain(target));
      }
      if (operator === SyntaxKind.AmpersandAmpersandToken) return originOf(target.getRight());
      if (operator === SyntaxKind.PlusToken) return dbThenEnv([target.getLeft(), target.getRight()]);
      return undefined;
    }
    if (Node.isTemplateExpression(target)) {
      return dbThenEnv(target.getTemplateSpans().map((span) => span.getExpression()));
    }
    if (Node.isConditionalExpression(target)) {
      return firstDecisive([target.getWhenTrue(), target.getWhenFalse()]);
    }
    if (Node.isIdentifier(target)) {
      if (target.getText() === "undefined") return LITERAL;
      for (const declaration of valueDeclarationsOf(target)) {
        const origin = declarationOrigin(declaration);
        if (origin) return origin;
      }
      return undefined;
    }
    if (Node.isCallExpression(target)) {
      const callee = unwrapExpression(target.getExpression());
      if (Node.isPropertyAccessExpression(callee) && PASS_THROUGH_METHODS.has(callee.getName())) {
        return originOf(callee.getExpression());
      }
      if (Node.isIdentifier(callee) && PASS_THROUGH_FUNCTIONS.has(callee.getText())) {
        const argument = target.getArguments()[0];
        return argument ? originOf(argument) : undefined;
      }
      if (Node.isIdentifier(callee) && PRESENCE_FUNCTIONS.has(callee.getText())) return undefined;
      const fn = calledFunction(target);
      return fn ? functionOrigin(fn) : undefined;
    }
    return undefined;
  }

  /** A value built from parts (`a + b`, a template): the database if any part is, else the environment. */
  function dbThenEnv(parts: readonly Node[]): Origin | undefined {
    const origins = parts.map(originOf);
    return origins.find((origin) => origin?.kind === "db") ?? origins.find((origin) => origin?.kind === "env");
  }

  function declarationOrigin(declaration: Node): Origin | undefined {
    return memo(declarationCache, declaration, () => computeDeclarationOrigin(declaration));
  }

  function computeDeclarationOrigin(declaration: Node): Origin | undefined {
    if (Node.isVariableDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) {
      const values: Node[] = [];
      const initializer = declaration.getInitializer();
      if (initializer) values.push(initializer);
      values.push(...assignedValues(declaration));
      const origins = values.map(originOf);
      // With several sources (`let v = env; if (row.x) v = row.x`), any environment read means the
      // variable is env-backed here; the override itself is a separate, explicit finding.
      if (origins.some((origin) => origin?.kind === "env")) return ENV;
      const db = origins.find((origin) => origin?.kind === "db");
      if (db) return db;
      return origins.length > 0 && origins.every((origin) => origin?.kind === "literal") ? LITERAL : undefined;
    }
    if (Node.isBindingElement(declaration) && !declaration.getDotDotDotToken()) {
      return bindingOrigin(declaration);
    }
    return undefined;
  }

  /** `const { smtpPassword } = row` / `const { smtpPassword = process.env.SMTP_PASSWORD } = row`. */
  function bindingOrigin(element: Node): Origin | undefined {
    if (!Node.isBindingElement(element)) return undefined;
    const pattern = element.getParent();
    const holder = pattern.getParent();
    if (!Node.isObjectBindingPattern(pattern)) return undefined;
    const nameNode = element.getPropertyNameNode() ?? element.getNameNode();
    const name = propertyNameText(nameNode);
    const secret = name === undefined ? undefined : registry.secret(name);
    let source: Node | undefined;
    let rowPositive = false;
    if (Node.isVariableDeclaration(holder)) {
      source = holder.getInitializer();
      if (!source) return undefined;
      if (isEnvObject(source, registry)) return ENV;
      const shape = rows.objectShape(source);
      if (shape === "plain") return undefined;
      rowPositive = shape === "row";
      const root = rootIdentifier(source);
      if (!rowPositive && root && isRequestInputName(root.getText())) return undefined;
    } else if (Node.isParameterDeclaration(holder)) {
      const typeNode = holder.getTypeNode();
      rowPositive = typeNode !== undefined && rows.isRowType(typeNode);
    } else {
      return undefined;
    }
    if (!secret) return undefined;
    return { kind: "db", read: element, secret, rowPositive };
  }

  /** Values later assigned to a `let` variable in its scope (`v = x`, `v ??= x`, `v ||= x`). */
  function assignedValues(declaration: Node): Node[] {
    if (!Node.isVariableDeclaration(declaration)) return [];
    const list = declaration.getParent();
    if (!Node.isVariableDeclarationList(list) || (list.getFlags() & 2) !== 0) return []; // const
    const scope = declaration.getFirstAncestor((node) => Node.isBlock(node) || Node.isSourceFile(node));
    if (!scope) return [];
    const name = declaration.getName();
    const values: Node[] = [];
    for (const binary of scope.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
      const kind = binary.getOperatorToken().getKind();
      if (kind !== SyntaxKind.EqualsToken && kind !== SyntaxKind.QuestionQuestionEqualsToken && kind !== SyntaxKind.BarBarEqualsToken) {
        continue;
      }
      const left = unwrapExpression(binary.getLeft());
      if (!Node.isIdentifier(left) || left.getText() !== name) continue;
      if (!declarationsOf(left).includes(declaration)) continue;
      values.push(binary.getRight());
    }
    return values;
  }

  function functionOrigin(fn: Node): Origin | undefined {
    return memo(functionCache, fn, () => {
      for (const returned of returnedExpressions(fn)) {
        const origin = originOf(returned);
        if (origin && origin.kind !== "literal") return origin;
      }
      return undefined;
    });
  }

  function mentionsEnv(node: Node): boolean {
    if (isValueCandidate(node) && originOf(node)?.kind === "env") return true;
    for (const kind of VALUE_KINDS) {
      for (const candidate of node.getDescendantsOfKind(kind)) {
        if (!isValueCandidate(candidate) || originOf(candidate)?.kind !== "env") continue;
        // Reads inside a nested callback do not make this expression env-backed.
        const owner = candidate.getFirstAncestor((ancestor) => ancestor === node || isFunctionLike(ancestor));
        if (owner === node || owner === undefined) return true;
      }
    }
    return false;
  }

  function envNamesIn(scope: Node): ReadonlySet<string> {
    let names = envNamesCache.get(scope);
    if (names) return names;
    const found = new Set<string>();
    for (const kind of [SyntaxKind.PropertyAccessExpression, SyntaxKind.ElementAccessExpression] as const) {
      for (const access of scope.getDescendantsOfKind(kind)) {
        if (isEnvObject(access.getExpression(), registry)) found.add(accessedName(access) ?? "*");
      }
    }
    for (const declaration of scope.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
      const initializer = declaration.getInitializer();
      const pattern = declaration.getNameNode();
      if (initializer && Node.isObjectBindingPattern(pattern) && isEnvObject(initializer, registry)) {
        for (const element of pattern.getElements()) {
          found.add(propertyNameText(element.getPropertyNameNode() ?? element.getNameNode()) ?? "*");
        }
      }
    }
    names = found;
    envNamesCache.set(scope, names);
    return names;
  }

  return { rows, originOf, functionOrigin, mentionsEnv, envNamesIn, valueExpressionsIn };
}

function valueExpressionsIn(node: Node): Node[] {
  const found = isValueCandidate(node) ? [node] : [];
  for (const kind of VALUE_KINDS) for (const candidate of node.getDescendantsOfKind(kind)) if (isValueCandidate(candidate)) found.push(candidate);
  return found;
}

const VALUE_KINDS = [
  SyntaxKind.PropertyAccessExpression,
  SyntaxKind.ElementAccessExpression,
  SyntaxKind.CallExpression,
  SyntaxKind.Identifier,
] as const;

/** An expression that can hold a value: not a property name, a callee, a declaration name or a type. */
function isValueCandidate(node: Node): boolean {
  if (Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node) || Node.isCallExpression(node)) return true;
  if (!Node.isIdentifier(node)) return false;
  const parent = node.getParent();
  if (!parent || Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) return false;
  if (Node.isCallExpression(parent) || Node.isNewExpression(parent)) return parent.getExpression() !== node;
  if (Node.isPropertyAssignment(parent)) return parent.getInitializer() === node;
  return (
    Node.isExpression(parent) ||
    Node.isTemplateSpan(parent) ||
    Node.isExpressionStatement(parent) ||
    Node.isReturnStatement(parent) ||
    Node.isIfStatement(parent) ||
    Node.isSpreadAssignment(parent) ||
    Node.isShorthandPropertyAssignment(parent)
  );
}

/** `a ?? b ?? c`, `a || (b || c)`: the operands in order (mixed `??`/`||` through parentheses too). */
export function flattenFallbackChain(node: Node): Node[] {
  const target = unwrapExpression(node);
  if (Node.isBinaryExpression(target)) {
    const kind = target.getOperatorToken().getKind();
    if (kind === SyntaxKind.QuestionQuestionToken || kind === SyntaxKind.BarBarToken) {
      return [...flattenFallbackChain(target.getLeft()), ...flattenFallbackChain(target.getRight())];
    }
  }
  return [node];
}

function isLiteral(node: Node): boolean {
  return (
    Node.isStringLiteral(node) ||
    Node.isNoSubstitutionTemplateLiteral(node) ||
    Node.isNumericLiteral(node) ||
    Node.isNullLiteral(node) ||
    Node.isTrueLiteral(node) ||
    Node.isFalseLiteral(node) ||
    Node.isVoidExpression(node)
  );
}
