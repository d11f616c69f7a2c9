/**
 * Where settings rows come from, and which secrets they carry. A value is a settings row when it
 * is the result of a settings delegate read/write (`db.systemSettings.findUnique(...)`), of a
 * helper whose returns are rows (`await getSystemSettings(db)`, in any file), a `$transaction`
 * callback returning one, the rest of a destructured row, or a variable/parameter/property whose
 * declared type names a settings model (`Pick<SystemSettings, "smtpPassword">`, through type
 * aliases and interface `extends`). Types are read by *name*: the analysed repository usually has
 * no `node_modules`, so Prisma's types do not resolve.
 *
 * Every answer is cached per node; one analysis object exists per registry.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import type { ObjectLiteralExpression } from "ts-morph";
import {
  PRISMA_TRANSACTION_METHOD,
  isRequestInputName,
  type SecretEntry,
  type SecretRegistry,
  PRISMA_ROW_METHODS as ROW_METHODS,
} from "@secret-guardrails/core";
import { calledFunction, functionOfDeclaration, memberDeclarations, returnedExpressions, valueDeclarationsOf } from "./functions.js";
import {
  accessedName,
  declarationsOf,
  isEnvObject,
  isFunctionLike,
  propertyNameText,
  rootIdentifier,
  settingsDelegateCall,
  unwrapAwait,
  unwrapExpression,
} from "./syntax.js";

/** A settings row (or array of rows): the registered secrets it carries. */
export interface RowValue {
  readonly secrets: readonly SecretEntry[];
}

/** What an object is, as far as secrets go. */
export type ObjectShape = "row" | "plain" | "unknown";

/** A member read of a registered secret on something that may hold a settings row. */
export interface SecretRead {
  /** The member access (`settings.smtpPassword`, `row?.["geminiApiKey"]`). */
  readonly node: Node;
  readonly secret: SecretEntry;
  /** The object is known to be a settings row; otherwise only its name and the secret's name say so. */
  readonly rowPositive: boolean;
}

export interface SettingsRows {
  /** The row an expression evaluates to, or undefined when it is not (known to be) a settings row. */
  rowOf(expression: Node): RowValue | undefined;
  /** A settings delegate call that resolves to rows, with the secrets its `select`/`omit` keeps. */
  delegateRow(call: Node): RowValue | undefined;
  /** Does a type annotation name a settings model (directly or through aliases)? */
  isRowType(typeNode: Node): boolean;
  objectShape(expression: Node): ObjectShape;
  /** A read of a registered secret's value from a (possible) settings row; undefined for env, input, plain objects. */
  secretRead(node: Node): SecretRead | undefined;
  /** The object literal an expression stands for (directly, or a variable initialised with one, in any file). */
  resolveObjectLiteral(node: Node): ObjectLiteralExpression | undefined;
}

const analyses = new WeakMap<SecretRegistry, SettingsRows>();

/** The (cached) row analysis for a registry. */
export function settingsRows(registry: SecretRegistry): SettingsRows {
  let analysis = analyses.get(registry);
  if (!analysis) {
    analysis = createSettingsRows(registry);
    analyses.set(registry, analysis);
  }
  return analysis;
}

