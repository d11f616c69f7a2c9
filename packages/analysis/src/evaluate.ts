/**
 * The evaluator: what an expression may hold, as an ordered list of atoms (see values.ts). It is
 * demand-driven and memoised per node: queries ask for the values at their sinks, and the evaluator
 * walks back through bindings, member reads, calls and returns. Propagation is here; what library
 * calls do is in calls.ts; sources are recognised where their syntax is met.
 */
import { envVarOfKey, looksLikeSecretName, type SecretEntry, type SecretRegistry } from "@secret-guardrails/core";
import { callValue, methodOn, newValue } from "./calls.js";
import { endpointParameterValue } from "./endpoints.js";
import { sqlRows, taggedSqlText } from "./raw-sql.js";
import type { Evaluator, EvaluatorHost } from "./evaluator-api.js";
import { Scopes, type Binding, type PatternStep } from "./scope.js";
import { isNameOfSettings, isNameOfNonRow } from "./names.js";
import { ELEMENT_CALLBACK_METHODS } from "./vocabulary.js";
import {
  enclosingFunction,
  hasModifier,
  isAssignmentOperator,
  isFunctionLike,
  membershipTest,
  staticName,
  unwrap,
  walk,
  type FunctionLike,
} from "./syntax.js";
import type { TS, Ts } from "./ts.js";
import { declaredKeys, typeValue } from "./types.js";
import { canBeSecretValue } from "./type-evidence.js";
import {
  concat,
  constant,
  constantItems,
  constantKey,
  constantStrings,
  derive,
  isValueCarrier,
  neutral,
  NOTHING,
  removeKeys,
  shapeHasKey,
  type Atom,
  type Bindings,
  type Entry,
  type InputAtom,
  type ObjectAtom,
  type OpaqueAtom,
  type ParamAtom,
  type PathStep,
  type RowAtom,
  type Shape,
  type Store,
  type Strength,
  type Value,
} from "./values.js";

/** How deep calls into summaries and helper chains are followed. */
export const MAX_CALL_DEPTH = 8;

/** The evaluator the analysis constructs; the helper modules see it as an {@link Evaluator}. */
export class DemandEvaluator implements Evaluator {
  readonly ts: Ts;
  readonly scopes: Scopes;
  readonly registry: SecretRegistry;
  private readonly cache = new Map<TS.Node, Value>();
  private readonly active = new Set<TS.Node>();
  private readonly bindingCache = new Map<Binding, Value>();
  private readonly activeBindings = new Set<Binding>();
  private readonly returnCache = new Map<FunctionLike, Value>();
  private readonly activeReturns = new Set<FunctionLike>();
  private readonly exportCache = new Map<string, Value>();
  private readonly stores = new Map<string, Store>();
  private readonly storesByModel = new Map<string, Store>();
  private readonly concreteCache = new WeakMap<Value, Value>();
  private readonly discoveredKeys = new Map<string, SecretEntry>();
  private readonly assignedFields = new Map<TS.ClassLikeDeclaration, Map<string, TS.Expression[]>>();
  private readonly defaultCache = new Map<FunctionLike, Value[]>();
  /** Calls being applied, to bound recursion through summaries. */
  private callDepth = 0;

  constructor(readonly host: EvaluatorHost) {
    this.ts = host.ts;
    PARAMETER_PROPERTY_MODIFIERS = new Set(PARAMETER_PROPERTY_MODIFIER_NAMES.map((name) => host.ts.SyntaxKind[name]));
    this.registry = host.registry;
    this.scopes = new Scopes(host.ts);
    this.pathKeys = new Set(host.registry.secrets.flatMap((secret) => (secret.jsonColumn ? secret.field.split(".") : [])));
    for (const model of host.registry.settingsModels) {
      const store: Store = {
        model,
        kind: model.kind,
        orm: model.orm,
        ...(model.keyColumn ? { keyColumn: model.keyColumn } : {}),
        ...(model.valueColumn ? { valueColumn: model.valueColumn } : {}),
      };
      this.stores.set(model.delegate, store);
      this.storesByModel.set(model.name, store);
    }
  }

  /** The Prisma settings store whose client delegate has this name (`systemSettings`). */
  storeByDelegate(name: string): Store | undefined {
    const store = this.stores.get(name);
    return store?.orm === "prisma" ? store : undefined;
  }

  /** The Drizzle settings table declared by this variable name (`settings` of `db.query.settings`, an import). */
  drizzleTable(name: string): Store | undefined {
    const store = this.stores.get(name);
    return store?.orm === "drizzle" ? store : undefined;
  }

  /** The settings store of this model name (`SystemSettings`), also as a Prisma type name. */
  storeByModel(name: string): Store | undefined {
    return this.storesByModel.get(name);
  }

  /** Property names on the paths of secrets inside Json columns (`data`, `smtpPassword` of `data.smtpPassword`). */
  private readonly pathKeys: ReadonlySet<string>;

  /** Is `key` a registered secret's field (or column), or a property on the path of a secret inside a Json column? */
  isSecretKey(key: string): boolean {
    const secret = this.registry.secret(key);
    return (secret !== undefined && secret.jsonColumn === undefined) || this.pathKeys.has(key);
  }

  /** The registered secret of a store's field (or column). */
  secretOf(store: Store | undefined, key: string): SecretEntry | undefined {
    return this.registry.secret(key);
  }

  // ---------------------------------------------------------------------------------------------
  // Expressions

  valueOf(node: TS.Expression): Value {
    const cached = this.cache.get(node);
    if (cached) return cached;
    if (this.active.has(node)) return NOTHING;
    this.active.add(node);
    let value: Value;
    try {
      value = this.compute(node);
    } finally {
      this.active.delete(node);
    }
    this.cache.set(node, value);
    return value;
  }

  private compute(node: TS.Expression): Value {
    const ts = this.ts;
    switch (node.kind) {
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression: {
        const assertion = node as TS.AsExpression;
        return this.withDeclaredType(this.valueOf(assertion.expression), assertion.type);
      }
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.AwaitExpression:
      case ts.SyntaxKind.PartiallyEmittedExpression:
        return this.valueOf((node as TS.ParenthesizedExpression).expression);
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
        return constant((node as TS.StringLiteral).text);
      case ts.SyntaxKind.NumericLiteral:
        return constant(Number((node as TS.NumericLiteral).text));
      case ts.SyntaxKind.TrueKeyword:
        return constant(true);
      case ts.SyntaxKind.FalseKeyword:
        return constant(false);
      case ts.SyntaxKind.NullKeyword:
        return constant(null);
      case ts.SyntaxKind.VoidExpression:
        return constant(undefined);
      case ts.SyntaxKind.Identifier:
        return this.identifierValue(node as TS.Identifier);
      case ts.SyntaxKind.ThisKeyword:
        return this.thisValue(node);
      case ts.SyntaxKind.TemplateExpression:
        return this.templateValue(node as TS.TemplateExpression);
      case ts.SyntaxKind.BinaryExpression:
        return this.binaryValue(node as TS.BinaryExpression);
      case ts.SyntaxKind.ConditionalExpression:
        return this.conditionalValue(node as TS.ConditionalExpression);
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        return this.memberValue(node as TS.PropertyAccessExpression | TS.ElementAccessExpression);
      case ts.SyntaxKind.CallExpression:
        return this.guardedCall(node, () => callValue(this, node as TS.CallExpression));
      case ts.SyntaxKind.NewExpression:
        return this.guardedCall(node, () => newValue(this, node as TS.NewExpression));
      case ts.SyntaxKind.ObjectLiteralExpression:
        return [this.objectLiteral(node as TS.ObjectLiteralExpression)];
      case ts.SyntaxKind.ArrayLiteralExpression:
        return this.arrayLiteral(node as TS.ArrayLiteralExpression);
      case ts.SyntaxKind.ArrowFunction:
      case ts.SyntaxKind.FunctionExpression:
        return [{ k: "function", fn: node as FunctionLike }];
      case ts.SyntaxKind.ClassExpression:
        return [{ k: "class", cls: node as TS.ClassExpression }];
      case ts.SyntaxKind.MetaProperty: {
        const meta = node as TS.MetaProperty;
        return meta.keywordToken === ts.SyntaxKind.ImportKeyword && meta.name.text === "meta"
          ? [{ k: "opaque", why: "global", name: "import.meta", node }]
          : NOTHING;
      }
      case ts.SyntaxKind.TaggedTemplateExpression: {
        const tagged = node as TS.TaggedTemplateExpression;
        const tag = unwrap(ts, tagged.tag);
        if (ts.isPropertyAccessExpression(tag) && /^\$queryRaw/.test(tag.name.text)) {
          const text = taggedSqlText(this, tagged);
          return text === undefined ? NOTHING : sqlRows(this, text, tagged);
        }
        return NOTHING;
      }
      case ts.SyntaxKind.YieldExpression:
        return NOTHING;
      default:
        return NOTHING;
    }
  }

  private guardedCall(node: TS.Node, evaluate: () => Value): Value {
    if (this.callDepth >= MAX_CALL_DEPTH * 4) return NOTHING;
    this.callDepth++;
    try {
      return evaluate();
    } finally {
      this.callDepth--;
    }
  }

  private templateValue(node: TS.TemplateExpression): Value {
    let text: string | undefined = node.head.text;
    const parts: Value[] = [];
    for (const span of node.templateSpans) {
      const value = this.valueOf(span.expression);
      const key = constantKey(value);
      if (text !== undefined && key !== undefined) text += key + span.literal.text;
      else text = undefined;
      parts.push(value.filter((atom) => atom.k !== "const"));
    }
    if (text !== undefined) return constant(text);
    // A template embeds its values: a secret stays a secret in `Bearer ${key}`.
    return concat(...parts.map((part) => part.filter(isValueCarrier)));
  }

