/**
 * Classes as frameworks read them: a DTO's fields are the keys of the input it validates (nested
 * DTOs and lists of them included; NestJS's `PartialType`/`PickType`/`OmitType`/`IntersectionType`
 * bases too); an instance sent as a response carries its fields, less what class-transformer's
 * `@Exclude()` removes (only the `@Expose()`d ones when the class exposes some, or excludes all);
 * a GraphQL object type carries its declared fields only.
 */
import type { Evaluator } from "../evaluator-api.js";
import { staticName, unwrap } from "../syntax.js";
import type { TS } from "../ts.js";
import { declaredKeys, resolveTypeName } from "../types.js";
import { concat, NOTHING, type Entry, type InstanceAtom, type ObjectAtom, type Shape, type ShapeKey, type Value } from "../values.js";
import { decoratorArguments, decoratorsOf, findDecorator } from "./guards.js";

/** One field of a class: its declaration, declared type, and what class-transformer's decorators say. */
export interface ClassField {
  readonly name: string;
  readonly node: TS.Node;
  readonly type?: TS.TypeNode;
  /** The type a decorator names (`@Type(() => ItemDto)`, `@Field(() => [Item])`): `ItemDto`, `[Item]`. */
  readonly decoratedType?: TS.Expression;
  readonly exposed: boolean;
  readonly excluded: boolean;
}

/** Types whose value says nothing about its keys (`Partial<T>` is T's keys). */
const PASS_THROUGH = new Set(["Partial", "Required", "Readonly", "NonNullable", "Awaited", "Promise", "DeepPartial"]);
/** NestJS mapped types: a DTO derived from another. */
const MAPPED_TYPES = new Set(["PartialType", "PickType", "OmitType", "IntersectionType"]);

/** The fields of a class, its bases' first (a field declared again keeps its last declaration). */
export function classFields(ev: Evaluator, cls: TS.ClassLikeDeclaration, depth = 0): Map<string, ClassField> {
  const ts = ev.ts;
  const fields = new Map<string, ClassField>();
  if (depth > 5) return fields;
  for (const base of baseShapes(ev, cls, depth)) for (const [name, field] of base) fields.set(name, field);
  const add = (name: string, node: TS.Node, type: TS.TypeNode | undefined) => {
    const decorated = decoratorsOf(ev, node);
    const typeDecorator = findDecorator(ev, node, new Set(["Type", "Field", "ValidateNested"]));
    const typeArgument = typeDecorator ? decoratorArguments(ev, typeDecorator)[0] : undefined;
    const decoratedType = typeArgument ? typeFunctionBody(ev, typeArgument) : undefined;
    fields.set(name, {
      name,
      node,
      ...(type ? { type } : {}),
      ...(decoratedType ? { decoratedType } : {}),
      exposed: decorated.some((decorator) => decoratorNameIs(ev, decorator, "Expose")),
      excluded: decorated.some((decorator) => decoratorNameIs(ev, decorator, "Exclude")),
    });
  };
  for (const member of cls.members) {
    if (ts.isPropertyDeclaration(member) && !(ts.getModifiers(member) ?? []).some((modifier) => modifier.kind === ts.SyntaxKind.StaticKeyword)) {
      const name = staticName(ts, member.name);
      if (name !== undefined) add(name, member, member.type);
    } else if (ts.isGetAccessorDeclaration(member)) {
      // A getter is sent only when it is exposed.
      const name = staticName(ts, member.name);
      if (name !== undefined && findDecorator(ev, member, "Expose")) add(name, member, member.type);
    } else if (ts.isConstructorDeclaration(member)) {
      for (const parameter of member.parameters) {
        const modifiers = ts.getModifiers(parameter) ?? [];
        if (modifiers.length > 0 && ts.isIdentifier(parameter.name)) add(parameter.name.text, parameter, parameter.type);
      }
    }
  }
  return fields;
}

/** Fields of the bases: `extends Base`, `extends PartialType(CreateDto)`, `OmitType(Dto, ["x"])`. */
function baseShapes(ev: Evaluator, cls: TS.ClassLikeDeclaration, depth: number): Map<string, ClassField>[] {
  const ts = ev.ts;
  const heritage = cls.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]?.expression;
  if (!heritage) return [];
  return mappedFields(ev, heritage, depth);
}