function createSettingsRows(registry: SecretRegistry): SettingsRows {
  const modelNames = new Set(registry.settingsModels.map((model) => model.name));
  const allSecrets: RowValue = { secrets: registry.secrets };
  const noSecrets: RowValue = { secrets: [] };

  const rowCache = new Map<Node, RowValue | null>();
  const declarationCache = new Map<Node, RowValue | null>();
  const functionCache = new Map<Node, RowValue | null>();
  const typeCache = new Map<Node, boolean>();
  const shapeCache = new Map<Node, ObjectShape>();

  /** Runs `compute` once per key; a cycle answers `undefined`. */
  function memo<K, V>(cache: Map<K, V | null>, key: K, compute: () => V | undefined): V | undefined {
    if (cache.has(key)) return cache.get(key) ?? undefined;
    cache.set(key, null);
    const value = compute();
    cache.set(key, value ?? null);
    return value;
  }

  function union(values: readonly (RowValue | undefined)[]): RowValue | undefined {
    const present = values.filter((value): value is RowValue => value !== undefined);
    if (present.length === 0) return undefined;
    if (present.length === 1) return present[0];
    const byField = new Map<string, SecretEntry>();
    for (const value of present) for (const secret of value.secrets) byField.set(secret.field, secret);
    return { secrets: [...byField.values()] };
  }

  function resolveObjectLiteral(node: Node, depth = 0): ObjectLiteralExpression | undefined {
    const target = unwrapExpression(node);
    if (Node.isObjectLiteralExpression(target)) return target;
    if (!Node.isIdentifier(target) || depth > 4) return undefined;
    for (const declaration of declarationsOf(target)) {
      if (Node.isVariableDeclaration(declaration)) {
        const initializer = declaration.getInitializer();
        const literal = initializer && resolveObjectLiteral(initializer, depth + 1);
        if (literal) return literal;
      }
    }
    return undefined;
  }

  /** Keys an object literal turns on (`{ a: true, b: false, ...OTHER }` -> a and OTHER's). */
  function enabledKeys(literal: ObjectLiteralExpression, depth = 0): Set<string> {
    const keys = new Set<string>();
    for (const property of literal.getProperties()) {
      if (Node.isPropertyAssignment(property)) {
        const name = propertyNameText(property.getNameNode());
        const initializer = property.getInitializer(); // missing only in code that does not parse
        if (name !== undefined && initializer && unwrapExpression(initializer).getKind() !== SyntaxKind.FalseKeyword) keys.add(name);
      } else if (Node.isShorthandPropertyAssignment(property)) {
        keys.add(property.getName());
      } else if (Node.isSpreadAssignment(property) && depth < 4) {
        const spread = resolveObjectLiteral(property.getExpression());
        if (spread) for (const key of enabledKeys(spread, depth + 1)) keys.add(key);
      }
    }
    return keys;
  }

  function delegateRow(call: Node): RowValue | undefined {
    if (!Node.isCallExpression(call)) return undefined;
    const match = settingsDelegateCall(call, registry);
    if (!match || !ROW_METHODS.has(match.method)) return undefined;
    const argument = call.getArguments()[0];
    if (!argument) return allSecrets;
    const options = resolveObjectLiteral(argument);
    // Arguments built elsewhere (a parameter, a spread): what they select is unknown.
    if (!options) return noSecrets;
    const optionValue = (name: string): Node | undefined => {
      const property = options.getProperty(name);
      if (Node.isPropertyAssignment(property)) return property.getInitializer();
      if (Node.isShorthandPropertyAssignment(property)) return property.getNameNode();
      return undefined;
    };
    const select = optionValue("select");
    if (select) {
      const literal = resolveObjectLiteral(select);
      if (!literal) return noSecrets;
      const keys = enabledKeys(literal);
      return { secrets: registry.secrets.filter((secret) => keys.has(secret.field)) };
    }
    const omit = optionValue("omit");
    if (omit) {
      const literal = resolveObjectLiteral(omit);
      if (!literal) return noSecrets;
      const keys = enabledKeys(literal);
      return { secrets: registry.secrets.filter((secret) => !keys.has(secret.field)) };
    }
    return allSecrets;
  }

  function rowOf(expression: Node): RowValue | undefined {
    const target = unwrapAwait(expression);
    return memo(rowCache, target, () => computeRow(target));
  }

  function computeRow(target: Node): RowValue | undefined {
    if (Node.isCallExpression(target)) {
      const delegate = delegateRow(target);
      if (delegate) return delegate;
      const callee = unwrapExpression(target.getExpression());
      if (Node.isPropertyAccessExpression(callee) && callee.getName() === PRISMA_TRANSACTION_METHOD) {
        const callback = target.getArguments()[0];
        const fn = callback && unwrapExpression(callback);
        return fn && isFunctionLike(fn) ? union(returnedExpressions(fn).map(rowOf)) : undefined;
      }
      const fn = calledFunction(target);
      return fn ? functionRow(fn) : undefined;
    }
    if (Node.isIdentifier(target)) {
      return union(valueDeclarationsOf(target).map(declarationRow));
    }
    if (Node.isPropertyAccessExpression(target)) {
      // `this.row`, `service.settings`: a property declared with a row type or initialised with a row.
      if (registry.secret(target.getName())) return undefined;
      return union(memberDeclarations(target).map(declarationRow));
    }
    if (Node.isBinaryExpression(target)) {
      const operator = target.getOperatorToken().getKind();
      if (operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken) {
        return union([rowOf(target.getLeft()), rowOf(target.getRight())]);
      }
      return undefined;
    }
    if (Node.isConditionalExpression(target)) {
      return union([rowOf(target.getWhenTrue()), rowOf(target.getWhenFalse())]);
    }
    return undefined;
  }

  function declarationRow(declaration: Node): RowValue | undefined {
    return memo(declarationCache, declaration, () => computeDeclarationRow(declaration));
  }

  function computeDeclarationRow(declaration: Node): RowValue | undefined {
    if (Node.isVariableDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) {
      const initializer = declaration.getInitializer();
      const fromValue = initializer ? rowOf(initializer) : undefined;
      if (fromValue) return fromValue;
      const typeNode = declaration.getTypeNode();
      return typeNode && isRowType(typeNode) ? allSecrets : undefined;
    }
    if (Node.isBindingElement(declaration) && declaration.getDotDotDotToken()) {
      // `const { id, updatedAt, ...rest } = row`: the rest keeps every secret not destructured out.
      const pattern = declaration.getParent();
      const holder = pattern.getParent();
      let source: RowValue | undefined;
      if (Node.isVariableDeclaration(holder)) {
        const initializer = holder.getInitializer();
        source = initializer ? rowOf(initializer) : undefined;
      } else if (Node.isParameterDeclaration(holder)) {
        const typeNode = holder.getTypeNode();
        source = typeNode && isRowType(typeNode) ? allSecrets : undefined;
      }
      if (!source || !Node.isObjectBindingPattern(pattern)) return undefined;
      const removed = new Set<string>();
      for (const element of pattern.getElements()) {
        if (element === declaration) continue;
        const nameNode = element.getPropertyNameNode() ?? element.getNameNode();
        const name = propertyNameText(nameNode);
        if (name !== undefined) removed.add(name);
      }
      return { secrets: source.secrets.filter((secret) => !removed.has(secret.field)) };
    }
    if (
      Node.isParameterDeclaration(declaration) ||
      Node.isPropertyDeclaration(declaration) ||
      Node.isPropertySignature(declaration)
    ) {
      if (Node.isParameterDeclaration(declaration) && !Node.isIdentifier(declaration.getNameNode())) return undefined;
      const typeNode = declaration.getTypeNode();
      if (typeNode && isRowType(typeNode)) return allSecrets;
      if (Node.isPropertyDeclaration(declaration)) {
        const initializer = declaration.getInitializer();
        return initializer ? rowOf(initializer) : undefined;
      }
    }
    return undefined;
  }

  /** The rows a function returns: from its return expressions, else from its declared return type. */
  function functionRow(fn: Node): RowValue | undefined {
    return memo(functionCache, fn, () => {
      const fromReturns = union(returnedExpressions(fn).map(rowOf));
      if (fromReturns) return fromReturns;
      const returnType = Node.isFunctionLikeDeclaration(fn) || Node.isArrowFunction(fn) ? fn.getReturnTypeNode() : undefined;
      return returnType && isRowType(returnType) ? allSecrets : undefined;
    });
  }

  function isRowType(typeNode: Node): boolean {
    const cached = typeCache.get(typeNode);
    if (cached !== undefined) return cached;
    typeCache.set(typeNode, false);
    const result = computeRowType(typeNode);
    typeCache.set(typeNode, result);
    return result;
  }

  function computeRowType(typeNode: Node): boolean {
    const candidates = [typeNode, ...typeNode.getDescendants()];
    for (const node of candidates) {
      let nameNode: Node | undefined;
      if (Node.isTypeReference(node)) nameNode = node.getTypeName();
      else if (Node.isExpressionWithTypeArguments(node)) nameNode = node.getExpression();
      else if (Node.isTypeQuery(node)) {
        const identifier = rightmostIdentifier(node.getExprName());
        for (const declaration of identifier ? declarationsOf(identifier) : []) {
          const fn = functionOfDeclaration(declaration);
          if (fn ? functionRow(fn) : declarationRow(declaration)) return true;
        }
        continue;
      } else {
        continue;
      }
      const identifier = rightmostIdentifier(nameNode);
      if (!identifier) continue;
      if (modelNames.has(identifier.getText())) return true;
      for (const declaration of declarationsOf(identifier)) {
        if (Node.isTypeAliasDeclaration(declaration)) {
          const aliased = declaration.getTypeNode();
          if (aliased && isRowType(aliased)) return true;
        } else if (Node.isInterfaceDeclaration(declaration)) {
          if (declaration.getExtends().some((heritage) => isRowType(heritage))) return true;
        }
      }
    }
    return false;
  }

  function objectShape(expression: Node): ObjectShape {
    const target = unwrapAwait(expression);
    const cached = shapeCache.get(target);
    if (cached) return cached;
    shapeCache.set(target, "unknown");
    const shape = computeShape(target);
    shapeCache.set(target, shape);
    return shape;
  }

  function computeShape(target: Node): ObjectShape {
    if (rowOf(target)) return "row";
    if (isEnvObject(target, registry)) return "plain";
    if (
      Node.isObjectLiteralExpression(target) ||
      Node.isArrayLiteralExpression(target) ||
      Node.isNewExpression(target) ||
      Node.isStringLiteral(target) ||
      Node.isTemplateExpression(target)
    ) {
      return "plain";
    }
    if (Node.isIdentifier(target)) {
      for (const declaration of valueDeclarationsOf(target)) {
        if (Node.isVariableDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) {
          const initializer = declaration.getInitializer();
          if (initializer) return objectShape(initializer);
        }
      }
      return "unknown";
    }
    if (Node.isCallExpression(target)) {
      const callee = unwrapExpression(target.getExpression());
      if (Node.isPropertyAccessExpression(callee) && callee.getText() === "Object.fromEntries") return "plain";
      const fn = calledFunction(target);
      if (!fn) return "unknown";
      const returned = returnedExpressions(fn);
      return returned.length > 0 && returned.every((value) => objectShape(value) === "plain") ? "plain" : "unknown";
    }
    return "unknown";
  }

  function secretRead(node: Node): SecretRead | undefined {
    if (!Node.isPropertyAccessExpression(node) && !Node.isElementAccessExpression(node)) return undefined;
    const secret = registry.secret(accessedName(node) ?? "");
    if (!secret || isWriteTarget(node)) return undefined;
    const object = node.getExpression();
    if (isEnvObject(object, registry)) return undefined;
    const shape = objectShape(object);
    if (shape === "row") return { node, secret, rowPositive: true };
    if (shape === "plain") return undefined;
    const root = rootIdentifier(object);
    if (root && isRequestInputName(root.getText())) return undefined;
    if (Node.isPropertyAccessExpression(node)) {
      // A getter, method or object-literal property of our own code: a value computed there, not a column.
      const members = memberDeclarations(node);
      if (members.some((member) => isComputedMember(member))) return undefined;
    }
    return { node, secret, rowPositive: false };
  }

  return { rowOf, delegateRow, isRowType, objectShape, secretRead, resolveObjectLiteral };
}

