/**
 * What keys an object expression can carry into a write, across variables, destructuring, spreads,
 * `Object.assign`, validation schemas, declared types and local helper functions. The result is an
 * abstract {@link Value}: a list of parts, each a known key, a contribution whose keys cannot be
 * proven, or a parameter of the enclosing function (resolved later at its call sites).
 *
 * Flow-insensitive and syntax-driven: symbols are resolved (`declarationsOf`), types are not computed.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import type { CallExpression, ParameterDeclaration, Symbol as TsSymbol } from "ts-morph";
import { TRPC_RESOLVER_METHODS } from "@secret-guardrails/core";
import { accessedName, constantString, declarationsOf, isFunctionLike, propertyNameText, unwrapAwait, unwrapExpression } from "./syntax.js";
import { typeKeys, type TypeKeys } from "./type-keys.js";
import { PARSE_METHODS, SAFE_PARSE_METHODS, constInitializer, schemaShape, type SchemaShape } from "./zod-shape.js";

/** The schema property that accepted a key of validated input, and where that input entered. */
export interface Origin {
  /** The accepted key. */
  readonly key: string;
  /** The schema property (`smtpPassword: z.string()`). */
  readonly property: Node;
  /** The schema expression at the endpoint: the `.input(...)` argument, or `schema` of `schema.parse(...)`. */
  readonly schemaUse: Node;
  /** The function that received the validated input (tRPC resolver, route handler), if known. */
  readonly handler: Node | undefined;
}

/** A key the object carries. `node` undefined means "where the value is used" (filled in by {@link reanchor}). */
export interface KeyPart {
  readonly kind: "key";
  readonly key: string;
  readonly node: Node | undefined;
  /** The value expression when the key is written literally (`{ key: value }`, `x.key = value`). */
  readonly value?: Node;
  /** The value as an object, for keys from schemas/types. */
  readonly nested?: () => Value;
  readonly origins: readonly Origin[];
}

/** A contribution whose keys cannot be proven (request body, `Object.fromEntries`, `data[key] = v`...). */
export interface UnknownPart {
  readonly kind: "unknown";
  readonly node: Node | undefined;
  readonly reason: string;
  /** Keys known to be absent (destructured away, overridden later). */
  readonly excluded: ReadonlySet<string>;
  /** Every value it writes is null/undefined (`data[key] = null`): it clears, never writes a secret. */
  readonly nullValues: boolean;
}

export type Op = { readonly kind: "get"; readonly name: string } | { readonly kind: "omit"; readonly names: ReadonlySet<string> };

/** A parameter of a function: what it carries is decided at the call sites. */
export interface ParamPart {
  readonly kind: "param";
  readonly parameter: ParameterDeclaration;
  readonly node: Node | undefined;
  readonly ops: readonly Op[];
}

export type Part = KeyPart | UnknownPart | ParamPart;

export interface Value {
  readonly parts: readonly Part[];
  /** Schema properties the value itself came from (`input.smtpPassword` -> the `smtpPassword` schema key). */
  readonly origins: readonly Origin[];
}

export const EMPTY: Value = { parts: [], origins: [] };
const NO_KEYS: ReadonlySet<string> = new Set();
const MAX_DEPTH = 14;

/** What a written value is: a clearing null, nothing, a parameter of the enclosing function, or a value. */
export type ValueKind =
  | { readonly kind: "null" }
  | { readonly kind: "undefined" }
  | { readonly kind: "param"; readonly parameter: ParameterDeclaration; readonly gets: readonly string[] }
  | { readonly kind: "value" };

export class ObjectFlow {
  private readonly detached = new Map<Node, Value>();
  private readonly returns = new Map<Node, Value>();
  private readonly mutations = new Map<Node, Value>();
  private readonly inProgress = new Set<Node>();
  private depth = 0;

  /** The value of `expr`; parts whose keys come from opaque sources are placed at `anchor`. */
  evaluate(expr: Node, anchor: Node | undefined): Value {
    if (this.depth > MAX_DEPTH) return EMPTY;
    this.depth++;
    try {
      return this.compute(expr, anchor);
    } finally {
      this.depth--;
    }
  }

  /** `value.name` */
  get(value: Value, name: string, anchor: Node | undefined): Value {
    const parts: Part[] = [];
    const origins: Origin[] = [];
    for (const part of value.parts) {
      if (part.kind === "key") {
        if (part.key !== name) continue;
        origins.push(...part.origins);
        if (part.value) {
          const inner = this.evaluate(part.value, part.value);
          parts.push(...inner.parts);
          origins.push(...inner.origins);
        } else if (part.nested) {
          parts.push(...reanchor(part.nested(), anchor ?? part.node).parts);
        }
      } else if (part.kind === "unknown") {
        if (!part.excluded.has(name)) {
          parts.push({ kind: "unknown", node: part.node ?? anchor, reason: part.reason, excluded: NO_KEYS, nullValues: part.nullValues });
        }
      } else {
        parts.push({ ...part, node: part.node ?? anchor, ops: [...part.ops, { kind: "get", name }] });
      }
    }
    return { parts, origins };
  }

  /** `value` without `names` (a destructuring rest, a later override). */
  omit(value: Value, names: ReadonlySet<string>): Value {
    if (names.size === 0) return value;
    const parts: Part[] = [];
    for (const part of value.parts) {
      if (part.kind === "key") {
        if (!names.has(part.key)) parts.push(part);
      } else if (part.kind === "unknown") {
        parts.push({ ...part, excluded: new Set([...part.excluded, ...names]) });
      } else {
        parts.push({ ...part, ops: [...part.ops, { kind: "omit", names }] });
      }
    }
    return { parts, origins: value.origins };
  }