  private binaryValue(node: TS.BinaryExpression): Value {
    const ts = this.ts;
    const op = node.operatorToken.kind;
    switch (op) {
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.QuestionQuestionEqualsToken:
        return concat(this.valueOf(node.left), this.valueOf(node.right));
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.BarBarEqualsToken:
        return concat(
          this.valueOf(node.left).filter((atom) => !(atom.k === "const" && !atom.value)),
          this.valueOf(node.right),
        );
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.AmpersandAmpersandEqualsToken:
        // The left side is a test; the value is the right side's.
        return this.valueOf(node.right);
      case ts.SyntaxKind.EqualsToken:
        return this.valueOf(node.right);
      case ts.SyntaxKind.CommaToken:
        return this.valueOf(node.right);
      case ts.SyntaxKind.PlusToken:
      case ts.SyntaxKind.PlusEqualsToken: {
        const left = this.valueOf(node.left);
        const right = this.valueOf(node.right);
        const a = constantKey(left);
        const b = constantKey(right);
        if (a !== undefined && b !== undefined) {
          const leftAtom = left[0] as { value: unknown };
          const rightAtom = right[0] as { value: unknown };
          if (typeof leftAtom.value === "number" && typeof rightAtom.value === "number") return constant(leftAtom.value + rightAtom.value);
          return constant(a + b);
        }
        return concat(left.filter(isValueCarrier), right.filter(isValueCarrier));
      }
      default:
        return NOTHING;
    }
  }

  /**
   * `t ? a : b`. When `t` tests `a`'s presence (`row.x ? row.x : env`), `a` wins; when it tests `b`'s
   * absence (`!row.x ? env : row.x`), `b` wins; otherwise neither is preferred (`flag ? a : b`).
   */
  private conditionalValue(node: TS.ConditionalExpression): Value {
    let whenTrue = this.valueOf(node.whenTrue);
    let whenFalse = this.valueOf(node.whenFalse);
    // `SECRET_KEYS.includes(row.key) ? null : row.value`: key-value values of any key but those.
    const listed = this.keyListTest(node.condition);
    if (listed) {
      const exclude = (value: Value): Value =>
        value.map((atom) => (atom.k === "kvValue" && atom.key.length === 0 ? { ...atom, excluded: new Set([...(atom.excluded ?? []), ...listed.keys]) } : atom));
      if (listed.negated) whenTrue = exclude(whenTrue);
      else whenFalse = exclude(whenFalse);
    }
    const test = this.testOf(node.condition);
    if (test && test.presence && overlaps(test.value, whenTrue)) return concat(whenTrue, whenFalse);
    if (test && !test.presence && overlaps(test.value, whenFalse)) return concat(whenFalse, whenTrue);
    if (test && test.presence && overlaps(test.value, whenFalse)) return concat(whenFalse, whenTrue);
    if (test && !test.presence && overlaps(test.value, whenTrue)) return concat(whenTrue, whenFalse);
    return concat(neutral(whenTrue), neutral(whenFalse));
  }

  /**
   * `LIST.includes(row.key)` / `LIST.has(row.key)` (or negated with `!`) with `LIST` constant strings,
   * the argument a key column's read (`row.key`, `row.name`) or a destructured key: the keys listed.
   */
  private keyListTest(condition: TS.Expression): { keys: readonly string[]; negated: boolean } | undefined {
    const ts = this.ts;
    let node = unwrap(ts, condition);
    let negated = false;
    while (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      negated = !negated;
      node = unwrap(ts, node.operand);
    }
    const test = membershipTest(ts, node);
    if (!test) return undefined;
    const argument = test.member;
    const keyColumns = new Set(this.registry.settingsModels.flatMap((model) => (model.keyColumn ? [model.keyColumn] : [])));
    const readsKey = (ts.isPropertyAccessExpression(argument) && keyColumns.has(argument.name.text)) || (ts.isIdentifier(argument) && keyColumns.has(argument.text));
    const keys = readsKey ? constantItems(this.valueOf(test.collection))?.flat() : undefined;
    return keys && keys.length > 0 ? { keys, negated } : undefined;
  }