function mappedFields(ev: Evaluator, expression: TS.Expression, depth: number): Map<string, ClassField>[] {
  const ts = ev.ts;
  const node = unwrap(ts, expression);
  if (ts.isCallExpression(node)) {
    const callee = unwrap(ts, node.expression);
    const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    if (name === undefined || !MAPPED_TYPES.has(name)) return [];
    if (name === "IntersectionType") return node.arguments.flatMap((argument) => mappedFields(ev, argument, depth + 1));
    const [first, keys] = node.arguments;
    if (!first) return [];
    const base = mappedFields(ev, first, depth + 1);
    if (name === "PartialType" || !keys) return base;
    const listed = new Set(ev.elementOf(ev.valueOf(keys)).flatMap((atom) => (atom.k === "const" && typeof atom.value === "string" ? [atom.value] : [])));
    return base.map((fields) => new Map([...fields].filter(([field]) => (name === "PickType" ? listed.has(field) : !listed.has(field)))));
  }
  const cls = ev.valueOf(node).find((atom) => atom.k === "class");
  return cls && cls.k === "class" ? [classFields(ev, cls.cls, depth + 1)] : [];
}

function decoratorNameIs(ev: Evaluator, decorator: TS.Decorator, name: string): boolean {
  const ts = ev.ts;
  let expression = unwrap(ts, decorator.expression);
  if (ts.isCallExpression(expression)) expression = unwrap(ts, expression.expression);
  return (ts.isIdentifier(expression) && expression.text === name) || (ts.isPropertyAccessExpression(expression) && expression.name.text === name);
}

/** `() => T`, `(type) => [T]`: the `T` / `[T]` a type function returns. */
export function typeFunctionBody(ev: Evaluator, argument: TS.Expression): TS.Expression | undefined {
  const ts = ev.ts;
  const node = unwrap(ts, argument);
  if (!ts.isArrowFunction(node) && !ts.isFunctionExpression(node)) return undefined;
  if (!ts.isBlock(node.body)) return unwrap(ts, node.body);
  const statement = node.body.statements.find((candidate): candidate is TS.ReturnStatement => ts.isReturnStatement(candidate));
  return statement?.expression ? unwrap(ts, statement.expression) : undefined;
}

/** Does the class send only its `@Expose()`d fields (it exposes some, or it is `@Exclude()`d as a whole)? */
function exposesOnly(ev: Evaluator, cls: TS.ClassLikeDeclaration): boolean {
  if (findDecorator(ev, cls, "Exclude")) return true;
  return [...classFields(ev, cls).values()].some((field) => field.exposed);
}

/** The class a type names (`ItemDto`, `Partial<ItemDto>`), when the engine can see it. */
export function classOfType(ev: Evaluator, type: TS.TypeNode | undefined, depth = 0): TS.ClassLikeDeclaration | undefined {
  const ts = ev.ts;
  if (!type || depth > 4) return undefined;
  if (ts.isParenthesizedTypeNode(type)) return classOfType(ev, type.type, depth + 1);
  if (!ts.isTypeReferenceNode(type)) return undefined;
  const name = ts.isIdentifier(type.typeName) ? type.typeName : type.typeName.right;
  if (PASS_THROUGH.has(name.text) && type.typeArguments?.[0]) return classOfType(ev, type.typeArguments[0], depth + 1);
  const declaration = resolveTypeName(ev, name);
  return declaration && ts.isClassLike(declaration) ? declaration : undefined;
}

/** The element type of `T[]` / `Array<T>`, if the type is a list. */
export function listElement(ev: Evaluator, type: TS.TypeNode | undefined): TS.TypeNode | undefined {
  const ts = ev.ts;
  if (!type) return undefined;
  if (ts.isArrayTypeNode(type)) return type.elementType;
  if (ts.isTypeReferenceNode(type) && ts.isIdentifier(type.typeName) && (type.typeName.text === "Array" || type.typeName.text === "ReadonlyArray")) return type.typeArguments?.[0];
  return undefined;
}

