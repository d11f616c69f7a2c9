/**
 * Syntactic, in-file answer to "does this expression's value carry a secret?": a registered
 * secret's value (`settings.smtpPassword`, `process.env.SMTP_PASSWORD`), a settings row that still
 * holds secret columns (`await prisma.systemSettings.findUnique(...)` without a limiting `select`,
 * a rest-destructured row), or an object/array literal that contains either. Presence checks
 * (`Boolean(x)`, `!!x`, `x != null`, `typeof x`, `x ? "set" : "missing"`) carry nothing. What the
 * syntax cannot decide (parameters, imports, calls of unknown functions) is returned as an
 * `unknown` carrier, so a caller with type information can decide it instead.
 */
import { ASTUtils, AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import {
  PRESENCE_FUNCTIONS,
  PRISMA_TRANSACTION_METHOD,
  isJsonResponseCall,
  type SecretEntry,
  type SecretRegistry,
  PRISMA_ROW_METHODS as ROW_RETURNING_METHODS,
} from "@secret-guardrails/core";
import { envReadName, isFunction, isNullish, memberName, rootIdentifier, settingsDelegateCall, staticKeyName, unwrap, walk } from "./ast.js";

type Scope = TSESLint.Scope.Scope;

/** Calls that return (a string form of) their first argument: the value is still there. */
const VALUE_PRESERVING_FUNCTIONS: ReadonlySet<string> = new Set(["String", "structuredClone"]);
const VALUE_PRESERVING_METHODS: ReadonlySet<string> = new Set(["toString", "valueOf", "trim", "trimStart", "trimEnd"]);

interface CarrierBase {
  /** Where the carrier sits: the expression, or the property / spread / element that holds it. */
  readonly node: TSESTree.Node;
  /** True while `node` is the whole expression that was asked about (a caller may re-anchor it). */
  readonly whole: boolean;
  /** Set when the carrier was anchored at an object property `key: value`. */
  readonly property?: TSESTree.Property;
}

/** The value of one registered secret. */
export interface ValueCarrier extends CarrierBase {
  readonly kind: "value";
  readonly secret: SecretEntry;
  /** The read that names the secret (`row.smtpPassword`, `process.env.SMTP_PASSWORD`, a destructured binding). */
  readonly read: TSESTree.Node;
  /** True when the read is an environment variable (its value is the secret by definition). */
  readonly fromEnv: boolean;
}

/** A settings row (or part of one) that still holds these secret columns. */
export interface RowCarrier extends CarrierBase {
  readonly kind: "row";
  readonly secrets: readonly SecretEntry[];
  /** The delegate call the row comes from, and the `select` properties that picked secrets. */
  readonly source?: TSESTree.CallExpression;
  readonly selected?: ReadonlyArray<{ readonly secret: SecretEntry; readonly property: TSESTree.Property }>;
}

/** An expression the syntax cannot see into (a parameter, an import, an unknown call's result). */
export interface UnknownCarrier extends CarrierBase {
  readonly kind: "unknown";
  /** The expression whose type decides. */
  readonly expression: TSESTree.Node;
}

export type Carrier = ValueCarrier | RowCarrier | UnknownCarrier;

export interface SecretFlow {
  /** Everything in `node`'s value that may carry a secret into a response. */
  carriers(node: TSESTree.Node): readonly Carrier[];
}

const MAX_DEPTH = 12;

export function createSecretFlow(registry: SecretRegistry, sourceCode: Readonly<TSESLint.SourceCode>): SecretFlow {
  const cache = new WeakMap<TSESTree.Node, readonly Carrier[]>();
  const secretsByDelegate = new Map<string, readonly SecretEntry[]>();
  let depth = 0;

  const scopeOf = (node: TSESTree.Node): Scope => sourceCode.getScope(node);

  function carriers(node: TSESTree.Node): readonly Carrier[] {
    const cached = cache.get(node);
    if (cached) return cached;
    if (depth > MAX_DEPTH) return [];
    cache.set(node, []); // cycles (`const a = b; const b = a`) end here
    depth++;
    try {
      const result = analyse(node);
      cache.set(node, result);
      return result;
    } finally {
      depth--;
    }
  }

  /** `node`'s whole carriers re-anchored at `anchor` (still whole); the others unchanged. */
  function anchoredAt(anchor: TSESTree.Node, found: readonly Carrier[]): Carrier[] {
    return found.map((carrier) => (carrier.whole && carrier.node !== anchor ? { ...carrier, node: anchor } : carrier));
  }

  /** Whole carriers of a part pinned at `anchor` (a property, spread or element): no longer whole. */
  function pinnedAt(anchor: TSESTree.Node, found: readonly Carrier[], property?: TSESTree.Property): Carrier[] {
    return found.map((carrier) => {
      if (!carrier.whole) return carrier;
      return property ? { ...carrier, node: anchor, whole: false, property } : { ...carrier, node: anchor, whole: false };
    });
  }

  function unknown(node: TSESTree.Node): Carrier[] {
    return [{ kind: "unknown", node, whole: true, expression: node }];
  }

  function analyse(node: TSESTree.Node): readonly Carrier[] {
    const target = unwrap(node);
    switch (target.type) {
      case AST_NODE_TYPES.AwaitExpression:
        return anchoredAt(node, carriers(target.argument));
      case AST_NODE_TYPES.Identifier:
        return anchoredAt(node, identifierCarriers(target));
      case AST_NODE_TYPES.MemberExpression:
        return anchoredAt(node, memberCarriers(target));
      case AST_NODE_TYPES.CallExpression:
        return anchoredAt(node, callCarriers(target));
      case AST_NODE_TYPES.ObjectExpression:
        return objectCarriers(target);
      case AST_NODE_TYPES.ArrayExpression:
        return target.elements.flatMap((element) =>
          element ? pinnedAt(element, carriers(element.type === AST_NODE_TYPES.SpreadElement ? element.argument : element)) : [],
        );
      case AST_NODE_TYPES.ConditionalExpression:
        // The test only decides which branch leaves: `x ? "set" : "missing"` is presence.
        return anchoredAt(node, [...carriers(target.consequent), ...carriers(target.alternate)]);
      case AST_NODE_TYPES.LogicalExpression:
        // `a && b` yields `b` (or a falsy `a`); `a || b` and `a ?? b` yield either side.
        return anchoredAt(
          node,
          target.operator === "&&" ? carriers(target.right) : [...carriers(target.left), ...carriers(target.right)],
        );
      case AST_NODE_TYPES.BinaryExpression:
        // Comparisons are presence checks; `"Bearer " + key` still carries the key.
        if (target.operator !== "+") return [];
        return anchoredAt(node, valuesOnly([...carriers(target.left), ...carriers(target.right)]));
      case AST_NODE_TYPES.TemplateLiteral:
        return anchoredAt(node, valuesOnly(target.expressions.flatMap((expression) => carriers(expression))));
      case AST_NODE_TYPES.SequenceExpression:
        return anchoredAt(node, carriers(target.expressions[target.expressions.length - 1]!));
      case AST_NODE_TYPES.AssignmentExpression:
        return target.operator === "=" ? anchoredAt(node, carriers(target.right)) : [];
      default:
        // Literals, `!x`, `typeof x`, functions, classes, `new X()`: no secret value leaves.
        return [];
    }
  }

  function valuesOnly(found: readonly Carrier[]): Carrier[] {
    return found.filter((carrier) => carrier.kind === "value" || !carrier.whole);
  }

  function objectCarriers(object: TSESTree.ObjectExpression): Carrier[] {
    const found: Carrier[] = [];
    for (const member of object.properties) {
      if (member.type === AST_NODE_TYPES.SpreadElement) {
        found.push(...pinnedAt(member, carriers(member.argument)));
      } else if (member.kind === "init" && !member.method) {
        found.push(...pinnedAt(member, carriers(member.value), member));
      }
    }
    return found;
  }

  function identifierCarriers(identifier: TSESTree.Identifier): readonly Carrier[] {
    if (identifier.name === "undefined") return [];
    const scope = scopeOf(identifier);
    const env = envReadName(identifier, registry, scope);
    if (env !== undefined) return envCarriers(identifier, env);
    const variable = ASTUtils.findVariable(scope, identifier);
    if (!variable || variable.defs.length !== 1) return unknown(identifier);
    const def = variable.defs[0]!;
    if (def.type !== "Variable" || !def.node.init) return unknown(identifier);
    // Only variables that are never reassigned after their declaration.
    if (variable.references.some((reference) => reference.isWrite() && reference.init !== true)) return unknown(identifier);
    const pattern = def.node.id;
    const init = def.node.init;
    if (pattern.type === AST_NODE_TYPES.Identifier) return carriers(init);
    if (pattern.type !== AST_NODE_TYPES.ObjectPattern) return unknown(identifier);
    return destructuredCarriers(identifier, pattern, init, scope);
  }

  /** `const { smtpPassword } = x` is the secret; `const { id, ...rest } = row` is the row minus `id`. */
  function destructuredCarriers(
    identifier: TSESTree.Identifier,
    pattern: TSESTree.ObjectPattern,
    init: TSESTree.Expression,
    scope: Scope,
  ): readonly Carrier[] {
    const taken = new Set<string>();
    let rest = false;
    for (const property of pattern.properties) {
      if (property.type === AST_NODE_TYPES.RestElement) {
        rest = property.argument.type === AST_NODE_TYPES.Identifier && property.argument.name === identifier.name;
        continue;
      }
      const key = staticKeyName(property.key, property.computed, scope);
      if (key !== undefined) taken.add(key);
      const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
      if (value.type === AST_NODE_TYPES.Identifier && value.name === identifier.name) {
        const secret = key === undefined ? undefined : registry.secret(key);
        return secret ? [{ kind: "value", node: identifier, whole: true, secret, read: identifier, fromEnv: false }] : unknown(identifier);
      }
    }
    if (!rest) return unknown(identifier);
    const found: Carrier[] = [];
    for (const carrier of carriers(init)) {
      if (!carrier.whole) continue;
      if (carrier.kind === "unknown") {
        found.push(...unknown(identifier));
      } else if (carrier.kind === "row") {
        const secrets = carrier.secrets.filter((secret) => !taken.has(secret.field) && !taken.has(secret.column));
        if (secrets.length > 0) found.push({ kind: "row", node: identifier, whole: true, secrets });
      }
    }
    return found;
  }

  function envCarriers(node: TSESTree.Node, name: string): Carrier[] {
    const secret = name === "*" ? undefined : registry.secretForEnvVar(name);
    return secret ? [{ kind: "value", node, whole: true, secret, read: node, fromEnv: true }] : [];
  }

  function memberCarriers(member: TSESTree.MemberExpression): readonly Carrier[] {
    const scope = scopeOf(member);
    const env = envReadName(member, registry, scope);
    if (env !== undefined) return envCarriers(member, env);
    const name = memberName(member, scope);
    const secret = name === undefined ? undefined : registry.secret(name);
    if (secret) return [{ kind: "value", node: member, whole: true, secret, read: member, fromEnv: false }];
    // `rows[0]` of a `findMany`: still a row.
    if (member.computed && name !== undefined && /^\d+$/.test(name)) {
      return carriers(member.object).filter((carrier) => carrier.whole && carrier.kind !== "value");
    }
    return unknown(member);
  }

  function callCarriers(call: TSESTree.CallExpression): readonly Carrier[] {
    const callee = unwrap(call.callee);
    const first = call.arguments[0];
    const firstExpression = first && first.type !== AST_NODE_TYPES.SpreadElement ? first : undefined;
    if (callee.type === AST_NODE_TYPES.Identifier) {
      if (PRESENCE_FUNCTIONS.has(callee.name)) return [];
      if (VALUE_PRESERVING_FUNCTIONS.has(callee.name)) return firstExpression ? carriers(firstExpression) : [];
      return unknown(call);
    }
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return unknown(call);
    const scope = scopeOf(call);
    const method = memberName(callee, scope);
    if (method === undefined) return unknown(call);
    // A response helper is a sink of its own (the rule checks its argument), not a value.
    if (isJsonResponseCall(rootIdentifier(callee.object)?.name, method)) return [];
    const objectName = callee.object.type === AST_NODE_TYPES.Identifier ? callee.object.name : undefined;
    if (objectName === "JSON" && method === "stringify") return firstExpression ? carriers(firstExpression) : [];
    if (objectName === "Object" && method === "assign") {
      return call.arguments.flatMap((argument) =>
        pinnedAt(argument, carriers(argument.type === AST_NODE_TYPES.SpreadElement ? argument.argument : argument)),
      );
    }
    if (VALUE_PRESERVING_METHODS.has(method)) {
      return carriers(callee.object).filter((carrier) => carrier.kind === "value" || !carrier.whole);
    }
    if (method === PRISMA_TRANSACTION_METHOD && firstExpression && isFunction(unwrap(firstExpression))) {
      return returnedExpressions(unwrap(firstExpression) as TSESTree.FunctionLike).flatMap((expression) => carriers(expression));
    }
    const delegateCall = settingsDelegateCall(call, registry, scope);
    if (delegateCall) return rowCarriers(call, delegateCall.method, delegateCall.delegate, scope);
    return unknown(call);
  }

  /** What a settings delegate call returns: a row with the secrets its `select`/`omit` leave in. */
  function rowCarriers(call: TSESTree.CallExpression, method: string, delegate: TSESTree.Node, scope: Scope): readonly Carrier[] {
    if (!ROW_RETURNING_METHODS.has(method)) return []; // counts, aggregates, batch results
    const modelSecrets = secretsOfDelegate(delegate, scope);
    if (modelSecrets.length === 0) return [];
    const argument = call.arguments[0];
    if (!argument) return [{ kind: "row", node: call, whole: true, secrets: modelSecrets, source: call }];
    const args = objectLiteralOf(argument, scope);
    if (!args) return unknown(call);
    const select = findProperty(args, "select", scope);
    if (select) {
      const selection = objectLiteralOf(select.value, scope);
      if (!selection) return unknown(call); // a limiting select defined elsewhere
      const selected: Array<{ secret: SecretEntry; property: TSESTree.Property }> = [];
      let spread = false;
      for (const property of selection.properties) {
        if (property.type !== AST_NODE_TYPES.Property) {
          spread = true;
          continue;
        }
        const key = staticKeyName(property.key, property.computed, scope);
        const secret = key === undefined ? undefined : registry.secret(key);
        if (secret && modelSecrets.includes(secret) && !isFalseLiteral(property.value)) selected.push({ secret, property });
      }
      // `select: { ...metadataSelect }` defined elsewhere: unknown unless an explicit key picks a secret.
      if (selected.length === 0) return spread ? unknown(call) : [];
      return [{ kind: "row", node: call, whole: true, secrets: selected.map((entry) => entry.secret), source: call, selected }];
    }
    // No select: the whole row (`include` only adds relations); `omit: { secret: true }` removes columns.
    let secrets = modelSecrets;
    const omit = findProperty(args, "omit", scope);
    if (omit) {
      const omitted = objectLiteralOf(omit.value, scope);
      if (!omitted) return unknown(call);
      const keys = new Set<string>();
      for (const property of omitted.properties) {
        if (property.type !== AST_NODE_TYPES.Property || isFalseLiteral(property.value)) continue;
        const key = staticKeyName(property.key, property.computed, scope);
        if (key !== undefined) keys.add(key);
      }
      secrets = secrets.filter((secret) => !keys.has(secret.field) && !keys.has(secret.column));
      if (secrets.length === 0) return [];
    }
    return [{ kind: "row", node: call, whole: true, secrets, source: call }];
  }

  /** The registered secrets a settings model's rows hold (all of them when the model's schema is unknown). */
  function secretsOfDelegate(delegate: TSESTree.Node, scope: Scope): readonly SecretEntry[] {
    const name = delegateName(delegate, scope, 0);
    const key = name ?? "";
    let secrets = secretsByDelegate.get(key);
    if (!secrets) {
      const model = registry.settingsModels.find((candidate) => candidate.delegate === name);
      const fields = model?.schema ? new Set(model.schema.fields.flatMap((field) => [field.name, field.column])) : undefined;
      secrets = fields ? registry.secrets.filter((secret) => fields.has(secret.field) || fields.has(secret.column)) : registry.secrets;
      secretsByDelegate.set(key, secrets);
    }
    return secrets;
  }

  function delegateName(node: TSESTree.Node, scope: Scope, level: number): string | undefined {
    const target = unwrap(node);
    if (target.type === AST_NODE_TYPES.MemberExpression) return memberName(target, scope);
    if (target.type !== AST_NODE_TYPES.Identifier || level > 5) return undefined;
    const def = ASTUtils.findVariable(scope, target)?.defs[0];
    if (def?.type !== "Variable" || !def.node.init) return undefined;
    if (def.node.id.type === AST_NODE_TYPES.Identifier) return delegateName(def.node.init, scope, level + 1);
    // `const { systemSettings } = prisma`
    for (const property of def.node.id.type === AST_NODE_TYPES.ObjectPattern ? def.node.id.properties : []) {
      if (property.type === AST_NODE_TYPES.Property && property.value.type === AST_NODE_TYPES.Identifier && property.value.name === target.name) {
        return staticKeyName(property.key, property.computed, scope);
      }
    }
    return undefined;
  }

  /** An object literal, directly or through an in-file `const` (`const select = { ... }`). */
  function objectLiteralOf(node: TSESTree.Node, scope: Scope, level = 0): TSESTree.ObjectExpression | undefined {
    const target = unwrap(node);
    if (target.type === AST_NODE_TYPES.ObjectExpression) return target;
    if (target.type !== AST_NODE_TYPES.Identifier || level > 5) return undefined;
    const variable = ASTUtils.findVariable(scope, target);
    const def = variable?.defs.length === 1 ? variable.defs[0] : undefined;
    if (def?.type !== "Variable" || def.node.id.type !== AST_NODE_TYPES.Identifier || !def.node.init) return undefined;
    if (def.parent.kind !== "const") return undefined;
    return objectLiteralOf(def.node.init, scope, level + 1);
  }

  function findProperty(object: TSESTree.ObjectExpression, name: string, scope: Scope): TSESTree.Property | undefined {
    for (const property of object.properties) {
      if (property.type === AST_NODE_TYPES.Property && staticKeyName(property.key, property.computed, scope) === name) {
        return property;
      }
    }
    return undefined;
  }

  return { carriers };
}

function isFalseLiteral(node: TSESTree.Node): boolean {
  const target = unwrap(node);
  return (target.type === AST_NODE_TYPES.Literal && target.value === false) || isNullish(target);
}

/**
 * The expressions a function returns: its expression body, or the arguments of its own `return`
 * statements (not those of nested functions).
 */
export function returnedExpressions(fn: TSESTree.FunctionLike): TSESTree.Expression[] {
  if (!fn.body) return [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const returned: TSESTree.Expression[] = [];
  walk(fn.body, (node) => {
    if (isFunction(node) || node.type === AST_NODE_TYPES.ClassBody) return false;
    if (node.type === AST_NODE_TYPES.ReturnStatement && node.argument) returned.push(node.argument);
    return true;
  });
  return returned;
}