  applyOps(value: Value, ops: readonly Op[], anchor: Node | undefined): Value {
    let current = value;
    for (const op of ops) current = op.kind === "get" ? this.get(current, op.name, anchor) : this.omit(current, op.names);
    return current;
  }

  /**
   * The value at a property path of `expr` (`gets`), or undefined when `expr` provably has no such
   * key (every part is a known key, none of them that one).
   */
  valueAt(expr: Node, gets: readonly string[]): Value | undefined {
    let current = this.evaluate(expr, expr);
    for (const name of gets) {
      const present = current.parts.length === 0 || current.parts.some((part) => part.kind !== "key" || part.key === name);
      if (!present) return undefined;
      current = this.get(current, name, expr);
    }
    return current;
  }

  /** The origins of a scalar value expression (`input.smtpPassword`, a variable destructured from input). */
  originsOf(expr: Node): readonly Origin[] {
    return this.evaluate(expr, expr).origins;
  }

  /** What a written value is (`null`, `undefined`, a parameter, or anything else). */
  valueKind(expr: Node, depth = 0): ValueKind {
    const target = unwrapAwait(expr);
    if (depth > 6) return { kind: "value" };
    if (Node.isNullLiteral(target)) return { kind: "null" };
    if ((Node.isIdentifier(target) && target.getText() === "undefined") || Node.isVoidExpression(target)) return { kind: "undefined" };
    if (Node.isPropertyAccessExpression(target) && /^(DbNull|JsonNull|AnyNull)$/.test(target.getName())) return { kind: "null" };
    // `Prisma.skip` leaves the field out of the write, like undefined.
    if (Node.isPropertyAccessExpression(target) && target.getName() === "skip" && target.getExpression().getText() === "Prisma") {
      return { kind: "undefined" };
    }
    if (Node.isObjectLiteralExpression(target)) {
      // Prisma scalar update operations: `{ set: value }` writes the value, `{ unset: true }` clears.
      const set = target.getProperty("set");
      if (set && Node.isPropertyAssignment(set)) return this.valueKind(set.getInitializerOrThrow(), depth + 1);
      if (target.getProperty("unset")) return { kind: "null" };
      return { kind: "value" };
    }
    if (Node.isConditionalExpression(target)) {
      const a = this.valueKind(target.getWhenTrue(), depth + 1);
      const b = this.valueKind(target.getWhenFalse(), depth + 1);
      if (a.kind === "null" && b.kind === "null") return a;
      if ((a.kind === "null" || a.kind === "undefined") && (b.kind === "null" || b.kind === "undefined")) return { kind: "undefined" };
      return { kind: "value" };
    }
    const reference = parameterReference(target);
    if (reference && !isResolverParameter(reference.parameter)) return { kind: "param", ...reference };
    if (Node.isIdentifier(target)) {
      for (const declaration of valueDeclarations(target)) {
        if (Node.isVariableDeclaration(declaration) && isConstDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) {
          const initializer = declaration.getInitializer();
          if (initializer) return this.valueKind(initializer, depth + 1);
        }
      }
    }
    return { kind: "value" };
  }

  /** The value a parameter receives when nothing is known about the call sites (resolver input, declared type). */
  parameterFallback(parameter: ParameterDeclaration, anchor: Node | undefined): Value {
    const typeNode = parameter.getTypeNode();
    const keys = typeNode ? typeKeys(typeNode) : undefined;
    // An open declared type (`any`, `Record<string, T>`) says nothing: only the call sites could.
    return keys ? this.typeValue(keys, anchor, "") : EMPTY;
  }

  // ---------------------------------------------------------------------------------------------