function isComputedMember(declaration: Node): boolean {
  return (
    Node.isGetAccessorDeclaration(declaration) ||
    Node.isSetAccessorDeclaration(declaration) ||
    Node.isMethodDeclaration(declaration) ||
    Node.isPropertyAssignment(declaration) ||
    Node.isShorthandPropertyAssignment(declaration)
  );
}

function rightmostIdentifier(name: Node): Node | undefined {
  if (Node.isIdentifier(name)) return name;
  if (Node.isQualifiedName(name)) return name.getRight();
  if (Node.isPropertyAccessExpression(name)) return name.getNameNode();
  return undefined;
}

/** Is `node` assigned to, deleted or incremented rather than read? */
export function isWriteTarget(node: Node): boolean {
  const parent = node.getParent();
  if (!parent) return false;
  if (Node.isBinaryExpression(parent) && parent.getLeft() === node) {
    const kind = parent.getOperatorToken().getKind();
    return kind >= SyntaxKind.FirstAssignment && kind <= SyntaxKind.LastAssignment;
  }
  if (Node.isDeleteExpression(parent)) return true;
  if (Node.isPrefixUnaryExpression(parent) || Node.isPostfixUnaryExpression(parent)) {
    const operator = parent.getOperatorToken();
    return operator === SyntaxKind.PlusPlusToken || operator === SyntaxKind.MinusMinusToken;
  }
  return false;
}
