/**
 * TypeScript-AST recognisers shared by the checks (the ts-morph twin of the plugin's
 * `utils/ast.ts`). What the names mean is decided by `@secret-guardrails/core`.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import type { CallExpression, ExportDeclaration, Expression, Identifier, ImportDeclaration, SourceFile, Symbol as TsSymbol } from "ts-morph";
import { isEnvObjectName, type SecretEntry, type SecretRegistry } from "@secret-guardrails/core";

/** Strips parentheses, `as`, `!`, `satisfies` and `<T>` casts. */
export function unwrapExpression(node: Node): Node {
  let current = node;
  for (;;) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isNonNullExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isTypeAssertion(current)
    ) {
      current = current.getExpression();
    } else {
      return current;
    }
  }
}

/** Like {@link unwrapExpression}, and also through `await`. */
export function unwrapAwait(node: Node): Node {
  let current = unwrapExpression(node);
  while (Node.isAwaitExpression(current)) current = unwrapExpression(current.getExpression());
  return current;
}

/** The symbol of an identifier, following import/export aliases to the original declaration. */
export function resolvedSymbol(node: Node): TsSymbol | undefined {
  const symbol = node.getSymbol();
  if (!symbol) return undefined;
  return symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
}

/** The declarations an identifier refers to (across files, through re-exports). */
export function declarationsOf(node: Node): Node[] {
  return resolvedSymbol(node)?.getDeclarations() ?? [];
}

/**
 * The constant string value of an expression: string/template literals, `const X = "a"` (in any
 * file), `KEYS.a` of a `const KEYS = { a: "b" }` (optionally `as const`). Depth-limited.
 */
export function constantString(node: Node, depth = 0): string | undefined {
  const target = unwrapExpression(node);
  if (Node.isStringLiteral(target) || Node.isNoSubstitutionTemplateLiteral(target)) return target.getLiteralValue();
  if (Node.isNumericLiteral(target)) return target.getText();
  if (depth > 4) return undefined;
  if (Node.isIdentifier(target)) {
    for (const declaration of declarationsOf(target)) {
      if (Node.isVariableDeclaration(declaration) && isConst(declaration)) {
        const initializer = declaration.getInitializer();
        if (initializer) return constantString(initializer, depth + 1);
      }
      if (Node.isEnumMember(declaration)) {
        const initializer = declaration.getInitializer();
        if (initializer) return constantString(initializer, depth + 1);
      }
    }
    return undefined;
  }
  if (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) {
    const name = Node.isPropertyAccessExpression(target)
      ? target.getName()
      : constantString(target.getArgumentExpressionOrThrow(), depth + 1);
    if (name === undefined) return undefined;
    const object = unwrapExpression(target.getExpression());
    if (!Node.isIdentifier(object)) return undefined;
    for (const declaration of declarationsOf(object)) {
      if (!Node.isVariableDeclaration(declaration) || !isConst(declaration)) continue;
      const initializer = declaration.getInitializer();
      const literal = initializer && unwrapExpression(initializer);
      if (literal && Node.isObjectLiteralExpression(literal)) {
        const property = literal.getProperty(name);
        if (property && Node.isPropertyAssignment(property)) {
          const value = property.getInitializer();
          if (value) return constantString(value, depth + 1);
        }
      }
    }
  }
  return undefined;
}

function isConst(declaration: Node): boolean {
  const list = declaration.getParent();
  return Node.isVariableDeclarationList(list) && (list.getFlags() & 2) !== 0; // ts.NodeFlags.Const
}

/** The static name of a property name node: identifier, string, number, or a computed constant. */
export function propertyNameText(name: Node): string | undefined {
  if (Node.isIdentifier(name) || Node.isPrivateIdentifier(name)) return name.getText();
  if (Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) || Node.isNumericLiteral(name)) {
    return name.getLiteralText();
  }
  if (Node.isComputedPropertyName(name)) return constantString(name.getExpression());
  return undefined;
}

/** The static member name of `a.b` / `a["b"]` / `a[KEY]`. */
export function accessedName(node: Node): string | undefined {
  if (Node.isPropertyAccessExpression(node)) return node.getName();
  if (Node.isElementAccessExpression(node)) {
    const argument = node.getArgumentExpression();
    return argument ? constantString(argument) : undefined;
  }
  return undefined;
}

/** `process.env` or `globalThis.process.env`. */
export function isProcessEnv(node: Node): boolean {
  const target = unwrapExpression(node);
  if (!Node.isPropertyAccessExpression(target) || target.getName() !== "env") return false;
  const object = unwrapExpression(target.getExpression());
  if (Node.isIdentifier(object)) return object.getText() === "process";
  return Node.isPropertyAccessExpression(object) && object.getName() === "process";
}

/** An env object: `process.env`, or an imported validated env (t3-env `env`, configurable). */
export function isEnvObject(node: Node, registry: SecretRegistry): boolean {
  const target = unwrapExpression(node);
  if (isProcessEnv(target)) return true;
  if (!Node.isIdentifier(target) || !isEnvObjectName(target.getText(), registry)) return false;
  const local = target.getSymbol()?.getDeclarations() ?? [];
  return local.some((declaration) => Node.isImportSpecifier(declaration) || Node.isImportClause(declaration) || Node.isNamespaceImport(declaration));
}

/**
 * If `node` reads an environment variable, its name (`"*"` when dynamic): `process.env.X`,
 * `process.env["X"]`, `env.X`, or a variable destructured from `process.env`.
 */