  private compute(expr: Node, anchor: Node | undefined): Value {
    if (Node.isAsExpression(expr) || Node.isTypeAssertion(expr)) return this.castValue(expr, anchor);
    const target = unwrapAwait(expr);
    if (target !== expr && (Node.isAsExpression(target) || Node.isTypeAssertion(target))) return this.castValue(target, anchor);
    if (Node.isObjectLiteralExpression(target)) return this.objectLiteral(target);
    if (Node.isArrayLiteralExpression(target)) {
      return union(target.getElements().map((element) => this.evaluate(Node.isSpreadElement(element) ? element.getExpression() : element, element)));
    }
    if (Node.isIdentifier(target)) return this.identifier(target, anchor);
    if (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) return this.access(target, anchor);
    if (Node.isCallExpression(target)) return this.call(target, anchor);
    if (Node.isConditionalExpression(target)) {
      return union([this.evaluate(target.getWhenTrue(), anchor), this.evaluate(target.getWhenFalse(), anchor)]);
    }
    if (Node.isBinaryExpression(target)) {
      const operator = target.getOperatorToken().getKind();
      if (operator === SyntaxKind.QuestionQuestionToken || operator === SyntaxKind.BarBarToken) {
        return union([this.evaluate(target.getLeft(), anchor), this.evaluate(target.getRight(), anchor)]);
      }
      if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.CommaToken || operator === SyntaxKind.EqualsToken) {
        return this.evaluate(target.getRight(), anchor);
      }
    }
    return EMPTY;
  }

  /** `x as T`: the declared type decides when the value itself is opaque. */
  private castValue(expr: Node, anchor: Node | undefined): Value {
    const inner = (expr as Node & { getExpression(): Node }).getExpression();
    const value = this.evaluate(inner, anchor);
    const typeNode = Node.isAsExpression(expr) || Node.isTypeAssertion(expr) ? expr.getTypeNode() : undefined;
    if (!typeNode || !value.parts.some((part) => part.kind === "unknown")) return value;
    const keys = typeKeys(typeNode);
    if (!keys || keys.open) return value;
    return { parts: [...value.parts.filter((part) => part.kind !== "unknown"), ...this.typeValue(keys, anchor, "").parts], origins: value.origins };
  }

  private objectLiteral(object: Node): Value {
    if (!Node.isObjectLiteralExpression(object)) return EMPTY;
    let value: Value = EMPTY;
    for (const property of object.getProperties()) {
      if (Node.isPropertyAssignment(property)) {
        const key = propertyNameText(property.getNameNode());
        const initializer = property.getInitializer();
        if (key === undefined) {
          const keys = computedKeys(property.getNameNode());
          const nullValues = initializer !== undefined && isClearing(this.valueKind(initializer));
          if (keys) {
            value = add(this, value, keys.map((k): KeyPart => ({ kind: "key", key: k, node: property, ...(initializer ? { value: initializer } : {}), origins: [] })));
          } else {
            value = add(this, value, [{ kind: "unknown", node: property, reason: "a computed key", excluded: NO_KEYS, nullValues }]);
          }
          continue;
        }
        value = add(this, value, [{ kind: "key", key, node: property, ...(initializer ? { value: initializer } : {}), origins: [] }]);
      } else if (Node.isShorthandPropertyAssignment(property)) {
        value = add(this, value, [{ kind: "key", key: property.getName(), node: property, value: property.getNameNode(), origins: [] }]);
      } else if (Node.isSpreadAssignment(property)) {
        const spread = this.evaluate(property.getExpression(), property);
        value = { parts: [...value.parts, ...spread.parts], origins: value.origins };
      } else if (Node.isMethodDeclaration(property) || Node.isGetAccessorDeclaration(property)) {
        const key = propertyNameText(property.getNameNode());
        if (key !== undefined) value = add(this, value, [{ kind: "key", key, node: property, origins: [] }]);
      }
    }
    return value;
  }

  private identifier(identifier: Node, anchor: Node | undefined): Value {
    if (identifier.getText() === "undefined") return EMPTY;
    for (const declaration of valueDeclarations(identifier)) {
      if (Node.isParameterDeclaration(declaration)) return this.parameterValue(declaration, anchor);
      if (Node.isVariableDeclaration(declaration) && Node.isIdentifier(declaration.getNameNode())) {
        return this.variableValue(declaration, identifier, anchor);
      }
      if (Node.isBindingElement(declaration)) return this.bindingValue(declaration, identifier, anchor);
    }
    return EMPTY;
  }

  /** A parameter: the resolver input of a tRPC procedure, or a part resolved at the call sites. */
  private parameterValue(parameter: ParameterDeclaration, anchor: Node | undefined): Value {
    const resolver = resolverInputs(parameter);
    if (resolver) {
      const handler = parameter.getParent();
      const shapes = resolver.map((input) => ({ input, shape: schemaShape(input) }));
      const nested = (): Value => {
        const parts: Part[] = [];
        for (const { input, shape } of shapes) {
          if (shape) parts.push(...this.schemaValue(shape, undefined, input, handler).parts);
        }
        return { parts, origins: [] };
      };
      return { parts: [{ kind: "key", key: "input", node: anchor, nested, origins: [] }], origins: [] };
    }
    if (parameter.getParentOrThrow() && isFunctionLike(parameter.getParentOrThrow())) {
      return { parts: [{ kind: "param", parameter, node: anchor, ops: [] }], origins: [] };
    }
    return EMPTY;
  }

  private variableValue(declaration: Node, use: Node, anchor: Node | undefined): Value {
    if (!Node.isVariableDeclaration(declaration)) return EMPTY;
    let value = this.detachedValue(declaration, () => {
      const initializer = declaration.getInitializer();
      let initial = initializer ? this.evaluate(initializer, undefined) : EMPTY;
      const typeNode = declaration.getTypeNode();
      if (typeNode && (initializer === undefined || initial.parts.some((part) => part.kind === "unknown"))) {
        const keys = typeKeys(typeNode);
        if (keys && !keys.open) initial = { parts: [...initial.parts.filter((p) => p.kind !== "unknown"), ...this.typeValue(keys, undefined, "").parts], origins: initial.origins };
      }
      return this.withMutations(declaration, initial);
    });
    if (declaration.getSourceFile() !== use.getSourceFile()) value = reanchor(value, anchor, true);
    return reanchor(value, anchor);
  }

  private bindingValue(element: Node, use: Node, anchor: Node | undefined): Value {
    const ops: Op[] = [];
    let current: Node = element;
    for (let guard = 0; guard < 10; guard++) {
      if (!Node.isBindingElement(current)) break;
      const pattern = current.getParent();
      if (!Node.isObjectBindingPattern(pattern)) return EMPTY;
      if (current.getDotDotDotToken()) {
        const names = new Set<string>();
        for (const sibling of pattern.getElements()) {
          if (sibling === current) continue;
          const nameNode = sibling.getPropertyNameNode() ?? sibling.getNameNode();
          const name = propertyNameText(nameNode);
          if (name !== undefined) names.add(name);
        }
        ops.unshift({ kind: "omit", names });
      } else {
        const nameNode = current.getPropertyNameNode() ?? current.getNameNode();
        const name = propertyNameText(nameNode);
        if (name === undefined) return EMPTY;
        ops.unshift({ kind: "get", name });
      }
      current = pattern.getParentOrThrow();
    }
    let source: Value;
    if (Node.isVariableDeclaration(current)) {
      const initializer = current.getInitializer();
      if (!initializer) return EMPTY;
      source = this.detachedValue(current, () => this.evaluate(initializer, undefined));
    } else if (Node.isParameterDeclaration(current)) {
      source = this.parameterValue(current, undefined);
    } else {
      return EMPTY;
    }
    let value = this.applyOps(source, ops, undefined);
    if (current.getSourceFile() !== use.getSourceFile()) value = reanchor(value, anchor, true);
    return reanchor(value, anchor);
  }

  private access(node: Node, anchor: Node | undefined): Value {
    if (!Node.isPropertyAccessExpression(node) && !Node.isElementAccessExpression(node)) return EMPTY;
    const name = accessedName(node);
    const object = node.getExpression();
    if (name === "body" && isRequestLike(object)) return unknownValue(anchor, "it is the raw request body");
    if (name === undefined) return EMPTY;
    return this.get(this.evaluate(object, anchor), name, anchor);
  }

  private call(call: CallExpression, anchor: Node | undefined): Value {
    const callee = unwrapExpression(call.getExpression());
    const args = call.getArguments();
    if (Node.isPropertyAccessExpression(callee)) {
      const name = callee.getName();
      const receiver = unwrapExpression(callee.getExpression());
      const receiverName = Node.isIdentifier(receiver) ? receiver.getText() : undefined;
      if (receiverName === "Object") {
        if (name === "assign") return this.assign(args);
        if (name === "fromEntries") return this.fromEntries(call);
        if (name === "freeze") return args[0] ? this.evaluate(args[0], anchor) : EMPTY;
        return EMPTY;
      }
      if (receiverName === "JSON" && name === "parse") return unknownValue(anchor, "it is parsed JSON");
      if (PARSE_METHODS.has(name) || SAFE_PARSE_METHODS.has(name)) {
        const shape = schemaShape(receiver);
        if (shape) {
          const handler = call.getFirstAncestor(isFunctionLike);
          if (PARSE_METHODS.has(name)) return this.schemaValue(shape, anchor, receiver, handler);
          const nested = (): Value => this.schemaValue(shape, undefined, receiver, handler);
          return { parts: [{ kind: "key", key: "data", node: anchor, nested, origins: [] }], origins: [] };
        }
      }
      if ((name === "json" || name === "formData") && isRequestLike(receiver)) return unknownValue(anchor, "it is the raw request body");
    } else if (Node.isIdentifier(callee) && callee.getText() === "structuredClone" && args[0]) {
      return this.evaluate(args[0], anchor);
    }
    const fn = calledFunction(callee);
    if (!fn) return EMPTY;
    const returned = this.returnValue(fn);
    return this.substitute(returned, fn, call, anchor);
  }

  /** `Object.assign(target, ...sources)`: later object-literal keys override earlier sources. */
  private assign(args: readonly Node[]): Value {
    let value: Value = EMPTY;
    for (const arg of args) {
      const source = Node.isSpreadElement(arg) ? unknownValue(arg, "a spread argument") : this.evaluate(arg, arg);
      value = add(this, value, source.parts);
    }
    return value;
  }

  /** `Object.fromEntries(...)`: static pairs and `KEYS.map((k) => [k, null])` are known; anything else is not. */
  private fromEntries(call: CallExpression): Value {
    const entries = call.getArguments()[0] ? unwrapExpression(call.getArguments()[0]!) : undefined;
    if (entries && Node.isArrayLiteralExpression(entries)) {
      const parts: Part[] = [];
      for (const entry of entries.getElements()) {
        const pair = unwrapExpression(entry);
        const [keyNode, valueNode] = Node.isArrayLiteralExpression(pair) ? pair.getElements() : [];
        if (!keyNode || !valueNode || Node.isSpreadElement(keyNode) || Node.isSpreadElement(valueNode)) {
          parts.push({ kind: "unknown", node: entry, reason: "Object.fromEntries", excluded: NO_KEYS, nullValues: false });
          continue;
        }
        const key = constantString(keyNode);
        if (key === undefined) {
          parts.push({ kind: "unknown", node: pair, reason: "a computed key", excluded: NO_KEYS, nullValues: isClearing(this.valueKind(valueNode)) });
        } else {
          parts.push({ kind: "key", key, node: pair, value: valueNode, origins: [] });
        }
      }
      return { parts, origins: [] };
    }
    // `KEYS.map((key) => [key, value])`
    if (entries && Node.isCallExpression(entries)) {
      const mapCallee = unwrapExpression(entries.getExpression());
      const callback = entries.getArguments()[0] ? unwrapExpression(entries.getArguments()[0]!) : undefined;
      if (Node.isPropertyAccessExpression(mapCallee) && mapCallee.getName() === "map" && callback && (Node.isArrowFunction(callback) || Node.isFunctionExpression(callback))) {
        const body = returnedExpression(callback);
        const pair = body && unwrapExpression(body);
        const [keyNode, valueNode] = pair && Node.isArrayLiteralExpression(pair) ? pair.getElements() : [];
        const parameter = callback.getParameters()[0];
        if (keyNode && valueNode && parameter && unwrapExpression(keyNode).getText() === parameter.getName()) {
          const keys = constantStringArray(mapCallee.getExpression());
          if (keys) return { parts: keys.map((key): KeyPart => ({ kind: "key", key, node: call, value: valueNode, origins: [] })), origins: [] };
          return { parts: [{ kind: "unknown", node: call, reason: "Object.fromEntries", excluded: NO_KEYS, nullValues: isClearing(this.valueKind(valueNode)) }], origins: [] };
        }
      }
    }
    return { parts: [{ kind: "unknown", node: call, reason: "Object.fromEntries", excluded: NO_KEYS, nullValues: false }], origins: [] };
  }

  /** The keys a validated value carries, each with the schema property as its origin. */
  schemaValue(shape: SchemaShape, anchor: Node | undefined, schemaUse: Node, handler: Node | undefined): Value {
    const parts: Part[] = [];
    for (const [key, schemaKey] of shape.keys) {
      const origin: Origin = { key, property: schemaKey.property, schemaUse, handler };
      const nested = (): Value => {
        const inner = schemaKey.schema ? schemaShape(schemaKey.schema) : undefined;
        return inner ? this.schemaValue(inner, undefined, schemaUse, handler) : EMPTY;
      };
      parts.push({ kind: "key", key, node: anchor, nested, origins: [origin] });
    }
    if (shape.open) parts.push({ kind: "unknown", node: anchor, reason: "its schema lets unknown keys through", excluded: NO_KEYS, nullValues: false });
    return { parts, origins: [] };
  }

  /** The keys of a declared type. */
  typeValue(keys: TypeKeys, anchor: Node | undefined, openReason: string): Value {
    const parts: Part[] = [];
    for (const [key, typeKey] of keys.keys) {
      const nested = (): Value => {
        if (typeKey.schemaKey?.schema) {
          const inner = schemaShape(typeKey.schemaKey.schema);
          return inner ? this.schemaValue(inner, undefined, typeKey.schemaKey.schema, undefined) : EMPTY;
        }
        const inner = typeKey.type ? typeKeys(typeKey.type) : undefined;
        return inner ? this.typeValue(inner, undefined, openReason) : EMPTY;
      };
      parts.push({ kind: "key", key, node: anchor, nested, origins: [] });
    }
    if (keys.open && openReason) parts.push({ kind: "unknown", node: anchor, reason: openReason, excluded: NO_KEYS, nullValues: false });
    return { parts, origins: [] };
  }

  /** The union of a function's returned values (detached, cached). */
  private returnValue(fn: Node): Value {
    const cached = this.returns.get(fn);
    if (cached) return cached;
    if (this.inProgress.has(fn)) return EMPTY;
    this.inProgress.add(fn);
    try {
      const values = returnedExpressions(fn).map((expr) => this.evaluate(expr, undefined));
      const value = union(values);
      this.returns.set(fn, value);
      return value;
    } finally {
      this.inProgress.delete(fn);
    }
  }

  /** Replaces the parameters of `fn` in a returned value by the arguments of `call`. */
  private substitute(value: Value, fn: Node, call: CallExpression, anchor: Node | undefined): Value {
    const parameters = (fn as Node & { getParameters?(): ParameterDeclaration[] }).getParameters?.() ?? [];
    const args = call.getArguments();
    const crossFile = fn.getSourceFile() !== call.getSourceFile();
    const parts: Part[] = [];
    const origins: Origin[] = [...value.origins];
    for (const part of value.parts) {
      if (part.kind === "param" && parameters.includes(part.parameter)) {
        const arg = args[parameters.indexOf(part.parameter)];
        if (!arg) continue;
        if (Node.isSpreadElement(arg)) {
          parts.push({ kind: "unknown", node: arg, reason: "a spread argument", excluded: NO_KEYS, nullValues: false });
          continue;
        }
        const argValue = this.applyOps(this.evaluate(arg, arg), part.ops, arg);
        parts.push(...argValue.parts);
        origins.push(...argValue.origins);
        continue;
      }
      if (part.kind === "key" && part.value) {
        const reference = parameterReference(unwrapAwait(part.value));
        if (reference && parameters.includes(reference.parameter)) {
          const arg = args[parameters.indexOf(reference.parameter)];
          const argument = arg && !Node.isSpreadElement(arg) ? expressionAt(arg, reference.gets) : undefined;
          if (argument === undefined) continue;
          let argumentOrigins = this.originsOf(argument.node);
          if (!argument.exact) {
            // `{ key: p.password }` called with an object the literals do not show: ask its value.
            const inner = this.valueAt(argument.node, argument.rest);
            if (!inner) continue;
            argumentOrigins = inner.origins;
          }
          const node = crossFile ? anchor : (part.node ?? anchor);
          parts.push({ kind: "key", key: part.key, node, value: argument.node, origins: [...part.origins, ...argumentOrigins] });
          continue;
        }
      }
      const placed = crossFile ? { ...part, node: anchor } : { ...part, node: part.node ?? anchor };
      parts.push(placed as Part);
    }
    return { parts, origins };
  }

  private detachedValue(key: Node, compute: () => Value): Value {
    const cached = this.detached.get(key);
    if (cached) return cached;
    if (this.inProgress.has(key)) return EMPTY;
    this.inProgress.add(key);
    try {
      const value = compute();
      this.detached.set(key, value);
      return value;
    } finally {
      this.inProgress.delete(key);
    }
  }

  /**
   * Writes into a variable after its declaration: `x.k = v`, `x[k] = v`, `Object.assign(x, ...)`,
   * `Reflect.set(x, k, v)`, `delete x.k`, reassignment.
   */
  private withMutations(declaration: Node, initial: Value): Value {
    if (!Node.isVariableDeclaration(declaration)) return initial;
    const nameNode = declaration.getNameNode();
    if (!Node.isIdentifier(nameNode)) return initial;
    const symbol = symbolKey(nameNode.getSymbol());
    if (!symbol) return initial;
    const scope = declaration.getFirstAncestor(isFunctionLike) ?? declaration.getSourceFile();
    const name = nameNode.getText();
    let value = initial;
    const deleted = new Set<string>();
    for (const reference of scope.getDescendantsOfKind(SyntaxKind.Identifier)) {
      if (reference === nameNode || reference.getText() !== name) continue;
      const parent = reference.getParent();
      if (!parent) continue;
      if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === reference) {
        const assignment = parent.getParent();
        if (Node.isBinaryExpression(assignment) && assignment.getLeft() === parent && isAssignmentOperator(assignment.getOperatorToken().getKind())) {
          if (symbolKey(reference.getSymbol()) !== symbol) continue;
          const key = accessedName(parent);
          const right = assignment.getRight();
          if (key !== undefined) {
            value = add(this, value, [{ kind: "key", key, node: assignment, value: right, origins: [] }]);
          } else {
            const keys = Node.isElementAccessExpression(parent) ? iteratedKeys(parent.getArgumentExpression()) : undefined;
            if (keys) {
              value = add(this, value, keys.map((k): KeyPart => ({ kind: "key", key: k, node: assignment, value: right, origins: [] })));
            } else {
              value = add(this, value, [{ kind: "unknown", node: assignment, reason: "a computed key", excluded: NO_KEYS, nullValues: isClearing(this.valueKind(right)) }]);
            }
          }
        } else if (Node.isDeleteExpression(assignment) && symbolKey(reference.getSymbol()) === symbol) {
          const key = accessedName(parent);
          if (key !== undefined) deleted.add(key);
        }
        continue;
      }
      if (Node.isCallExpression(parent) && parent.getArguments()[0] === reference) {
        const callee = unwrapExpression(parent.getExpression());
        if (!Node.isPropertyAccessExpression(callee) || symbolKey(reference.getSymbol()) !== symbol) continue;
        const receiver = callee.getExpression().getText();
        if (receiver === "Object" && callee.getName() === "assign") {
          value = add(this, value, this.assign(parent.getArguments().slice(1)).parts);
        } else if (receiver === "Reflect" && callee.getName() === "set") {
          const [, keyNode, valueNode] = parent.getArguments();
          const key = keyNode ? constantString(keyNode) : undefined;
          const keys = key !== undefined ? [key] : keyNode ? iteratedKeys(keyNode) : undefined;
          if (keys) {
            value = add(this, value, keys.map((k): KeyPart => ({ kind: "key", key: k, node: parent, ...(valueNode ? { value: valueNode } : {}), origins: [] })));
          } else {
            value = add(this, value, [{ kind: "unknown", node: parent, reason: "Reflect.set with a computed key", excluded: NO_KEYS, nullValues: valueNode !== undefined && isClearing(this.valueKind(valueNode)) }]);
          }
        }
        continue;
      }
      if (Node.isBinaryExpression(parent) && parent.getLeft() === reference && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
        if (symbolKey(reference.getSymbol()) !== symbol) continue;
        value = union([value, this.evaluate(parent.getRight(), undefined)]);
      }
    }
    return this.omit(value, deleted);
  }
}