  /**
   * What a condition tests: the value whose presence (`x`, `x != null`, `x !== undefined`,
   * `typeof x === "string"`, `x?.length`) or absence (`!x`, `x == null`) it checks. For `a && b`
   * the presence of both; for `a || b` nothing certain.
   */
  testOf(condition: TS.Expression): { presence: boolean; value: Value } | undefined {
    const ts = this.ts;
    const node = unwrap(ts, condition);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) {
      const inner = this.testOf(node.operand);
      return inner ? { presence: !inner.presence, value: inner.value } : undefined;
    }
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) {
        const left = this.testOf(node.left);
        const right = this.testOf(node.right);
        if (left?.presence && right?.presence) return { presence: true, value: concat(left.value, right.value) };
        return left?.presence ? left : right?.presence ? right : left ?? right;
      }
      if (op === ts.SyntaxKind.BarBarToken) {
        const left = this.testOf(node.left);
        const right = this.testOf(node.right);
        if (left && right && !left.presence && !right.presence) return { presence: false, value: concat(left.value, right.value) };
        return undefined;
      }
      const isNullishLiteral = (side: TS.Expression) => {
        const target = unwrap(ts, side);
        return target.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(target) && target.text === "undefined") || ts.isVoidExpression(target);
      };
      const isEmptyString = (side: TS.Expression) => {
        const target = unwrap(ts, side);
        return (ts.isStringLiteral(target) || ts.isNoSubstitutionTemplateLiteral(target)) && target.text === "";
      };
      const negative = op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken;
      const positive = op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken;
      if (negative || positive) {
        const other = isNullishLiteral(node.right) || isEmptyString(node.right) ? node.left : isNullishLiteral(node.left) || isEmptyString(node.left) ? node.right : undefined;
        if (other) return { presence: positive, value: this.testedValue(other) };
        // `typeof x === "string"`
        const typeOf = ts.isTypeOfExpression(unwrap(ts, node.left)) ? (unwrap(ts, node.left) as TS.TypeOfExpression) : undefined;
        if (typeOf) return { presence: negative, value: this.testedValue(typeOf.expression) };
        return undefined;
      }
      if (op === ts.SyntaxKind.GreaterThanToken) {
        // `x.length > 0`
        return { presence: true, value: this.testedValue(node.left) };
      }
      return undefined;
    }
    if (ts.isCallExpression(node)) {
      const callee = unwrap(ts, node.expression);
      if (ts.isIdentifier(callee) && callee.text === "Boolean" && node.arguments[0]) return { presence: true, value: this.testedValue(node.arguments[0]) };
      return undefined;
    }
    return { presence: true, value: this.testedValue(node) };
  }

  /**
   * The tests a condition makes when it holds (`negated`: when it does not): `a && b` is two tests,
   * `!(a || b)` too. Each with the expression it tests and whether it tests presence.
   */
  conjuncts(condition: TS.Expression, negated = false): { node: TS.Expression; presence: boolean; value: Value }[] {
    const ts = this.ts;
    const node = unwrap(ts, condition);
    if (ts.isPrefixUnaryExpression(node) && node.operator === ts.SyntaxKind.ExclamationToken) return this.conjuncts(node.operand, !negated);
    if (ts.isBinaryExpression(node)) {
      const op = node.operatorToken.kind;
      if ((op === ts.SyntaxKind.AmpersandAmpersandToken && !negated) || (op === ts.SyntaxKind.BarBarToken && negated)) {
        return [...this.conjuncts(node.left, negated), ...this.conjuncts(node.right, negated)];
      }
    }
    const test = this.testOf(node);
    if (!test) return [];
    return [{ node, presence: negated ? !test.presence : test.presence, value: test.value }];
  }

  /** The value a test looks at: `x.length` and `x.trim()` test `x`. */
  private testedValue(expression: TS.Expression): Value {
    const ts = this.ts;
    let node = unwrap(ts, expression);
    for (;;) {
      if (ts.isPropertyAccessExpression(node) && (node.name.text === "length" || node.name.text === "size")) node = unwrap(ts, node.expression);
      else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.arguments.length === 0 && /^trim/.test(node.expression.name.text)) {
        node = unwrap(ts, node.expression.expression);
      } else break;
    }
    return this.valueOf(node);
  }

  /**
   * A value the code declares a type for (`x as Patch`, `const body: Patch = ...`): request input, or
   * something unseen, gets the declared type's keys (`{ smtpHost: string; smtpPassword?: string }`).
   */
  private withDeclaredType(value: Value, type: TS.TypeNode): Value {
    // A parameter gets the declared type when a call (or its declaration) decides what it is.
    if (value.some((atom) => atom.k === "param")) {
      value = value.map((atom) => (atom.k === "param" ? { ...atom, path: [...atom.path, { key: DECLARED_TYPE_STEP, node: type }] } : atom));
    }
    if (!value.some((atom) => (atom.k === "input" && atom.shape.open) || (atom.k === "opaque" && atom.why !== "global"))) return value;
    // A declared object type narrows the value to its keys (with or without secrets).
    const keys = declaredKeys(this, type);
    if (!keys) return value;
    if (value.some((atom) => atom.k === "opaque") && ![...keys.keys()].some((key) => this.isSecretKey(key))) return value;
    const shape: Shape = { keys: new Map([...keys].map(([key, node]) => [key, { node }])), open: false, node: type };
    return value.map((atom): Atom => {
      if (atom.k === "input" && atom.shape.open) return { ...atom, shape };
      if (atom.k === "opaque" && atom.why !== "global") return { k: "input", shape, node: atom.node };
      return atom;
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Objects and arrays

  objectLiteral(node: TS.ObjectLiteralExpression): ObjectAtom {
    const ts = this.ts;
    const entries: Entry[] = [];
    for (const property of node.properties) {
      if (ts.isPropertyAssignment(property)) {
        const key = this.propertyKey(property.name);
        const value = this.valueOf(property.initializer);
        const keys = key === undefined && ts.isComputedPropertyName(property.name) ? constantStrings(this.valueOf(property.name.expression)) : undefined;
        entries.push(key === undefined ? { kind: "computed", value, node: property, ...(keys ? { keys } : {}) } : { kind: "prop", key, value, node: property });
      } else if (ts.isShorthandPropertyAssignment(property)) {
        entries.push({ kind: "prop", key: property.name.text, value: this.valueOf(property.name), node: property });
      } else if (ts.isSpreadAssignment(property)) {
        entries.push({ kind: "spread", value: this.valueOf(property.expression), node: property });
      } else if (ts.isMethodDeclaration(property) || ts.isGetAccessorDeclaration(property)) {
        const key = this.propertyKey(property.name);
        const value: Value = ts.isGetAccessorDeclaration(property) ? this.returnsOf(property) : [{ k: "function", fn: property }];
        if (key !== undefined) entries.push({ kind: "prop", key, value, node: property });
      }
    }
    return { k: "object", entries, node };
  }

  /** A property name's key: static, or a computed key that evaluates to one constant. */
  propertyKey(name: TS.PropertyName): string | undefined {
    const ts = this.ts;
    const known = staticName(ts, name);
    if (known !== undefined) return known;
    if (ts.isComputedPropertyName(name)) return constantKey(this.valueOf(name.expression));
    return undefined;
  }

  private arrayLiteral(node: TS.ArrayLiteralExpression): Value {
    const ts = this.ts;
    const items: Value[] = [];
    const parts: { value: Value; node: TS.Node }[] = [];
    let exact = true;
    for (const element of node.elements) {
      if (ts.isSpreadElement(element)) {
        const inner = this.elementOf(this.valueOf(element.expression));
        parts.push({ value: inner, node: element });
        exact = false;
      } else if (ts.isOmittedExpression(element)) {
        items.push(NOTHING);
      } else {
        const value = this.valueOf(element);
        items.push(value);
        parts.push({ value, node: element });
      }
    }
    return [{ k: "array", element: concat(...parts.map((part) => part.value)), ...(exact ? { items } : {}), parts, node }];
  }

  /** Any element of an array value (an iterable's item). */
  elementOf(value: Value): Value {
    const parts: Value[] = [];
    for (const atom of value) {
      if (atom.k === "array") parts.push(atom.element);
      else if (atom.k === "param") parts.push([{ ...atom, path: [...atom.path, { key: "[]", node: atom.path.at(-1)?.node ?? atom.fn }] }]);
      else if (atom.k === "row" || atom.k === "secret" || atom.k === "input" || atom.k === "kvValue") parts.push([atom]);
      else if (atom.k === "object") parts.push(this.objectValues(atom));
    }
    return concat(...parts);
  }

  /** Every value an object holds (`Object.values`, iterating a `Map`). */
  objectValues(atom: ObjectAtom): Value {
    return concat(
      ...atom.entries.map((entry) => (entry.kind === "spread" ? this.elementOf(entry.value) : entry.kind === "delete" ? NOTHING : entry.value)),
    );
  }

  // ---------------------------------------------------------------------------------------------
  // Member reads

  private memberValue(node: TS.PropertyAccessExpression | TS.ElementAccessExpression): Value {
    const ts = this.ts;
    let key: string | undefined;
    let keyValue: Value = NOTHING;
    if (ts.isPropertyAccessExpression(node)) key = node.name.text;
    else {
      keyValue = this.valueOf(node.argumentExpression);
      key = constantKey(keyValue);
    }
    // `db.query.settings`: Drizzle's relational queries on a settings table.
    if (key !== undefined && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === "query") {
      const table = this.drizzleTable(key);
      if (table) return [{ k: "delegate", store: table, node }];
    }
    const object = this.valueOf(node.expression);
    const value = this.member(object, key, node);
    // `map[name]` with a parameter `name`: the key-value values the map holds, read by that key.
    if (key === undefined && keyValue.some((atom) => atom.k === "param")) {
      const keyParams = keyValue.filter((inner) => inner.k === "param");
      const byKey = value.map((atom) => (atom.k === "kvValue" && atom.key.length === 0 ? { ...atom, key: keyParams } : atom));
      // `row[key]` of a settings row with a parameter `key` (a generic getter `get(key)`): the field each call names.
      for (const atom of object) {
        if (atom.k === "row" && atom.store.kind !== "key-value" && atom.jsonPath === undefined) byKey.push({ k: "kvValue", store: atom.store, key: keyParams, node });
      }
      return byKey;
    }
    return value;
  }

  /** `object[key]` read at `node` (the member read, or whatever reads the key). */
  member(object: Value, key: string | undefined, node: TS.Node): Value {
    const parts: Value[] = [];
    for (const atom of object) parts.push(this.atomMember(atom, key, node));
    const result = concat(...parts);
    if (object.length === 0 && key !== undefined) {
      const store = this.storeByDelegate(key);
      if (store) return [{ k: "delegate", store, node }];
    }
    return result;
  }

  private atomMember(atom: Atom, key: string | undefined, node: TS.Node): Value {
    if (key !== undefined && (atom.k === "opaque" || atom.k === "param" || atom.k === "instance" || atom.k === "module" || atom.k === "object")) {
      const store = this.storeByDelegate(key);
      if (store && atom.k !== "object" && atom.k !== "module" && atom.k !== "instance") return [{ k: "delegate", store, node }];
      if (store && (atom.k === "object" || atom.k === "instance" || atom.k === "module")) {
        const own = this.ownMember(atom, key, node).filter((inner) => !(inner.k === "const" && inner.value === undefined));
        return own.length > 0 ? own : [{ k: "delegate", store, node }];
      }
    }
    return this.ownMember(atom, key, node);
  }

  private ownMember(atom: Atom, key: string | undefined, node: TS.Node): Value {
    switch (atom.k) {
      case "envObject": {
        const secret = key === undefined ? undefined : this.registry.secretForEnvVar(key);
        if (secret) return [{ k: "secret", secret, origin: "env", node, strength: "strong", envVar: key! }];
        return [{ k: "env", name: key, node }];
      }
      case "row":
        return this.rowMember(atom, key, node);
      case "delegate":
        // A Drizzle table's column (`settings.apiKey`), as a select or a condition names it.
        return atom.store.orm === "drizzle" && key !== undefined ? [{ k: "opaque", why: "column", name: key, store: atom.store, node }] : NOTHING;

      case "object":
        return this.objectMember(atom, key, node);
      case "array":
        if (key === undefined) return atom.element;
        if (/^\d+$/.test(key)) return atom.items?.[Number(key)] ?? atom.element;
        return NOTHING;
      case "input":
        return this.inputMember(atom, key, node);
      case "request":
        if (key !== undefined && ["body", "query", "params"].includes(key)) {
          return [{ k: "input", shape: { keys: new Map(), open: true }, node, ...(atom.endpoint ? { endpoint: atom.endpoint } : {}) }];
        }
        // `request.nextUrl`; a Koa `ctx.request`, a Hono `c.req`: the request again.
        if (key === "nextUrl" || key === "url" || key === "req" || key === "request") return [atom];
        return NOTHING;
      case "param":
        if (key === undefined) return [{ ...atom, path: [...atom.path, { key: "[]", node }] }];
        return [{ ...atom, path: [...atom.path, { key, node }] }];
      case "opaque":
        return this.opaqueMember(atom, key, node);
      case "instance":
        return key === undefined ? NOTHING : this.classMember(atom.cls, key, node, atom.bindings);
      case "class":
        return key === undefined ? NOTHING : this.classMember(atom.cls, key, node, undefined, true);
      case "module":
        return key === undefined ? NOTHING : this.exportValue(atom.file, key);
      default:
        return NOTHING;
    }
  }

  private rowMember(atom: RowAtom, key: string | undefined, node: TS.Node): Value {
    if (key === undefined) return NOTHING;
    if (atom.store.kind === "key-value") {
      if (key === atom.store.valueColumn) return this.keyValue(atom.store, atom.kvKey ?? NOTHING, node);
      if (key === atom.store.keyColumn) return atom.kvKey ?? NOTHING;
      return NOTHING;
    }
    // `row.data.smtpPassword`: the secret registered at that path of the Json column `data`.
    if (atom.jsonPath === undefined && key.includes(".")) return NOTHING;
    const path = atom.jsonPath === undefined ? key : `${atom.jsonPath}.${key}`;
    const secret = this.registry.secret(path);
    if (secret && (secret.jsonColumn !== undefined) === (atom.jsonPath !== undefined)) {
      if (atom.omitted?.has(secret.field)) return NOTHING;
      if (atom.picked && !atom.picked.has(secret.field)) return NOTHING;
      return [{ k: "secret", secret, origin: "db", node, strength: atom.strength, store: atom.store }];
    }
    // `row.data`: the part of the Json column that holds registered secrets (the rest is not tracked).
    const inside = this.registry.secretsUnder(path);
    if (!inside.some((under) => !atom.omitted?.has(under.field) && (!atom.picked || atom.picked.has(under.field)))) return NOTHING;
    return [{ ...atom, node, jsonPath: path }];
  }

  /** The registered secrets a settings key holds: its field's secret, or the ones inside the Json column (or path) it names. */
  secretsAt(row: RowAtom | undefined, key: string): readonly SecretEntry[] {
    if (row?.jsonPath === undefined && key.includes(".")) return [];
    const path = row?.jsonPath === undefined ? key : `${row.jsonPath}.${key}`;
    const secret = this.registry.secret(path);
    if (secret && (secret.jsonColumn !== undefined) === (row?.jsonPath !== undefined)) return [secret];
    return this.registry.secretsUnder(path);
  }

  /**
   * The value of a key-value row read by `key`: the secret it is when the key is a registered (or,
   * without configuration, a secret-looking) key; decided later when the key is a parameter or
   * unknown (a `findMany` row).
   */
  keyValue(store: Store, key: Value, node: TS.Node): Value {
    const keys = constantStrings(key);
    if (keys) {
      const result: Atom[] = [];
      for (const name of keys) {
        // A key-value store's key; a single-row store's field (a generic getter's argument).
        const secret = store.kind === "key-value" ? this.keyValueSecret(store, name) : this.registry.secret(name);
        if (secret && secret.jsonColumn === undefined) result.push({ k: "secret", secret, origin: "db", node, strength: "strong", store });
      }
      return result;
    }
    // A parameter's key is decided at each call (one no call decides stays undecided); any other is any key.
    return [{ k: "kvValue", store, key: key.filter((atom) => atom.k === "param" || (atom.k === "opaque" && atom.why === "param")), node }];
  }

  /** The secret a key-value store holds under `key`: registered, or discovered (a secret-looking key) without configuration. */
  keyValueSecret(store: Store, key: string): SecretEntry | undefined {
    const registered = this.registry.secret(key);
    if (registered) return registered;
    if (this.registry.source === "config" || !looksLikeSecretName(key)) return undefined;
    let secret = this.discoveredKeys.get(key);
    if (!secret) {
      secret = { field: key, envVars: [envVarOfKey(key)], column: key };
      this.discoveredKeys.set(key, secret);
    }
    return secret;
  }

  private objectMember(atom: ObjectAtom, key: string | undefined, node: TS.Node): Value {
    const found: Value[] = [];
    for (let index = atom.entries.length - 1; index >= 0; index--) {
      const entry = atom.entries[index]!;
      if (entry.kind === "prop") {
        if (key === undefined) {
          found.push(entry.value);
          continue;
        }
        if (entry.key === key) {
          found.push(entry.value);
          return concat(...found);
        }
      } else if (entry.kind === "delete") {
        if (entry.key === key) return concat(...found);
      } else if (entry.kind === "computed") {
        // A map built from key-value rows (`map[row.name] = row.value`): the value stored under `key`.
        found.push(key === undefined ? entry.value : this.lookUpKeyValues(entry.value, constant(key), node));
      } else {
        const inner = this.member(entry.value, key, node);
        if (inner.length > 0) {
          found.push(inner);
          // A spread of a literal object that has the key decides; anything else may not have it.
          if (entry.value.every((spreadAtom) => spreadAtom.k === "object" && objectHasKey(spreadAtom, key))) return concat(...found);
        }
      }
    }
    // A key no entry can provide is absent: `undefined`.
    if (found.length === 0 && key !== undefined && atom.entries.every((entry) => entry.kind === "prop" || entry.kind === "delete")) return constant(undefined);
    return concat(...found);
  }

  /** Key-value values of unknown key, read under `key` from a map built of them. */
  lookUpKeyValues(value: Value, key: Value, node: TS.Node): Value {
    if (!value.some((atom) => atom.k === "kvValue" && atom.key.length === 0)) return value;
    return concat(
      ...value.map((atom) => {
        if (atom.k !== "kvValue" || atom.key.length > 0) return [atom];
        const resolved = this.keyValue(atom.store, key, node);
        return atom.derived ? derive(resolved) : resolved;
      }),
    );
  }

  private inputMember(atom: InputAtom, key: string | undefined, node: TS.Node): Value {
    if (key === undefined) return NOTHING;
    const shapeKey = atom.shape.keys.get(key);
    if (shapeKey?.shape) {
      const nested: Value = [{ k: "input", shape: shapeKey.shape, node, ...(atom.endpoint ? { endpoint: atom.endpoint } : {}) }];
      return shapeKey.list ? [{ k: "array", element: nested, node }] : nested;
    }
    const secret = this.registry.secret(key);
    if (secret && shapeHasKey(atom.shape, key)) return [{ k: "secret", secret, origin: "input", node, strength: "strong", input: atom }];
    if (key === "data" && atom.shape.open) return [atom];
    // A key the shape lets through is a value from the request; one it does not is absent.
    if (shapeHasKey(atom.shape, key)) return [{ k: "opaque", why: "input", name: key, node, input: atom }];
    if (!atom.shape.unresolved) return constant(undefined);
    return NOTHING;
  }

  /** A secret-named property of something the engine cannot see: a settings read only with evidence. */
  private opaqueMember(atom: OpaqueAtom, key: string | undefined, node: TS.Node): Value {
    if (key === undefined) return NOTHING;
    // Prisma's null markers: `Prisma.DbNull` clears a column, `Prisma.skip` leaves it as it is.
    if (atom.name === "Prisma" && (key === "DbNull" || key === "JsonNull" || key === "AnyNull")) return constant(null);
    if (atom.name === "Prisma" && key === "skip") return constant(undefined);
    if (atom.why === "global" && atom.name !== undefined && BUILTIN_GLOBALS.has(atom.name)) {
      if ((atom.name === "process" || atom.name === "import.meta" || atom.name === "Bun") && key === "env") return [{ k: "envObject", node }];
      return NOTHING;
    }
    // `SettingKey.SMTP_PASSWORD` of a Prisma enum (`@prisma/client`) that types a key-value store's key column: the key.
    if (atom.why === "import" && atom.name !== undefined && (atom.path ?? []).length === 0 && this.keyEnumValues(atom.name).includes(key)) return constant(key);
    // `serverEnv.SMTP_PASSWORD`: a registered secret's env var read from something unseen is the env.
    const fromEnv = this.registry.secretForEnvVar(key);
    if (fromEnv && atom.why !== "this") return [{ k: "secret", secret: fromEnv, origin: "env", node, strength: "named", envVar: key }];
    // `site.data.smtpPassword` of something unseen: the path, when it is a registered path into a Json column.
    const dotted = atom.path && atom.path.length > 0 ? this.registry.secret([...atom.path.map((step) => step.key), key].join(".")) : undefined;
    const secret = dotted?.jsonColumn !== undefined ? dotted : this.registry.secret(key);
    if (!secret || (secret.jsonColumn !== undefined && secret !== dotted)) return [{ ...atom, node, path: [...(atom.path ?? []), { key, node }] }];
    const strength = this.evidence(atom);
    if (!strength) return NOTHING;
    // With types: a member whose type cannot hold the value (a status object) is not the secret.
    if (canBeSecretValue(this, node) === false) return NOTHING;
    return [{ k: "secret", secret, origin: "db", node, strength }];
  }

  /** The values of the schema enum named `name` when it types a key-value store's key column. */
  keyEnumValues(name: string): readonly string[] {
    for (const model of this.registry.settingsModels) {
      if (model.kind !== "key-value") continue;
      const field = model.schema?.fields.find((candidate) => candidate.name === model.keyColumn);
      if (field?.type === name && field.enumValues) return field.enumValues;
    }
    return [];
  }

  /** How much the name of something unseen says it is a settings row. */
  evidence(atom: OpaqueAtom): Strength | undefined {
    const names = [atom.name ?? "", ...(atom.path ?? []).map((step) => step.key)];
    if (names.some((name) => isNameOfNonRow(name))) return undefined;
    if (atom.why === "this" || atom.why === "import") return undefined;
    if (names.some((name) => isNameOfSettings(name, this.registry))) return "named";
    return "weak";
  }

  // ---------------------------------------------------------------------------------------------
  // Identifiers and bindings

  identifierValue(node: TS.Identifier): Value {
    const binding = this.scopes.resolve(node);
    if (!binding) return this.globalValue(node);
    return this.bindingValue(binding);
  }

  private globalValue(node: TS.Identifier): Value {
    if (node.text === "undefined") return constant(undefined);
    if (node.text === "process" || node.text === "Bun" || node.text === "Deno" || node.text === "globalThis") {
      return [{ k: "opaque", why: "global", name: node.text, node }];
    }
    if (this.registry.envObjects.includes(node.text)) return [{ k: "envObject", node }];
    return [{ k: "opaque", why: "global", name: node.text, node }];
  }

  bindingValue(binding: Binding): Value {
    const cached = this.bindingCache.get(binding);
    if (cached) return cached;
    if (this.activeBindings.has(binding)) return NOTHING;
    this.activeBindings.add(binding);
    let value: Value;
    try {
      value = this.computeBinding(binding);
    } finally {
      this.activeBindings.delete(binding);
    }
    this.bindingCache.set(binding, value);
    return value;
  }

  private computeBinding(binding: Binding): Value {
    const ts = this.ts;
    const declaration = binding.declaration;
    switch (binding.kind) {
      case "function":
        return isFunctionLike(ts, declaration) ? [{ k: "function", fn: declaration }] : NOTHING;
      case "class":
        return ts.isClassLike(declaration) ? [{ k: "class", cls: declaration }] : NOTHING;
      case "enum":
        return ts.isEnumDeclaration(declaration) ? [this.enumObject(declaration)] : NOTHING;
      case "import":
        return this.importValue(binding);
      case "catch":
      case "namespace":
      case "type":
        return NOTHING;
      case "param": {
        const parameter = declaration as TS.ParameterDeclaration;
        const fn = parameter.parent as FunctionLike;
        const index = fn.parameters.indexOf(parameter);
        let value = this.parameterValue(fn, index);
        if (parameter.initializer) value = concat(value, this.valueOf(parameter.initializer));
        return this.followPath(value, binding.path);
      }
      default:
        break;
    }
    if (!ts.isVariableDeclaration(declaration)) return NOTHING;
    const list = declaration.parent;
    const statement = list.parent;
    let value: Value;
    if (ts.isForOfStatement(statement)) {
      value = this.elementOf(this.valueOf(statement.expression));
    } else if (ts.isForInStatement(statement)) {
      value = NOTHING;
    } else if (declaration.initializer && ts.isIdentifier(declaration.name) && this.drizzleTable(declaration.name.text) && ts.isCallExpression(unwrap(ts, declaration.initializer))) {
      // `export const settings = pgTable("settings", { ... })`: the Drizzle table itself.
      value = [{ k: "delegate", store: this.drizzleTable(declaration.name.text)!, node: declaration }];
    } else if (declaration.initializer) {
      value = this.valueOf(declaration.initializer);
      if (declaration.type) value = value.length === 0 ? typeValue(this, declaration.type) : this.withDeclaredType(value, declaration.type);
    } else if (declaration.type) {
      value = typeValue(this, declaration.type);
      // `declare const row: ...`: something unseen, known by its name.
      if (value.length === 0 && ts.isIdentifier(declaration.name)) value = [{ k: "opaque", why: "param", name: declaration.name.text, node: declaration }];
    } else {
      value = constant(undefined);
    }
    if (binding.path.length === 0) {
      value = this.withMutations(binding, value);
      if (binding.kind !== "const") value = this.withReassignments(binding, value);
    }
    return this.followPath(value, binding.path);
  }

  /** Applies a destructuring path to a value. */
  followPath(value: Value, path: readonly PatternStep[]): Value {
    let current = value;
    for (const step of path) {
      switch (step.kind) {
        case "key": {
          const key = typeof step.key === "string" ? step.key : this.propertyKey(step.key);
          current = this.member(current, key, step.element);
          if (step.element.initializer) current = concat(current, this.valueOf(step.element.initializer));
          break;
        }
        case "index":
          current = this.member(current, String(step.index), step.element);
          if (step.element.initializer) current = concat(current, this.valueOf(step.element.initializer));
          break;
        case "rest": {
          const taken = step.taken.map((key) => (typeof key === "string" ? key : this.propertyKey(key))).filter((key): key is string => key !== undefined);
          current = this.without(current, taken, step.element);
          break;
        }
        case "arrayRest":
          current = [{ k: "array", element: this.elementOf(current), node: step.element }];
          break;
      }
    }
    return current;
  }

  /** The value with `keys` taken out (a rest element, `omit`). */
  without(value: Value, keys: readonly string[], node: TS.Node): Value {
    return value.map((atom): Atom => {
      switch (atom.k) {
        case "row": {
          const omitted = new Set(atom.omitted ?? []);
          for (const key of keys) for (const secret of this.secretsAt(atom, key)) omitted.add(secret.field);
          return { ...atom, omitted, node: atom.node };
        }
        case "input":
          return { ...atom, shape: removeKeys(atom.shape, keys) };
        case "object":
          return { ...atom, entries: [...atom.entries, ...keys.map((key): Entry => ({ kind: "delete", key, node }))] };
        case "param":
          return { ...atom, path: [...atom.path, { key: `...-${keys.join(",")}`, node }] };
        default:
          return atom;
      }
    });
  }

  /**
   * A `const`/`let` object gets what code puts into it later: `data.x = v`, `data[k] = v`,
   * `Object.assign(data, ...)`, `Reflect.set(data, k, v)`, `delete data.x`. Other values are returned as they are.
   */
  private withMutations(binding: Binding, value: Value): Value {
    if (value.some((atom) => atom.k === "array")) value = this.withPushes(binding, value);
    if (!value.some((atom) => atom.k === "object")) return value;
    const ts = this.ts;
    const extra: Entry[] = [];
    for (const reference of this.scopes.referencesOf(binding)) {
      const parent = reference.parent;
      // map.set(k, v) / set.add(v) on a Map or Set built here
      if (ts.isPropertyAccessExpression(parent) && parent.expression === reference && ts.isCallExpression(parent.parent) && parent.parent.expression === parent) {
        const call = parent.parent;
        if (parent.name.text === "set" && call.arguments[0] && call.arguments[1]) {
          const key = constantKey(this.valueOf(call.arguments[0]));
          const assigned = this.valueOf(call.arguments[1]);
          extra.push(key === undefined ? { kind: "computed", value: assigned, node: call } : { kind: "prop", key, value: assigned, node: call });
        } else if (parent.name.text === "add" && call.arguments[0]) {
          extra.push({ kind: "computed", value: this.valueOf(call.arguments[0]), node: call });
        }
        continue;
      }
      // data.x = v / data[k] = v
      if ((ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === reference) {
        const assignment = parent.parent;
        if (ts.isBinaryExpression(assignment) && assignment.left === parent && isAssignmentOperator(ts, assignment.operatorToken.kind)) {
          const keyValue = ts.isPropertyAccessExpression(parent) ? constant(parent.name.text) : this.valueOf(parent.argumentExpression);
          const key = constantKey(keyValue);
          const assigned = this.valueOf(assignment.right);
          const keys = key === undefined ? constantStrings(keyValue) : undefined;
          extra.push(key === undefined ? { kind: "computed", value: assigned, node: assignment, ...(keys ? { keys } : {}) } : { kind: "prop", key, value: assigned, node: assignment });
        } else if (ts.isDeleteExpression(assignment)) {
          const key = ts.isPropertyAccessExpression(parent) ? parent.name.text : constantKey(this.valueOf(parent.argumentExpression));
          if (key !== undefined) extra.push({ kind: "delete", key, node: assignment });
        }
        continue;
      }
      // Object.assign(data, a, b) / Reflect.set(data, k, v)
      if (ts.isCallExpression(parent) && parent.arguments[0] === reference) {
        const callee = unwrap(ts, parent.expression);
        if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
          const owner = callee.expression.text;
          const method = callee.name.text;
          if (owner === "Object" && method === "assign") {
            for (const source of parent.arguments.slice(1)) extra.push({ kind: "spread", value: this.valueOf(source), node: source });
          } else if (owner === "Reflect" && method === "set" && parent.arguments[1] && parent.arguments[2]) {
            const key = constantKey(this.valueOf(parent.arguments[1]));
            const assigned = this.valueOf(parent.arguments[2]);
            extra.push(key === undefined ? { kind: "computed", value: assigned, node: parent } : { kind: "prop", key, value: assigned, node: parent });
          }
        }
      }
    }
    if (extra.length === 0) return value;
    return value.map((atom) => (atom.k === "object" ? { ...atom, entries: [...atom.entries, ...extra] } : atom));
  }

  /** An array built here and filled later (`out.push(x)`, `out.unshift(x)`): its elements include what is put in. */
  private withPushes(binding: Binding, value: Value): Value {
    const ts = this.ts;
    const pushed: Value[] = [];
    for (const reference of this.scopes.referencesOf(binding)) {
      const parent = reference.parent;
      if (!ts.isPropertyAccessExpression(parent) || parent.expression !== reference) continue;
      const call = parent.parent;
      if (!ts.isCallExpression(call) || call.expression !== parent) continue;
      if (parent.name.text === "push" || parent.name.text === "unshift" || parent.name.text === "splice") {
        for (const argument of call.arguments) pushed.push(ts.isSpreadElement(argument) ? this.elementOf(this.valueOf(argument.expression)) : this.valueOf(argument));
      }
    }
    if (pushed.length === 0) return value;
    return value.map((atom) => (atom.k === "array" ? { ...atom, element: concat(atom.element, ...pushed), items: undefined, parts: [...(atom.parts ?? []), ...pushed.map((part) => ({ value: part, node: atom.node }))] } : atom));
  }

  /**
   * A `let` assigned again: the assignments' values in the order they win. `v ??= x`, `if (!v) v = x`
   * only fill in (after); `if (x) v = x`, and a plain `v = x`, override (before); an assignment under
   * an unrelated condition is neutral.
   */
  private withReassignments(binding: Binding, initial: Value): Value {
    const ts = this.ts;
    let before: Value[] = [];
    const after: Value[] = [];
    let current = initial;
    for (const reference of this.scopes.referencesOf(binding)) {
      const assignment = reference.parent;
      if (!ts.isBinaryExpression(assignment) || assignment.left !== reference || !isAssignmentOperator(ts, assignment.operatorToken.kind)) continue;
      const op = assignment.operatorToken.kind;
      const assigned = this.valueOf(assignment.right);
      if (op === ts.SyntaxKind.QuestionQuestionEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken) {
        after.push(assigned);
        continue;
      }
      if (op !== ts.SyntaxKind.EqualsToken) continue;
      const guard = this.guardOf(assignment);
      if (!guard) {
        // Unconditional: the new value replaces everything before it.
        before = [];
        after.length = 0;
        current = assigned;
        continue;
      }
      const tests = this.conjuncts(guard.condition, guard.negated);
      if (tests.some((test) => !test.presence)) after.push(assigned);
      else if (tests.some((test) => test.presence && overlaps(test.value, assigned))) before.unshift(assigned);
      else before.unshift(neutral(assigned));
    }
    return concat(...before, current, ...after);
  }

  /** The `if` whose branch holds `node` (within its function), and whether `node` is in the else branch. */
  guardOf(node: TS.Node): { condition: TS.Expression; negated: boolean; statement: TS.IfStatement } | undefined {
    const ts = this.ts;
    let child: TS.Node = node;
    let current = node.parent;
    while (current && !isFunctionLike(ts, current) && !ts.isSourceFile(current)) {
      if (ts.isIfStatement(current) && child !== current.expression) {
        return { condition: current.expression, negated: current.elseStatement === child, statement: current };
      }
      if (ts.isConditionalExpression(current) && child !== current.condition) {
        return { condition: current.condition, negated: current.whenFalse === child, statement: undefined as unknown as TS.IfStatement };
      }
      if (ts.isBinaryExpression(current) && current.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && current.right === child) {
        return { condition: current.left, negated: false, statement: undefined as unknown as TS.IfStatement };
      }
      child = current;
      current = current.parent;
    }
    return undefined;
  }

  private enumObject(declaration: TS.EnumDeclaration): ObjectAtom {
    const entries: Entry[] = [];
    let next = 0;
    for (const member of declaration.members) {
      const key = staticName(this.ts, member.name);
      let value: Value;
      if (member.initializer) {
        value = this.valueOf(member.initializer);
        const number = value.length === 1 && value[0]!.k === "const" && typeof value[0]!.value === "number" ? value[0]!.value : undefined;
        if (number !== undefined) next = number + 1;
      } else {
        value = constant(next++);
      }
      if (key !== undefined) entries.push({ kind: "prop", key, value, node: member });
    }
    return { k: "object", entries, node: declaration };
  }

  // ---------------------------------------------------------------------------------------------
  // Parameters, functions, returns

  /** A parameter's value: what an endpoint's framework passes, else the symbolic parameter. */
  parameterValue(fn: FunctionLike, index: number): Value {
    const fromEndpoint = endpointParameterValue(this, fn, index);
    if (fromEndpoint) return fromEndpoint;
    const element = this.callbackElement(fn, index);
    if (element) return element;
    return [{ k: "param", fn, index, path: [] }];
  }

  /**
   * The element a callback given to an array method of a known array gets (`rows.forEach((row) =>
   * map[row.name] = row.value)`): what code outside the call reads of it (a map it fills) sees the rows.
   */
  private callbackElement(fn: FunctionLike, index: number): Value | undefined {
    const ts = this.ts;
    if (index !== 0 || (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn))) return undefined;
    let node: TS.Node = fn;
    while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
    const call = node.parent;
    if (!ts.isCallExpression(call) || call.arguments[0] !== node) return undefined;
    const callee = unwrap(ts, call.expression);
    if (!ts.isPropertyAccessExpression(callee) || !ELEMENT_CALLBACK_METHODS.has(callee.name.text)) return undefined;
    // An array, or a parameter's (each element decided where a call substitutes it).
    const arrays = this.valueOf(callee.expression).filter((atom) => atom.k === "array" || atom.k === "param");
    const element = arrays.length > 0 ? this.elementOf(arrays) : NOTHING;
    return element.length > 0 ? element : undefined;
  }

  /**
   * What a parameter is when nothing substitutes it: its declared type (a settings model is a row),
   * else something unseen whose name is the evidence.
   */
  parameterDefault(fn: FunctionLike, index: number): Value {
    let byIndex = this.defaultCache.get(fn);
    if (!byIndex) {
      byIndex = [];
      this.defaultCache.set(fn, byIndex);
    }
    return (byIndex[index] ??= this.computeParameterDefault(fn, index));
  }

  private computeParameterDefault(fn: FunctionLike, index: number): Value {
    const ts = this.ts;
    const parameter = fn.parameters[index];
    if (!parameter) return NOTHING;
    if (parameter.type) {
      const typed = typeValue(this, parameter.type);
      if (typed.some((atom) => atom.k !== "opaque")) return typed;
      // A declared object type with secret keys (`data: SmtpSettings`): data that can hold them.
      const keys = declaredKeys(this, parameter.type);
      if (keys && [...keys.keys()].some((key) => this.isSecretKey(key))) {
        return [{ k: "input", shape: { keys: new Map([...keys].map(([key, node]) => [key, { node }])), open: false, node: parameter.type }, node: parameter }];
      }
      if (typed.length > 0) return typed;
    }
    const typeName = parameter.type && ts.isTypeReferenceNode(parameter.type) ? (ts.isIdentifier(parameter.type.typeName) ? parameter.type.typeName.text : parameter.type.typeName.right.text) : undefined;
    const name = ts.isIdentifier(parameter.name) ? parameter.name.text : typeName;
    if (name !== undefined && this.registry.envObjects.includes(name)) return [{ k: "envObject", node: parameter }];
    if (typeName !== undefined && isNameOfNonRow(typeName)) return [{ k: "opaque", why: "param", name: typeName, node: parameter }];
    return [{ k: "opaque", why: "param", ...(name ? { name } : {}), node: parameter }];
  }

  /** The values a function returns (yields, for a generator), in the order they win. */
  returnsOf(fn: FunctionLike): Value {
    const cached = this.returnCache.get(fn);
    if (cached) return cached;
    if (this.activeReturns.has(fn)) return NOTHING;
    this.activeReturns.add(fn);
    let value: Value;
    try {
      value = this.computeReturns(fn);
    } finally {
      this.activeReturns.delete(fn);
    }
    this.returnCache.set(fn, value);
    return value;
  }

  private computeReturns(fn: FunctionLike): Value {
    const ts = this.ts;
    if (!fn.body) return NOTHING;
    if (!ts.isBlock(fn.body)) return this.valueOf(fn.body);
    const generator = !!(fn as TS.FunctionDeclaration).asteriskToken;
    const returns = this.returnStatements(fn);
    const preferred: Value[] = [];
    const fallbacks: Value[] = [];
    let sawDefault = false;
    for (const statement of returns) {
      const expression = ts.isReturnStatement(statement) ? statement.expression : (statement as TS.YieldExpression).expression;
      if (!expression) continue;
      const value = this.valueOf(expression);
      if (value.length === 0) continue;
      const guard = this.guardOf(statement);
      if (!guard || sawDefault) {
        if (!guard) sawDefault = true;
        preferred.push(value);
        continue;
      }
      const tests = this.conjuncts(guard.condition, guard.negated);
      if (tests.some((test) => test.presence && overlaps(test.value, value))) preferred.push(value);
      else if (tests.some((test) => !test.presence)) fallbacks.push(value);
      else preferred.push(neutral(value));
    }
    const result = concat(...preferred, ...fallbacks);
    return generator ? [{ k: "array", element: result, node: fn }] : result;
  }

  /** The function's own return statements (and yields), in source order, nested functions excluded. */
  returnStatements(fn: FunctionLike): (TS.ReturnStatement | TS.YieldExpression)[] {
    const ts = this.ts;
    const result: (TS.ReturnStatement | TS.YieldExpression)[] = [];
    const visit = (node: TS.Node): void => {
      if (isFunctionLike(ts, node) || ts.isClassLike(node)) return;
      if (ts.isReturnStatement(node)) result.push(node);
      if (ts.isYieldExpression(node)) result.push(node);
      ts.forEachChild(node, visit);
    };
    if (fn.body) ts.forEachChild(fn.body, visit);
    return result;
  }

  /** The result of calling `fn` with these arguments (its returns, its parameters substituted). */
  apply(fn: FunctionLike, args: readonly Value[], bindings?: Bindings): Value {
    if (this.callDepth >= MAX_CALL_DEPTH * 4) return NOTHING;
    this.callDepth++;
    try {
      const all = new Map(bindings ?? []);
      all.set(fn, args);
      return this.substitute(this.returnsOf(fn), all);
    } finally {
      this.callDepth--;
    }
  }

  /** Replaces the parameters of the functions in `bindings` by their values (the arguments of a call). */
  substitute(value: Value, bindings: Bindings, depth = 0): Value {
    if (depth > 6 || !value.some((atom) => mayHoldParam(atom))) return value;
    // Identity-preserving: a value with nothing to substitute is returned as it is (no copies, and
    // caches keyed by a value keep hitting).
    let parts: Value[] | undefined;
    for (let index = 0; index < value.length; index++) {
      const atom = value[index]!;
      const next = mayHoldParam(atom) ? this.substituteAtom(atom, bindings, depth) : undefined;
      if (parts === undefined) {
        if (next === undefined || (next.length === 1 && next[0] === atom)) continue;
        parts = value.slice(0, index).map((kept) => [kept]);
      }
      parts.push(next ?? [atom]);
    }
    return parts === undefined ? value : concat(...parts);
  }

  private substituteAtom(atom: Atom, bindings: Bindings, depth: number): Value {
    switch (atom.k) {
      case "param": {
        const args = bindings.get(atom.fn);
        if (!args) return [atom];
        const parameter = atom.fn.parameters[atom.index];
        let value: Value;
        if (parameter?.dotDotDotToken) value = [{ k: "array", element: concat(...args.slice(atom.index)), items: args.slice(atom.index), node: parameter }];
        else value = args[atom.index] ?? NOTHING;
        // What a caller passed keeps pointing at its argument, also when only a part of it is read.
        const carriedAt = value.find((inner) => inner.at)?.at;
        for (const step of atom.path) {
          if (step.args) value = this.callStep(step, value, bindings, depth);
          else if (step.key === DECLARED_TYPE_STEP) value = this.withDeclaredType(value, step.node as TS.TypeNode);
          else if (step.key === "[]") value = this.elementOf(value);
          else if (step.key.startsWith("...-")) value = this.without(value, step.key.slice(4).split(","), step.node);
          else value = this.member(value, step.key, step.node);
        }
        if (atom.derived) value = value.filter(isValueCarrier).map((inner) => (inner.k === "secret" ? { ...inner, derived: true } : inner));
        if (atom.neutral) value = neutral(value);
        const at = atom.at ?? (atom.path.length > 0 ? carriedAt : undefined);
        if (at) value = value.map((inner) => (inner.at ? inner : { ...inner, at }));
        return value;
      }
      case "object": {
        let changed = false;
        const entries = atom.entries.map((entry): Entry => {
          if (entry.kind === "delete") return entry;
          const value = this.substitute(entry.value, bindings, depth + 1);
          if (value === entry.value) return entry;
          changed = true;
          return { ...entry, value };
        });
        return changed ? [{ ...atom, entries }] : [atom];
      }
      case "array": {
        let changed = false;
        const again = (value: Value): Value => {
          const next = this.substitute(value, bindings, depth + 1);
          if (next !== value) changed = true;
          return next;
        };
        const element = again(atom.element);
        const items = atom.items?.map(again);
        const parts = atom.parts?.map((part) => {
          const value = again(part.value);
          return value === part.value ? part : { node: part.node, value };
        });
        if (!changed) return [atom];
        return [{ ...atom, element, ...(items ? { items } : {}), ...(parts ? { parts } : {}) }];
      }
      case "instance": {
        if (!atom.bindings) return [atom];
        let changed = false;
        const instanceBindings = new Map(
          [...atom.bindings].map(([fn, args]) => [
            fn,
            args.map((arg) => {
              const next = this.substitute(arg, bindings, depth + 1);
              if (next !== arg) changed = true;
              return next;
            }),
          ]),
        );
        return changed ? [{ ...atom, bindings: instanceBindings }] : [atom];
      }
      case "kvValue": {
        if (atom.key.length === 0) return [atom];
        const resolved = this.keyValue(atom.store, this.substitute(atom.key, bindings, depth + 1), atom.node);
        const marked = atom.derived ? derive(resolved) : resolved;
        return atom.at ? marked.map((inner) => (inner.at ? inner : { ...inner, at: atom.at })) : marked;
      }
      case "row":
        if (!atom.kvKey || !atom.kvKey.some((inner) => inner.k === "param")) return [atom];
        return [{ ...atom, kvKey: this.substitute(atom.kvKey, bindings, depth + 1) }];
      case "function":
        return [atom];
      default:
        return [atom];
    }
  }

  /** A method call on a parameter, now that the parameter's value is known (bounded like every call). */
  private callStep(step: PathStep, receiver: Value, bindings: Bindings, depth: number): Value {
    if (this.callDepth >= MAX_CALL_DEPTH * 4) return NOTHING;
    this.callDepth++;
    try {
      return methodOn(this, step.node as TS.CallExpression, receiver, step.key, step.args!.map((arg) => this.substitute(arg, bindings, depth + 1)));
    } finally {
      this.callDepth--;
    }
  }

  /** The value as it is where no call substitutes the parameters: each parameter as its declaration says. */
  concretize(value: Value, depth = 0): Value {
    if (depth > 4 || !value.some((atom) => mayHoldParam(atom))) return value;
    if (depth === 0) {
      const cached = this.concreteCache.get(value);
      if (cached) return cached;
      const result = this.concretizeUncached(value);
      this.concreteCache.set(value, result);
      return result;
    }
    return this.concretizeUncached(value, depth);
  }

  private concretizeUncached(value: Value, depth = 0): Value {
    const parts: Value[] = [];
    for (const atom of value) {
      if (atom.k === "param") {
        const defaults = new Map<FunctionLike, Value[]>();
        const args: Value[] = [];
        args[atom.index] = this.parameterDefault(atom.fn, atom.index);
        defaults.set(atom.fn, args);
        let concrete = this.concretize(this.substituteAtom(atom, defaults, 0), depth + 1);
        // Nothing the declaration says: still a value the callers decide (a write of it is theirs to report).
        if (concrete.length === 0) {
          const parameter = atom.fn.parameters[atom.index];
          const name = parameter && this.ts.isIdentifier(parameter.name) ? parameter.name.text : undefined;
          concrete = [{ k: "opaque", why: "param", ...(name ? { name } : {}), node: parameter ?? atom.fn, ...(atom.path.length > 0 ? { path: atom.path.map(({ key, node }) => ({ key, node })) } : {}) }];
        }
        // What a parameter's declaration gives is marked: a finding on it may move to the callers.
        parts.push(concrete.map((inner) => (inner.fromParam ? inner : { ...inner, fromParam: atom.fn })));
      } else if (atom.k === "object") {
        parts.push([{ ...atom, entries: atom.entries.map((entry): Entry => (entry.kind === "delete" ? entry : { ...entry, value: this.concretize(entry.value, depth + 1) })) }]);
      } else if (atom.k === "array") {
        parts.push([
          {
            ...atom,
            element: this.concretize(atom.element, depth + 1),
            ...(atom.items ? { items: atom.items.map((item) => this.concretize(item, depth + 1)) } : {}),
            ...(atom.parts ? { parts: atom.parts.map((part) => ({ node: part.node, value: this.concretize(part.value, depth + 1) })) } : {}),
          },
        ]);
      } else {
        parts.push([atom]);
      }
    }
    return concat(...parts);
  }

  // ---------------------------------------------------------------------------------------------
  // Classes

  private thisValue(node: TS.Node): Value {
    const ts = this.ts;
    let current: TS.Node | undefined = node.parent;
    while (current) {
      if (ts.isClassLike(current)) return [{ k: "instance", cls: current, node }];
      if (ts.isFunctionDeclaration(current) || ts.isFunctionExpression(current)) break;
      current = current.parent;
    }
    return [{ k: "opaque", why: "this", node }];
  }

  /** A class member as `this.name` (or `C.name` for static members) sees it. */
  classMember(cls: TS.ClassLikeDeclaration, name: string, node: TS.Node, bindings?: Bindings, isStatic = false, depth = 0): Value {
    const ts = this.ts;
    if (depth > 5) return NOTHING;
    let result: Value | undefined;
    let declaredType: Value | undefined;
    for (const member of cls.members) {
      const memberName = member.name ? staticName(ts, member.name) : undefined;
      const memberStatic = hasModifier(ts, member, ts.SyntaxKind.StaticKeyword);
      if (memberStatic !== isStatic) continue;
      if (ts.isConstructorDeclaration(member) && !isStatic) {
        for (const [index, parameter] of member.parameters.entries()) {
          const isProperty = (ts.getModifiers(parameter) ?? []).some((modifier) => PARAMETER_PROPERTY_MODIFIERS.has(modifier.kind));
          if (isProperty && ts.isIdentifier(parameter.name) && parameter.name.text === name) {
            result = [{ k: "param", fn: member, index, path: [] }];
          }
        }
        if (!result && member.body) {
          // this.name = value in the constructor
          for (const statement of member.body.statements) {
            if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
            const assignment = statement.expression;
            if (assignment.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
            const left = assignment.left;
            if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword && left.name.text === name) {
              result = this.valueOf(assignment.right);
            }
          }
        }
        continue;
      }
      if (memberName !== name) continue;
      if (ts.isPropertyDeclaration(member)) {
        // A field assigned in the constructor (`this.repo = new Repo(db)`) is what the constructor assigns.
        if (member.initializer) {
          result = this.valueOf(member.initializer);
          // `static current: SystemSettings | null = null`: what its type says it holds once assigned.
          if (member.type && result.every((atom) => atom.k === "const" && (atom.value === null || atom.value === undefined))) result = concat(result, typeValue(this, member.type));
        } else if (!result && member.type) declaredType = typeValue(this, member.type);
      } else if (ts.isGetAccessorDeclaration(member)) {
        result = this.returnsOf(member);
      } else if (ts.isMethodDeclaration(member)) {
        result = [{ k: "function", fn: member, ...(bindings ? { bindings } : {}) }];
      }
    }
    // A field the class's methods assign (`this.cache = db.table.findMany()`), when nothing else says.
    if (!isStatic) {
      const assigned = this.fieldAssignments(cls, name);
      if (assigned.length > 0) result = result ? concat(result, assigned) : assigned;
    }
    result ??= declaredType;
    if (!result) {
      const base = this.baseClass(cls);
      if (base) return this.classMember(base, name, node, bindings, isStatic, depth + 1);
      return NOTHING;
    }
    return bindings ? this.substitute(result, bindings) : result;
  }

  /** What the class's own methods (not its constructor) assign to `this.<name>`. */
  private fieldAssignments(cls: TS.ClassLikeDeclaration, name: string): Value {
    let byName = this.assignedFields.get(cls);
    if (!byName) {
      byName = new Map();
      const ts = this.ts;
      for (const member of cls.members) {
        if (ts.isConstructorDeclaration(member) || !isFunctionLike(ts, member) || !member.body) continue;
        walk(ts, member.body, (node) => {
          if (ts.isClassLike(node)) return false;
          if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
            const left = unwrap(ts, node.left);
            if (ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
              const list = byName!.get(left.name.text) ?? [];
              list.push(node.right);
              byName!.set(left.name.text, list);
            }
          }
          return true;
        });
      }
      this.assignedFields.set(cls, byName);
    }
    return concat(...(byName.get(name) ?? []).map((expression) => this.valueOf(expression)));
  }

  /** The class a class `extends`, when the engine can see it. */
  baseClass(cls: TS.ClassLikeDeclaration): TS.ClassLikeDeclaration | undefined {
    const ts = this.ts;
    const heritage = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword);
    const expression = heritage?.types[0]?.expression;
    if (!expression) return undefined;
    const value = this.valueOf(expression);
    const atom = value.find((candidate) => candidate.k === "class");
    return atom?.k === "class" ? atom.cls : undefined;
  }

  /** The constructor that takes `new C(...)`'s arguments (its own, or the nearest base class's). */
  constructorOf(cls: TS.ClassLikeDeclaration): TS.ConstructorDeclaration | undefined {
    const ts = this.ts;
    let current: TS.ClassLikeDeclaration | undefined = cls;
    for (let depth = 0; current && depth < 6; depth++) {
      const constructor = current.members.find((member): member is TS.ConstructorDeclaration => ts.isConstructorDeclaration(member) && !!member.body);
      if (constructor) return constructor;
      current = this.baseClass(current);
    }
    return undefined;
  }

  // ---------------------------------------------------------------------------------------------
  // Modules

  private importValue(binding: Binding): Value {
    const ts = this.ts;
    const declaration = binding.declaration;
    let importDeclaration: TS.ImportDeclaration | undefined;
    let importedName: string | undefined;
    let namespace = false;
    if (ts.isImportSpecifier(declaration)) {
      importDeclaration = declaration.parent.parent.parent as TS.ImportDeclaration;
      importedName = (declaration.propertyName ?? declaration.name).text;
    } else if (ts.isImportClause(declaration)) {
      importDeclaration = declaration.parent as TS.ImportDeclaration;
      importedName = "default";
    } else if (ts.isNamespaceImport(declaration)) {
      importDeclaration = declaration.parent.parent as TS.ImportDeclaration;
      namespace = true;
    }
    const drizzle = importedName !== undefined ? this.drizzleTable(importedName) : undefined;
    const fallback: Value = this.registry.envObjects.includes(binding.name)
      ? [{ k: "envObject", node: binding.nameNode }]
      : drizzle
        ? [{ k: "delegate", store: drizzle, node: binding.nameNode }]
        : [{ k: "opaque", why: "import", name: binding.name, node: binding.nameNode }];
    if (!importDeclaration || !ts.isStringLiteral(importDeclaration.moduleSpecifier)) return fallback;
    const target = this.host.resolveModule?.(importDeclaration.getSourceFile(), importDeclaration.moduleSpecifier.text);
    if (!target) return fallback;
    if (namespace) return [{ k: "module", file: target }];
    const value = this.exportValue(target, importedName!);
    return value.length > 0 ? value : fallback;
  }

  /**
   * The binding an identifier names, following imports into the files the host resolves (for code
   * that reads declarations rather than values, like a tRPC procedure chain).
   */
  declarationOf(identifier: TS.Identifier): Binding | undefined {
    let binding = this.scopes.resolve(identifier);
    for (let depth = 0; binding && binding.kind === "import" && depth < 8; depth++) {
      const declaration = binding.declaration;
      if (!this.ts.isImportSpecifier(declaration)) return binding;
      const importDeclaration = declaration.parent.parent.parent as TS.ImportDeclaration;
      if (!this.ts.isStringLiteral(importDeclaration.moduleSpecifier)) return binding;
      const target = this.host.resolveModule?.(importDeclaration.getSourceFile(), importDeclaration.moduleSpecifier.text);
      if (!target) return binding;
      binding = this.exportedBinding(target, (declaration.propertyName ?? declaration.name).text);
    }
    return binding;
  }

  /** The module-level binding a file exports under `name` (through `export { a as name }` and re-exports). */
  private exportedBinding(file: TS.SourceFile, name: string, depth = 0): Binding | undefined {
    const ts = this.ts;
    if (depth > 8) return undefined;
    const scope = this.scopes.moduleScope(file);
    for (const statement of file.statements) {
      if (!ts.isExportDeclaration(statement)) continue;
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (!statement.exportClause) {
        const target = from ? this.host.resolveModule?.(file, from) : undefined;
        const found = target ? this.exportedBinding(target, name, depth + 1) : undefined;
        if (found) return found;
        continue;
      }
      if (!ts.isNamedExports(statement.exportClause)) continue;
      for (const element of statement.exportClause.elements) {
        if (element.name.text !== name) continue;
        const local = (element.propertyName ?? element.name).text;
        if (from) {
          const target = this.host.resolveModule?.(file, from);
          return target ? this.exportedBinding(target, local, depth + 1) : undefined;
        }
        return scope.get(local);
      }
    }
    return scope.get(name);
  }

  /** The value a module exports under `name` (following re-exports). */
  exportValue(file: TS.SourceFile, name: string, depth = 0): Value {
    const key = `${file.fileName}\0${name}`;
    const cached = this.exportCache.get(key);
    if (cached) return cached;
    if (depth > 8) return NOTHING;
    this.exportCache.set(key, NOTHING);
    const value = this.computeExport(file, name, depth);
    this.exportCache.set(key, value);
    return value;
  }

  private computeExport(file: TS.SourceFile, name: string, depth: number): Value {
    const ts = this.ts;
    const scope = this.scopes.moduleScope(file);
    const starSources: string[] = [];
    for (const statement of file.statements) {
      if (ts.isExportAssignment(statement) && !statement.isExportEquals && name === "default") return this.valueOf(statement.expression);
      if (name === "default" && (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement))) {
        const modifiers = ts.getModifiers(statement) ?? [];
        if (modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) {
          return ts.isFunctionDeclaration(statement) ? [{ k: "function", fn: statement }] : [{ k: "class", cls: statement }];
        }
      }
      if (ts.isExportDeclaration(statement)) {
        const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        if (!statement.exportClause) {
          if (from) starSources.push(from);
          continue;
        }
        if (ts.isNamespaceExport(statement.exportClause)) {
          if (statement.exportClause.name.text === name && from) {
            const target = this.host.resolveModule?.(file, from);
            return target ? [{ k: "module", file: target }] : NOTHING;
          }
          continue;
        }
        for (const element of statement.exportClause.elements) {
          if (element.name.text !== name) continue;
          const local = (element.propertyName ?? element.name).text;
          if (from) {
            const target = this.host.resolveModule?.(file, from);
            return target ? this.exportValue(target, local, depth + 1) : NOTHING;
          }
          const binding = scope.get(local);
          return binding ? this.bindingValue(binding) : NOTHING;
        }
      }
    }
    const own = scope.get(name);
    if (own && isExported(ts, own)) return this.bindingValue(own);
    for (const from of starSources) {
      const target = this.host.resolveModule?.(file, from);
      if (!target) continue;
      const value = this.exportValue(target, name, depth + 1);
      if (value.length > 0) return value;
    }
    return NOTHING;
  }

  /** The function a call's callee names, with the class bindings of a method, when the engine can see it. */
  functionsOf(value: Value): { fn: FunctionLike; bindings?: Bindings }[] {
    const result: { fn: FunctionLike; bindings?: Bindings }[] = [];
    for (const atom of value) if (atom.k === "function") result.push({ fn: atom.fn, ...(atom.bindings ? { bindings: atom.bindings } : {}) });
    return result;
  }

  /** The function or file that holds `node`. */
  ownerOf(node: TS.Node): FunctionLike | TS.SourceFile {
    return enclosingFunction(this.ts, node);
  }
}