export function envReadName(node: Node, registry: SecretRegistry): string | undefined {
  const target = unwrapExpression(node);
  if ((Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) && isEnvObject(target.getExpression(), registry)) {
    return accessedName(target) ?? "*";
  }
  if (Node.isIdentifier(target)) {
    for (const declaration of target.getSymbol()?.getDeclarations() ?? []) {
      if (!Node.isBindingElement(declaration)) continue;
      const pattern = declaration.getParent();
      const variable = pattern?.getParent();
      if (Node.isObjectBindingPattern(pattern) && Node.isVariableDeclaration(variable)) {
        const initializer = variable.getInitializer();
        if (initializer && isEnvObject(initializer, registry)) {
          const propertyName = declaration.getPropertyNameNode();
          return (propertyName ? propertyNameText(propertyName) : declaration.getName()) ?? "*";
        }
      }
    }
  }
  return undefined;
}

/** Does `node` (or anything inside it, not crossing into nested functions) read the environment? */
export function containsEnvRead(node: Node, registry: SecretRegistry): boolean {
  if (envReadName(node, registry) !== undefined) return true;
  let found = false;
  node.forEachDescendant((child, traversal) => {
    if (isFunctionLike(child)) {
      traversal.skip();
      return;
    }
    if (envReadName(child, registry) !== undefined) {
      found = true;
      traversal.stop();
    }
  });
  return found;
}

export function isFunctionLike(node: Node): boolean {
  return (
    Node.isArrowFunction(node) ||
    Node.isFunctionExpression(node) ||
    Node.isFunctionDeclaration(node) ||
    Node.isMethodDeclaration(node) ||
    Node.isGetAccessorDeclaration(node) ||
    Node.isSetAccessorDeclaration(node) ||
    Node.isConstructorDeclaration(node)
  );
}

/**
 * Is `node` a settings delegate: `x.systemSettings` on any client (including the `tx` of a
 * `$transaction` callback), or an alias of one (`const t = db.systemSettings`,
 * `const { systemSettings } = prisma`), in this file or imported?
 */
export function isSettingsDelegate(node: Node, registry: SecretRegistry, depth = 0): boolean {
  const target = unwrapExpression(node);
  if (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) {
    const name = accessedName(target);
    return name !== undefined && registry.isSettingsDelegate(name);
  }
  if (!Node.isIdentifier(target) || depth > 4) return false;
  for (const declaration of declarationsOf(target)) {
    if (Node.isVariableDeclaration(declaration)) {
      const initializer = declaration.getInitializer();
      if (initializer && Node.isIdentifier(declaration.getNameNode()) && isSettingsDelegate(initializer, registry, depth + 1)) {
        return true;
      }
    } else if (Node.isBindingElement(declaration)) {
      const propertyName = declaration.getPropertyNameNode();
      const name = propertyName ? propertyNameText(propertyName) : declaration.getName();
      if (name !== undefined && registry.isSettingsDelegate(name)) return true;
    }
  }
  return false;
}

export interface SettingsCall {
  readonly call: CallExpression;
  /** `findUnique`, `update`, `upsert`... */
  readonly method: string;
  readonly delegate: Node;
}

/** `<settings delegate>.<method>(...)`, or undefined. */
export function settingsDelegateCall(call: CallExpression, registry: SecretRegistry): SettingsCall | undefined {
  const callee = unwrapExpression(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee) && !Node.isElementAccessExpression(callee)) return undefined;
  const method = accessedName(callee);
  if (method === undefined) return undefined;
  const delegate = callee.getExpression();
  return isSettingsDelegate(delegate, registry) ? { call, method, delegate } : undefined;
}

const settingsCallsCache = new WeakMap<SourceFile, SettingsCall[]>();

/** Every call on a settings delegate in a file (cached per file). */
export function settingsCallsIn(sourceFile: SourceFile, registry: SecretRegistry): readonly SettingsCall[] {
  let calls = settingsCallsCache.get(sourceFile);
  if (!calls) {
    calls = [];
    for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const match = settingsDelegateCall(call, registry);
      if (match) calls.push(match);
    }
    settingsCallsCache.set(sourceFile, calls);
  }
  return calls;
}

/** The registered secret named by a property name node or accessed member, if any. */
export function secretOfName(name: string | undefined, registry: SecretRegistry): SecretEntry | undefined {
  return name === undefined ? undefined : registry.secret(name);
}

/** `null`, `undefined` or `void 0`: values that clear a column, never a secret. */
export function isNullish(node: Node): boolean {
  const target = unwrapExpression(node);
  return (
    Node.isNullLiteral(target) ||
    (Node.isIdentifier(target) && target.getText() === "undefined") ||
    Node.isVoidExpression(target)
  );
}

/** The root identifier of `a.b.c()` / `a.b().c` chains. */
export function rootIdentifier(node: Node): Identifier | undefined {
  let current = unwrapExpression(node);
  for (;;) {
    if (Node.isIdentifier(current)) return current;
    if (Node.isPropertyAccessExpression(current) || Node.isElementAccessExpression(current) || Node.isCallExpression(current)) {
      current = unwrapExpression(current.getExpression());
    } else {
      return undefined;
    }
  }
}

/** The function-like node that contains `node` (undefined at module level). */
export function enclosingFunction(node: Node): Node | undefined {
  return node.getFirstAncestor(isFunctionLike);
}

export type { Expression };

/**
 * The file an import or export declaration names, when it names one. A specifier that is not a
 * string (`import x from y`: a grammar error TypeScript's parser lets through) makes ts-morph's
 * own `getModuleSpecifierSourceFile` throw.
 */
export function moduleSourceFile(declaration: ImportDeclaration | ExportDeclaration): SourceFile | undefined {
  const specifier = declaration.compilerNode.moduleSpecifier;
  if (!specifier || specifier.kind !== SyntaxKind.StringLiteral) return undefined;
  return declaration.getModuleSpecifierSourceFile();
}