// -----------------------------------------------------------------------------------------------

/** Adds parts; a later known key overrides the same key of earlier parts. */
function add(flow: ObjectFlow, value: Value, parts: readonly Part[]): Value {
  let current = value;
  for (const part of parts) {
    if (part.kind === "key") current = flow.omit(current, new Set([part.key]));
    current = { parts: [...current.parts, part], origins: current.origins };
  }
  return current;
}

export function union(values: readonly Value[]): Value {
  if (values.length === 1) return values[0]!;
  return { parts: values.flatMap((value) => value.parts), origins: values.flatMap((value) => value.origins) };
}

/** Places parts that are "at the use" at `anchor`; with `all`, every part (a value from another file). */
export function reanchor(value: Value, anchor: Node | undefined, all = false): Value {
  if (!value.parts.some((part) => all || part.node === undefined)) return value;
  return {
    parts: value.parts.map((part) => (all || part.node === undefined ? ({ ...part, node: anchor } as Part) : part)),
    origins: value.origins,
  };
}

function unknownValue(anchor: Node | undefined, reason: string): Value {
  return { parts: [{ kind: "unknown", node: anchor, reason, excluded: NO_KEYS, nullValues: false }], origins: [] };
}

function isClearing(kind: ValueKind): boolean {
  return kind.kind === "null" || kind.kind === "undefined";
}