/** A path step that gives a parameter the type the code declares for it (`x as Patch`). */
const DECLARED_TYPE_STEP = "<declared type>";

/** Globals of the platform: never a settings row, whatever they hold. */
const BUILTIN_GLOBALS: ReadonlySet<string> = new Set([
  "process", "import.meta", "Bun", "Deno", "globalThis", "window", "self", "document", "navigator", "location", "console",
  "JSON", "Object", "Array", "Promise", "Math", "Number", "String", "Boolean", "Symbol", "BigInt", "Date", "Reflect", "Proxy",
  "Buffer", "crypto", "fetch", "Response", "Request", "Headers", "URL", "URLSearchParams", "FormData", "Error", "TypeError",
  "Map", "Set", "WeakMap", "WeakSet", "RegExp", "Intl", "require", "module", "exports", "__dirname", "__filename",
  "setTimeout", "setInterval", "clearTimeout", "clearInterval", "queueMicrotask", "structuredClone", "atob", "btoa",
  "encodeURIComponent", "decodeURIComponent", "encodeURI", "decodeURI", "TextEncoder", "TextDecoder", "AbortController",
]);

/** `constructor(private readonly x)`: modifiers that make a parameter a property. */
const PARAMETER_PROPERTY_MODIFIER_NAMES = ["PublicKeyword", "PrivateKeyword", "ProtectedKeyword", "ReadonlyKeyword", "OverrideKeyword"] as const;
let PARAMETER_PROPERTY_MODIFIERS: ReadonlySet<TS.SyntaxKind> = new Set();

