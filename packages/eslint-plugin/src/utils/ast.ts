/**
 * ESTree recognisers shared by the rules. They find the syntax; `@secret-guardrails/core` says
 * what the names mean (which keys are secrets, which delegates are settings models).
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import {
  PRISMA_TRANSACTION_METHOD,
  isEnvObjectName,
  type SecretEntry,
  type SecretRegistry,
} from "@secret-guardrails/core";

type Scope = TSESLint.Scope.Scope;

/** Strips `x as T`, `x!`, `x satisfies T`, `<T>x` and optional-chain wrappers. */
export function unwrap(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
        current = current.expression;
        break;
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/**
 * The static name of a property key or member: `a.b`, `a["b"]`, `` a[`b`] ``, `{ [KEY]: v }` with
 * `const KEY = "b"` (or any constant expression eslint-utils can evaluate).
 */
export function staticKeyName(
  key: TSESTree.Node,
  computed: boolean,
  scope: Scope | undefined,
): string | undefined {
  if (!computed) {
    if (key.type === AST_NODE_TYPES.Identifier) return key.name;
    if (key.type === AST_NODE_TYPES.Literal) return String(key.value);
    return undefined;
  }
  const value = ASTUtils.getStaticValue(key, scope);
  return value && (typeof value.value === "string" || typeof value.value === "number") ? String(value.value) : undefined;
}

export function memberName(node: TSESTree.MemberExpression, scope: Scope | undefined): string | undefined {
  return staticKeyName(node.property, node.computed, scope);
}

export function propertyName(node: TSESTree.Property, scope: Scope | undefined): string | undefined {
  return staticKeyName(node.key, node.computed, scope);
}

/** `process.env` (also `globalThis.process.env`). */
export function isProcessEnv(node: TSESTree.Node): boolean {
  const target = unwrap(node);
  if (target.type !== AST_NODE_TYPES.MemberExpression || target.computed) return false;
  if (target.property.type !== AST_NODE_TYPES.Identifier || target.property.name !== "env") return false;
  const object = unwrap(target.object);
  if (object.type === AST_NODE_TYPES.Identifier) return object.name === "process";
  return (
    object.type === AST_NODE_TYPES.MemberExpression &&
    !object.computed &&
    object.property.type === AST_NODE_TYPES.Identifier &&
    object.property.name === "process"
  );
}

/** Is `name` in `scope` bound by an import (a validated env module such as t3-env's `env`)? */
function isImportBinding(name: string, scope: Scope | undefined): boolean {
  if (!scope) return false;
  const variable = ASTUtils.findVariable(scope, name);
  return variable?.defs.some((def) => def.type === "ImportBinding") ?? false;
}

/** Is `node` an env object: `process.env`, or an imported validated env (`import { env } from "~/env"`)? */
export function isEnvObject(node: TSESTree.Node, registry: SecretRegistry, scope: Scope | undefined): boolean {
  const target = unwrap(node);
  if (isProcessEnv(target)) return true;
  return target.type === AST_NODE_TYPES.Identifier && isEnvObjectName(target.name, registry) && isImportBinding(target.name, scope);
}

/**
 * If `node` reads an environment variable, its name (`"*"` when not static): `process.env.X`,
 * `process.env["X"]`, `env.X` of an imported env object, or a variable destructured from
 * `process.env` (`const { X } = process.env`).
 */
export function envReadName(node: TSESTree.Node, registry: SecretRegistry, scope: Scope | undefined): string | undefined {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.MemberExpression && isEnvObject(target.object, registry, scope)) {
    return memberName(target, scope) ?? "*";
  }
  if (target.type === AST_NODE_TYPES.Identifier && scope) {
    const variable = ASTUtils.findVariable(scope, target.name);
    const def = variable?.defs[0];
    if (
      def?.type === "Variable" &&
      def.node.id.type === AST_NODE_TYPES.ObjectPattern &&
      def.node.init &&
      isEnvObject(def.node.init, registry, scope)
    ) {
      for (const property of def.node.id.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
        if (value.type === AST_NODE_TYPES.Identifier && value.name === target.name) {
          return staticKeyName(property.key, property.computed, scope) ?? "*";
        }
      }
    }
  }
  return undefined;
}

/** Does any node inside `node` read the environment? (Stops at nested functions.) */
export function containsEnvRead(node: TSESTree.Node, registry: SecretRegistry, scope: Scope | undefined): boolean {
  let found = false;
  walk(node, (child) => {
    if (found) return false;
    if (envReadName(child, registry, scope) !== undefined) {
      found = true;
      return false;
    }
    return !isFunction(child);
  });
  return found;
}