function isAssignmentOperator(kind: SyntaxKind): boolean {
  return kind === SyntaxKind.EqualsToken || kind === SyntaxKind.QuestionQuestionEqualsToken || kind === SyntaxKind.BarBarEqualsToken;
}

function symbolKey(symbol: TsSymbol | undefined): unknown {
  return symbol?.compilerSymbol;
}

function isConstDeclaration(declaration: Node): boolean {
  const list = declaration.getParent();
  return Node.isVariableDeclarationList(list) && (list.getFlags() & 2) !== 0;
}

/** Declarations of the value an identifier refers to (the variable for a shorthand `{ data }`). */
export function valueDeclarations(identifier: Node): Node[] {
  const parent = identifier.getParent();
  if (Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === identifier) {
    const symbol = parent.getValueSymbol();
    if (!symbol) return [];
    const resolved = symbol.isAlias() ? (symbol.getAliasedSymbol() ?? symbol) : symbol;
    return resolved.getDeclarations();
  }
  return declarationsOf(identifier);
}

/**
 * `param`, `param.a.b`, or a name destructured from a parameter (`function f({ password })`): the
 * parameter and the property path. Undefined for anything else.
 */
export function parameterReference(expr: Node): { parameter: ParameterDeclaration; gets: string[] } | undefined {
  const target = unwrapExpression(expr);
  if (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) {
    const name = accessedName(target);
    const inner = name === undefined ? undefined : parameterReference(target.getExpression());
    return inner && name !== undefined ? { parameter: inner.parameter, gets: [...inner.gets, name] } : undefined;
  }
  if (!Node.isIdentifier(target)) return undefined;
  for (const declaration of valueDeclarations(target)) {
    if (Node.isParameterDeclaration(declaration)) return { parameter: declaration, gets: [] };
    if (Node.isBindingElement(declaration)) {
      const gets: string[] = [];
      let current: Node = declaration;
      while (Node.isBindingElement(current)) {
        if (current.getDotDotDotToken()) return undefined;
        const pattern = current.getParent();
        if (!Node.isObjectBindingPattern(pattern)) return undefined;
        const name = propertyNameText(current.getPropertyNameNode() ?? current.getNameNode());
        if (name === undefined) return undefined;
        gets.unshift(name);
        current = pattern.getParentOrThrow();
      }
      if (Node.isParameterDeclaration(current)) return { parameter: current, gets };
      return undefined;
    }
  }
  return undefined;
}