function mayHoldParam(atom: Atom): boolean {
  return (
    atom.k === "param" ||
    atom.k === "object" ||
    atom.k === "array" ||
    (atom.k === "instance" && !!atom.bindings) ||
    (atom.k === "kvValue" && atom.key.length > 0) ||
    (atom.k === "row" && atom.kvKey !== undefined && atom.kvKey.some((inner) => inner.k === "param"))
  );
}

function objectHasKey(atom: ObjectAtom, key: string | undefined): boolean {
  return key !== undefined && atom.entries.some((entry) => entry.kind === "prop" && entry.key === key);
}

/** Do two values share a possibility: the same secret from the same origin, or the same parameter path? */
function overlaps(a: Value, b: Value, depth = 0): boolean {
  for (const x of a) {
    for (const y of b) {
      if (y.k === "object" && depth < 3 && y.entries.some((entry) => entry.kind !== "delete" && overlaps([x], entry.value, depth + 1))) return true;
      if (x === y) return true;
      if (x.k === "secret" && y.k === "secret" && x.secret === y.secret && x.origin === y.origin) return true;
      if (x.k === "param" && y.k === "param" && x.fn === y.fn && x.index === y.index && samePath(x, y)) return true;
      if (x.k === "env" && y.k === "env" && x.name === y.name) return true;
      if (x.k === "opaque" && y.k === "opaque" && x.node === y.node) return true;
    }
  }
  return false;
}

function samePath(a: ParamAtom, b: ParamAtom): boolean {
  return a.path.length === b.path.length && a.path.every((step, index) => step.key === b.path[index]!.key);
}

function isExported(ts: Ts, binding: Binding): boolean {
  let node: TS.Node | undefined = binding.declaration;
  while (node && !ts.isSourceFile(node.parent)) node = node.parent;
  if (!node) return false;
  const modifiers = ts.canHaveModifiers(node) ? ts.getModifiers(node) : undefined;
  return modifiers?.some((modifier) => modifier.kind === ts.SyntaxKind.ExportKeyword) ?? false;
}

export type { PathStep };