export function isFunction(
  node: TSESTree.Node,
): node is TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression | TSESTree.FunctionDeclaration {
  return (
    node.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionExpression ||
    node.type === AST_NODE_TYPES.FunctionDeclaration
  );
}

/** Keys that hold no child nodes: the back link, and `Program`'s token and comment lists (tokens have a `type` too). */
const NON_CHILD_KEYS: ReadonlySet<string> = new Set(["parent", "tokens", "comments"]);

/** Pre-order walk over child nodes; `visit` returns false to skip a node's children. */
export function walk(node: TSESTree.Node, visit: (node: TSESTree.Node) => boolean | void): void {
  if (visit(node) === false) return;
  for (const key of Object.keys(node) as Array<keyof typeof node>) {
    if (NON_CHILD_KEYS.has(key)) continue;
    const value = node[key] as unknown;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) walk(item, visit);
    } else if (isNode(value)) {
      walk(value, visit);
    }
  }
}

function isNode(value: unknown): value is TSESTree.Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/**
 * Is `node` a settings delegate: `x.systemSettings` (any client, including the `tx` of a
 * `$transaction` callback), or a local alias of one (`const table = ctx.db.systemSettings`,
 * `const { systemSettings } = prisma`)?
 */
export function isSettingsDelegate(node: TSESTree.Node, registry: SecretRegistry, scope: Scope | undefined, depth = 0): boolean {
  const target = unwrap(node);
  if (target.type === AST_NODE_TYPES.MemberExpression) {
    const name = memberName(target, scope);
    return name !== undefined && registry.isSettingsDelegate(name);
  }
  if (target.type === AST_NODE_TYPES.Identifier && scope && depth < 5) {
    const variable = ASTUtils.findVariable(scope, target.name);
    if (!variable || variable.defs.length !== 1) return false;
    const def = variable.defs[0]!;
    if (def.type !== "Variable" || !def.node.init) return false;
    if (def.node.id.type === AST_NODE_TYPES.Identifier) {
      return isSettingsDelegate(def.node.init, registry, scope, depth + 1);
    }
    if (def.node.id.type === AST_NODE_TYPES.ObjectPattern) {
      return def.node.id.properties.some(
        (property) =>
          property.type === AST_NODE_TYPES.Property &&
          property.value.type === AST_NODE_TYPES.Identifier &&
          property.value.name === target.name &&
          registry.isSettingsDelegate(staticKeyName(property.key, property.computed, scope) ?? ""),
      );
    }
  }
  return false;
}

/** A call `<settings delegate>.<method>(...)`: the method name and the delegate, or undefined. */
export function settingsDelegateCall(
  node: TSESTree.CallExpression,
  registry: SecretRegistry,
  scope: Scope | undefined,
): { method: string; delegate: TSESTree.Node } | undefined {
  const callee = unwrap(node.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = memberName(callee, scope);
  if (!method || !isSettingsDelegate(callee.object, registry, scope)) return undefined;
  return { method, delegate: callee.object };
}

/** Is `node` the callback of a `$transaction(async (tx) => ...)` call? */
export function isTransactionCallback(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.arguments[0] !== node) return false;
  const callee = unwrap(parent.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    !callee.computed &&
    callee.property.type === AST_NODE_TYPES.Identifier &&
    callee.property.name === PRISMA_TRANSACTION_METHOD
  );
}

/** The registered secret a property `{ key: value }` writes, if its key resolves to one. */
export function secretOfProperty(
  property: TSESTree.Property,
  registry: SecretRegistry,
  scope: Scope | undefined,
): SecretEntry | undefined {
  const name = propertyName(property, scope);
  return name === undefined ? undefined : registry.secret(name);
}

/** Is the expression `null` or `undefined` (a value that clears or leaves a column, never a secret)? */
export function isNullish(node: TSESTree.Node): boolean {
  const target = unwrap(node);
  return (
    (target.type === AST_NODE_TYPES.Literal && target.value === null && !("regex" in target)) ||
    (target.type === AST_NODE_TYPES.Identifier && target.name === "undefined") ||
    (target.type === AST_NODE_TYPES.UnaryExpression && target.operator === "void")
  );
}

/** The root identifier of a member chain or call chain: `ctx.db.x.y()` -> `ctx`. */
export function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = unwrap(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.Identifier) return current;
    if (current.type === AST_NODE_TYPES.MemberExpression) current = unwrap(current.object);
    else if (current.type === AST_NODE_TYPES.CallExpression) current = unwrap(current.callee);
    else return undefined;
  }
}