/**
 * The sub-expression of an argument at a property path (`{ a: { b: x } }` at `a.b` is `x`), as far as
 * literals show; `rest` is the part of the path the literals did not resolve. Undefined when a literal
 * provably lacks the property.
 */
export function expressionAt(arg: Node, gets: readonly string[]): { node: Node; exact: boolean; rest: readonly string[] } | undefined {
  let current: Node = arg;
  for (let index = 0; index < gets.length; index++) {
    const name = gets[index]!;
    let target = unwrapAwait(current);
    if (Node.isIdentifier(target)) {
      const initializer = constInitializer(target);
      if (initializer && Node.isObjectLiteralExpression(initializer) && initializer.getSourceFile() === arg.getSourceFile()) target = initializer;
    }
    if (!Node.isObjectLiteralExpression(target)) return { node: current, exact: false, rest: gets.slice(index) };
    let found: Node | undefined;
    let spread = false;
    for (const property of target.getProperties()) {
      if (Node.isPropertyAssignment(property) && propertyNameText(property.getNameNode()) === name) found = property.getInitializer();
      else if (Node.isShorthandPropertyAssignment(property) && property.getName() === name) found = property.getNameNode();
      else if (Node.isSpreadAssignment(property)) spread = true;
    }
    if (!found) return spread ? { node: current, exact: false, rest: gets.slice(index) } : undefined;
    current = found;
  }
  return { node: current, exact: true, rest: [] };
}