/** The input shape a DTO class validates: its fields, nested DTOs as nested shapes. */
function dtoShape(ev: Evaluator, cls: TS.ClassLikeDeclaration, depth = 0): Shape {
  const ts = ev.ts;
  const keys = new Map<string, ShapeKey>();
  for (const field of classFields(ev, cls).values()) {
    // A finding on the field points at its name (not at the decorators above it).
    const at = (ts.isPropertyDeclaration(field.node) || ts.isParameter(field.node) || ts.isGetAccessorDeclaration(field.node)) ? field.node.name : field.node;
    const element = listElement(ev, field.type);
    const decorated = field.decoratedType ? classOfExpression(ev, field.decoratedType) : undefined;
    const nested = decorated ?? classOfType(ev, element ?? field.type);
    const list = element !== undefined || (field.decoratedType !== undefined && ev.ts.isArrayLiteralExpression(field.decoratedType));
    if (nested && nested !== cls && depth < 3) keys.set(field.name, { node: at, shape: dtoShape(ev, nested, depth + 1), ...(list ? { list: true } : {}) });
    else keys.set(field.name, { node: at });
  }
  return { keys, open: false, node: cls };
}

/** `T` or `[T]` of a type function: the class `T`, when the engine can see it. */
export function classOfExpression(ev: Evaluator, expression: TS.Expression): TS.ClassLikeDeclaration | undefined {
  const ts = ev.ts;
  let node = unwrap(ts, expression);
  if (ts.isArrayLiteralExpression(node) && node.elements[0] && !ts.isSpreadElement(node.elements[0])) node = unwrap(ts, node.elements[0]);
  const atom = ev.valueOf(node).find((candidate) => candidate.k === "class");
  return atom && atom.k === "class" ? atom.cls : undefined;
}

/** The input a declared type describes (`@Body() dto: UpdateDto`, a server action's `(data: Patch)`). */
export function inputOfType(ev: Evaluator, type: TS.TypeNode | undefined, node: TS.Node, endpoint: import("../values.js").EndpointRef): Value {
  const ts = ev.ts;
  const input = (shape: Shape): Value => [{ k: "input", shape, node, endpoint }];
  const open = input({ keys: new Map(), open: true });
  if (!type) return open;
  switch (type.kind) {
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
    case ts.SyntaxKind.ObjectKeyword:
      return open;
    case ts.SyntaxKind.StringKeyword:
    case ts.SyntaxKind.NumberKeyword:
    case ts.SyntaxKind.BooleanKeyword:
      return [{ k: "opaque", why: "input", node, input: { k: "input", shape: { keys: new Map(), open: true }, node, endpoint } }];
    default:
      break;
  }
  const element = listElement(ev, type);
  if (element) return [{ k: "array", element: inputOfType(ev, element, node, endpoint), node }];
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    if (name === "FormData" || name === "Record" || name === "URLSearchParams") return open;
    if (PASS_THROUGH.has(name) && type.typeArguments?.[0]) return inputOfType(ev, type.typeArguments[0], node, endpoint);
    const cls = classOfType(ev, type);
    if (cls) return input(dtoShape(ev, cls));
  }
  const keys = declaredKeys(ev, type);
  if (keys) return input({ keys: new Map([...keys].map(([key, at]) => [key, { node: at }])), open: false, node: type });
  if (ts.isTypeLiteralNode(type)) return open;
  // A type the engine cannot see (imported from a module it does not follow): say nothing of it.
  return input({ keys: new Map(), open: false, unresolved: true, node: type });
}

/**
 * An instance as a response sends it (`JSON.stringify`, NestJS's `ClassSerializerInterceptor`):
 * the fields its constructor and initializers set, what `Object.assign(this, x)` copies, less the
 * `@Exclude()`d fields; only the `@Expose()`d ones when the class sends only those.
 */
export function instanceObject(ev: Evaluator, atom: InstanceAtom): ObjectAtom {
  const cls = atom.cls;
  const fields = classFields(ev, cls);
  const entries: Entry[] = [];
  for (const source of copiedIntoThis(ev, cls)) {
    const value = atom.bindings ? ev.substitute(ev.valueOf(source), atom.bindings) : ev.valueOf(source);
    entries.push({ kind: "spread", value, node: atom.node });
  }
  for (const name of assignedNames(ev, cls, fields)) {
    const value = ev.classMember(cls, name, atom.node, atom.bindings).filter((inner) => inner.k !== "function");
    if (value.length > 0) entries.push({ kind: "prop", key: name, value, node: atom.node });
  }
  return { k: "object", entries: serialised(ev, cls, entries, atom.node), node: atom.node };
}