/**
 * The `.input(...)` schemas of a tRPC procedure when `parameter` is the resolver's options
 * (`.mutation(({ ctx, input }) => ...)`); undefined when it is not a resolver parameter.
 */
export function resolverInputs(parameter: ParameterDeclaration): Node[] | undefined {
  const fn = parameter.getParent();
  if (!fn || !isFunctionLike(fn) || (fn as Node & { getParameters(): ParameterDeclaration[] }).getParameters()[0] !== parameter) return undefined;
  let outer: Node | undefined = fn.getParent();
  let argument: Node = fn;
  while (outer && (Node.isParenthesizedExpression(outer) || Node.isAsExpression(outer))) {
    argument = outer;
    outer = outer.getParent();
  }
  if (!Node.isCallExpression(outer) || outer.getArguments()[0] !== argument) return undefined;
  const callee = unwrapExpression(outer.getExpression());
  if (!Node.isPropertyAccessExpression(callee) || !TRPC_RESOLVER_METHODS.has(callee.getName())) return undefined;
  return procedureInputs(callee.getExpression(), 0);
}

function isResolverParameter(parameter: ParameterDeclaration): boolean {
  return resolverInputs(parameter) !== undefined;
}

/** The `.input(x)` arguments along a procedure chain, through procedure constants. */
function procedureInputs(chain: Node, depth: number): Node[] {
  const inputs: Node[] = [];
  let current: Node = unwrapExpression(chain);
  for (let guard = 0; guard < 50 && depth < 5; guard++) {
    if (Node.isCallExpression(current)) {
      const inner = unwrapExpression(current.getExpression());
      if (Node.isPropertyAccessExpression(inner) && inner.getName() === "input" && current.getArguments()[0]) {
        inputs.unshift(current.getArguments()[0]!);
      }
      current = inner;
    } else if (Node.isPropertyAccessExpression(current)) {
      current = unwrapExpression(current.getExpression());
    } else if (Node.isIdentifier(current)) {
      const initializer = constInitializer(current);
      if (initializer && (Node.isCallExpression(initializer) || Node.isPropertyAccessExpression(initializer))) {
        inputs.unshift(...procedureInputs(initializer, depth + 1));
      }
      break;
    } else {
      break;
    }
  }
  return inputs;
}