/** What class-transformer keeps of entries for `cls`: the exposed fields, or all but the excluded. */
function serialised(ev: Evaluator, cls: TS.ClassLikeDeclaration, entries: readonly Entry[], node: TS.Node): Entry[] {
  const fields = classFields(ev, cls);
  if (exposesOnly(ev, cls)) {
    const object: ObjectAtom = { k: "object", entries, node };
    const kept: Entry[] = [];
    for (const field of fields.values()) {
      if (!field.exposed || field.excluded) continue;
      const value = ev.member([object], field.name, node);
      if (value.length > 0) kept.push({ kind: "prop", key: field.name, value, node });
    }
    return kept;
  }
  const removed: Entry[] = [...fields.values()].filter((field) => field.excluded).map((field) => ({ kind: "delete", key: field.name, node }));
  return [...entries, ...removed];
}

/** Names the instance holds: declared fields, parameter properties, `this.x = ...` in constructors (bases too). */
function assignedNames(ev: Evaluator, cls: TS.ClassLikeDeclaration, fields: ReadonlyMap<string, ClassField>): string[] {
  const ts = ev.ts;
  const names = new Set(fields.keys());
  for (let current: TS.ClassLikeDeclaration | undefined = cls, depth = 0; current && depth < 6; current = ev.baseClass(current), depth++) {
    for (const member of current.members) {
      if (!ts.isConstructorDeclaration(member) || !member.body) continue;
      for (const statement of member.body.statements) {
        if (!ts.isExpressionStatement(statement) || !ts.isBinaryExpression(statement.expression)) continue;
        const left = statement.expression.left;
        if (statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(left) && left.expression.kind === ts.SyntaxKind.ThisKeyword) {
          names.add(left.name.text);
        }
      }
    }
  }
  return [...names];
}

/** `Object.assign(this, x)` in a constructor (or a base's): the `x`s it copies. */
function copiedIntoThis(ev: Evaluator, cls: TS.ClassLikeDeclaration): TS.Expression[] {
  const ts = ev.ts;
  const sources: TS.Expression[] = [];
  for (let current: TS.ClassLikeDeclaration | undefined = cls, depth = 0; current && depth < 6; current = ev.baseClass(current), depth++) {
    for (const member of current.members) {
      if (!ts.isConstructorDeclaration(member) || !member.body) continue;
      for (const statement of member.body.statements) {
        if (!ts.isExpressionStatement(statement)) continue;
        const call = unwrap(ts, statement.expression);
        if (!ts.isCallExpression(call) || call.arguments[0]?.kind !== ts.SyntaxKind.ThisKeyword) continue;
        const callee = unwrap(ts, call.expression);
        if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && callee.expression.text === "Object" && callee.name.text === "assign") {
          sources.push(...call.arguments.slice(1));
        }
      }
    }
  }
  return sources;
}

/**
 * `plainToInstance(Dto, plain, options)`: the DTO class-transformer builds (the plain value's keys,
 * only the exposed ones with `excludeExtraneousValues` or a class that sends only those).
 */
export function plainToInstanceValue(ev: Evaluator, cls: TS.ClassLikeDeclaration, plain: Value, options: Value, node: TS.Node): Value {
  const extraneousOut = ev.member(options, "excludeExtraneousValues", node).some((atom) => atom.k === "const" && atom.value === true);
  const build = (value: Value): Value => {
    if (value.length === 0) return NOTHING;
    const fields = classFields(ev, cls);
    if (extraneousOut || exposesOnly(ev, cls)) {
      const entries: Entry[] = [];
      for (const field of fields.values()) {
        if (!field.exposed || field.excluded) continue;
        const member = ev.member(value, field.name, node);
        if (member.length > 0) entries.push({ kind: "prop", key: field.name, value: member, node });
      }
      return [{ k: "object", entries, node }];
    }
    return [{ k: "object", entries: serialised(ev, cls, [{ kind: "spread", value, node }], node), node }];
  };
  const arrays = plain.filter((atom) => atom.k === "array");
  const single = plain.filter((atom) => atom.k !== "array");
  return concat(
    ...arrays.map((atom): Value => (atom.k === "array" ? [{ k: "array", element: build(atom.element), node }] : NOTHING)),
    build(single),
  );
}