/** `req.json()`, `request.body`, `c.req.json()`: an HTTP request object. */
function isRequestLike(node: Node): boolean {
  const target = unwrapExpression(node);
  const name = Node.isIdentifier(target) ? target.getText() : Node.isPropertyAccessExpression(target) ? target.getName() : undefined;
  if (name !== undefined && /^(req|request|rawRequest)$/i.test(name)) return true;
  if (!Node.isIdentifier(target)) return false;
  for (const declaration of declarationsOf(target)) {
    if (Node.isParameterDeclaration(declaration)) {
      const typeText = declaration.getTypeNode()?.getText() ?? "";
      if (/Request\b/.test(typeText)) return true;
    }
  }
  return false;
}

/** The function a callee refers to, when its body is in the project. */
export function calledFunction(callee: Node): Node | undefined {
  const nameNode = Node.isPropertyAccessExpression(callee) ? callee.getNameNode() : callee;
  if (!Node.isIdentifier(nameNode)) return undefined;
  for (const declaration of declarationsOf(nameNode)) {
    if (Node.isFunctionDeclaration(declaration) || Node.isMethodDeclaration(declaration)) {
      return declaration.getBody() ? declaration : undefined;
    }
    if (Node.isVariableDeclaration(declaration) || Node.isPropertyAssignment(declaration) || Node.isPropertyDeclaration(declaration)) {
      const initializer = declaration.getInitializer();
      const target = initializer && unwrapExpression(initializer);
      if (target && (Node.isArrowFunction(target) || Node.isFunctionExpression(target))) return target;
    }
  }
  return undefined;
}

function returnedExpression(fn: Node): Node | undefined {
  if (Node.isArrowFunction(fn)) {
    const body = fn.getBody();
    if (!Node.isBlock(body)) return body;
  }
  const returns = returnedExpressions(fn);
  return returns.length === 1 ? returns[0] : undefined;
}

/** Expressions a function returns (an arrow's expression body, or its `return x` statements). */
export function returnedExpressions(fn: Node): Node[] {
  const body = (fn as Node & { getBody?(): Node | undefined }).getBody?.();
  if (!body) return [];
  if (!Node.isBlock(body)) return [body];
  const found: Node[] = [];
  body.forEachDescendant((node, traversal) => {
    if (isFunctionLike(node)) {
      traversal.skip();
      return;
    }
    if (Node.isReturnStatement(node)) {
      const expression = node.getExpression();
      if (expression) found.push(expression);
    }
  });
  return found;
}

/** Keys of a computed property name that iterates a constant list (`[key]` in `KEYS.map((key) => ...)`). */
function computedKeys(name: Node): string[] | undefined {
  if (!Node.isComputedPropertyName(name)) return undefined;
  return iteratedKeys(name.getExpression());
}

/**
 * When `expr` is the loop variable of `for (const k of KEYS)` or the callback parameter of
 * `KEYS.forEach/map/reduce((k) => ...)` over a constant string list: those strings.
 */
export function iteratedKeys(expr: Node | undefined): string[] | undefined {
  const target = expr && unwrapExpression(expr);
  if (!target || !Node.isIdentifier(target)) return undefined;
  for (const declaration of declarationsOf(target)) {
    if (Node.isVariableDeclaration(declaration)) {
      const list = declaration.getParent();
      const statement = list?.getParent();
      if (Node.isForOfStatement(statement)) return constantStringArray(statement.getExpression());
    }
    if (Node.isParameterDeclaration(declaration)) {
      const fn = declaration.getParent();
      const call = fn?.getParent();
      if (!Node.isCallExpression(call)) continue;
      const callee = unwrapExpression(call.getExpression());
      if (Node.isPropertyAccessExpression(callee) && /^(forEach|map|flatMap|reduce|filter)$/.test(callee.getName())) {
        const parameters = (fn as Node & { getParameters(): ParameterDeclaration[] }).getParameters();
        const index = callee.getName() === "reduce" ? 1 : 0;
        if (parameters[index] === declaration) return constantStringArray(callee.getExpression());
      }
    }
  }
  return undefined;
}

/** A constant list of strings: `["a", "b"]`, a `const` of one (`as const`), `Object.keys(CONST)`, `.filter(...)` of one. */
export function constantStringArray(expr: Node, depth = 0): string[] | undefined {
  const target = unwrapExpression(expr);
  if (depth > 5) return undefined;
  if (Node.isArrayLiteralExpression(target)) {
    const keys: string[] = [];
    for (const element of target.getElements()) {
      if (Node.isSpreadElement(element)) {
        const inner = constantStringArray(element.getExpression(), depth + 1);
        if (!inner) return undefined;
        keys.push(...inner);
        continue;
      }
      const key = constantString(element);
      if (key === undefined) return undefined;
      keys.push(key);
    }
    return keys;
  }
  if (Node.isIdentifier(target)) {
    const initializer = constInitializer(target);
    return initializer ? constantStringArray(initializer, depth + 1) : undefined;
  }
  if (Node.isCallExpression(target)) {
    const callee = unwrapExpression(target.getExpression());
    if (!Node.isPropertyAccessExpression(callee)) return undefined;
    if (callee.getExpression().getText() === "Object" && callee.getName() === "keys" && target.getArguments()[0]) {
      let object: Node | undefined = unwrapExpression(target.getArguments()[0]!);
      if (Node.isIdentifier(object)) object = constInitializer(object);
      if (!object || !Node.isObjectLiteralExpression(object)) return undefined;
      const keys: string[] = [];
      for (const property of object.getProperties()) {
        if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)) return undefined;
        const key = propertyNameText(property.getNameNode());
        if (key === undefined) return undefined;
        keys.push(key);
      }
      return keys;
    }
    if (/^(filter|slice|concat|toSorted)$/.test(callee.getName())) return constantStringArray(callee.getExpression(), depth + 1);
  }
  return undefined;
}

