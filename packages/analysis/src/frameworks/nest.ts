/**
 * NestJS REST controllers and GraphQL resolvers (NestJS, TypeGraphQL): the route handlers of a
 * `@Controller` class (`@Get`, `@Post`, ...) and the operations of a `@Resolver` class (`@Query`,
 * `@Mutation`, `@ResolveField`, `@Subscription`) are endpoints. One is admin when a decorator on
 * it or on its class restricts it to admins (see guards.ts), or when its controller's path (or
 * its own) has an admin segment (`@Controller("admin")`). Its parameters get what their
 * decorators say (`@Body()`, `@Args("input")`, `@Param("key")`, `@Query()`: request input shaped
 * by the declared DTO; `@Req()`: the request); what it returns is the response, and a GraphQL
 * operation's response carries the fields of the type it declares only.
 */
import type { Evaluator } from "../evaluator-api.js";
import { staticName, unwrap, walk } from "../syntax.js";
import type { TS } from "../ts.js";
import { concat, constant, NOTHING, type Atom, type EndpointParameter, type EndpointRef, type Entry, type Value } from "../values.js";
import {
  GRAPHQL_OPERATION_DECORATORS,
  GRAPHQL_RESOLVER_DECORATOR,
  GRAPHQL_SCALARS,
  NEST_CONTROLLER_DECORATOR,
  NEST_INPUT_PARAMETER_DECORATORS,
  NEST_REQUEST_PARAMETER_DECORATORS,
  NEST_ROUTE_DECORATORS,
} from "../vocabulary.js";
import { classFields, classOfExpression, classOfType, instanceObject, listElement, typeFunctionBody } from "./classes.js";
import { decoratorArguments, decoratorName, decoratorsOf, findDecorator, isAdminDecorator, isAdminPath } from "./guards.js";

/** The controller and resolver endpoints of a file. */
export function findNestEndpoints(ev: Evaluator, file: TS.SourceFile, add: (endpoint: EndpointRef) => void): void {
  const ts = ev.ts;
  walk(ts, file, (node) => {
    if (!ts.isClassDeclaration(node) && !ts.isClassExpression(node)) return true;
    const controller = findDecorator(ev, node, NEST_CONTROLLER_DECORATOR);
    const resolver = findDecorator(ev, node, GRAPHQL_RESOLVER_DECORATOR);
    if (!controller && !resolver) return true;
    const classAdmin = decoratorsOf(ev, node).some((decorator) => isAdminDecorator(ev, decorator)) || (controller !== undefined && isAdminPath(ev, routePath(ev, controller)));
    const operations = controller ? NEST_ROUTE_DECORATORS : GRAPHQL_OPERATION_DECORATORS;
    for (const member of node.members) {
      if (!ts.isMethodDeclaration(member) || !member.body) continue;
      const operation = findDecorator(ev, member, operations);
      if (!operation) continue;
      const name = staticName(ts, member.name) ?? "handler";
      const admin =
        classAdmin ||
        decoratorsOf(ev, member).some((decorator) => isAdminDecorator(ev, decorator)) ||
        (controller !== undefined && isAdminPath(ev, routePath(ev, operation)));
      const responseType = resolver ? operationType(ev, operation, member) : undefined;
      add({
        handler: member,
        name,
        kind: controller ? "nest" : "graphql",
        admin,
        parameters: member.parameters.map((parameter) => parameterSource(ev, parameter)),
        ...(responseType ? { responseType } : {}),
      });
    }
    return true;
  });
}

/** The path a `@Controller("admin")` / `@Controller({ path: "admin" })` / `@Get("admin/x")` names. */
function routePath(ev: Evaluator, decorator: TS.Decorator): string | undefined {
  const first = decoratorArguments(ev, decorator)[0];
  if (!first) return undefined;
  const value = ev.valueOf(first);
  const paths = value.flatMap((atom): string[] => {
    if (atom.k === "const" && typeof atom.value === "string") return [atom.value];
    if (atom.k === "object") return ev.member([atom], "path", decorator).flatMap((inner) => (inner.k === "const" && typeof inner.value === "string" ? [inner.value] : []));
    if (atom.k === "array") return atom.element.flatMap((inner) => (inner.k === "const" && typeof inner.value === "string" ? [inner.value] : []));
    return [];
  });
  return paths.length > 0 ? paths.join("/") : undefined;
}

/** What a handler's parameter gets, by its decorator. */
function parameterSource(ev: Evaluator, parameter: TS.ParameterDeclaration): EndpointParameter {
  for (const decorator of decoratorsOf(ev, parameter)) {
    const name = decoratorName(ev, decorator);
    if (name === undefined) continue;
    if (NEST_REQUEST_PARAMETER_DECORATORS.has(name)) return { source: "request" };
    if (!NEST_INPUT_PARAMETER_DECORATORS.has(name)) continue;
    // `@Body("key")`, `@Args("name")`, `@Args({ name: "x", type: ... })`, `@Param("key", Pipe)`.
    const first = decoratorArguments(ev, decorator)[0];
    const keyValue = first ? ev.valueOf(first) : NOTHING;
    const named = keyValue.flatMap((atom): string[] => {
      if (atom.k === "const" && typeof atom.value === "string") return [atom.value];
      if (atom.k === "object") return ev.member([atom], "name", decorator).flatMap((inner) => (inner.k === "const" && typeof inner.value === "string" ? [inner.value] : []));
      return [];
    });
    return named.length === 1 ? { source: "input", key: named[0]! } : { source: "input" };
  }
  return { source: "other" };
}

/** `@Query(() => [InfraConfig])`: the type expression; else the method's declared return type. */
function operationType(ev: Evaluator, operation: TS.Decorator, method: TS.MethodDeclaration): TS.Node | undefined {
  const first = decoratorArguments(ev, operation)[0];
  const fromDecorator = first ? typeFunctionBody(ev, first) : undefined;
  return fromDecorator ?? method.type;
}

/**
 * A GraphQL operation's response: only the fields its declared type has. A scalar type sends the
 * value as it is; a type the engine cannot see says nothing of objects (only values that are a
 * secret themselves are kept).
 */
export function graphqlResponse(ev: Evaluator, value: Value, type: TS.Node): Value {
  return project(ev, value, typeFields(ev, type), 0);
}

type Fields = ReadonlyMap<string, TS.Node | undefined> | "scalar" | "unknown";

/** The fields of a GraphQL type (a `T`, `[T]` type expression or a declared type): name -> its own type. */
function typeFields(ev: Evaluator, type: TS.Node | undefined): Fields {
  const ts = ev.ts;
  if (!type) return "unknown";
  let cls: TS.ClassLikeDeclaration | undefined;
  if (ts.isTypeNode(type)) {
    // `Promise<[Item]>`, `Item[]`, `Promise<Item>`.
    let current: TS.TypeNode = type;
    for (let depth = 0; depth < 4; depth++) {
      const element = listElement(ev, current);
      if (element) {
        current = element;
        continue;
      }
      if (ts.isTypeReferenceNode(current) && ts.isIdentifier(current.typeName) && current.typeName.text === "Promise" && current.typeArguments?.[0]) {
        current = current.typeArguments[0];
        continue;
      }
      break;
    }
    if (current.kind === ts.SyntaxKind.StringKeyword || current.kind === ts.SyntaxKind.BooleanKeyword || current.kind === ts.SyntaxKind.NumberKeyword) return "scalar";
    if (ts.isTypeReferenceNode(current) && ts.isIdentifier(current.typeName) && GRAPHQL_SCALARS.has(current.typeName.text)) return "scalar";
    cls = classOfType(ev, current);
  } else if (ts.isExpression(type)) {
    let node = unwrap(ts, type);
    if (ts.isArrayLiteralExpression(node) && node.elements[0] && !ts.isSpreadElement(node.elements[0])) node = unwrap(ts, node.elements[0]);
    if (ts.isIdentifier(node) && GRAPHQL_SCALARS.has(node.text) && !ev.scopes.resolve(node)) return "scalar";
    cls = classOfExpression(ev, node);
  }
  if (!cls) return "unknown";
  const fields = new Map<string, TS.Node | undefined>();
  for (const field of classFields(ev, cls).values()) fields.set(field.name, field.decoratedType ?? field.type);
  return fields;
}

function project(ev: Evaluator, value: Value, fields: Fields, depth: number): Value {
  if (fields === "scalar" || depth > 3) return value;
  const parts: Value[] = [];
  for (const atom of value) parts.push(projectAtom(ev, atom, fields, depth));
  return concat(...parts);
}

function projectAtom(ev: Evaluator, atom: Atom, fields: Exclude<Fields, "scalar">, depth: number): Value {
  switch (atom.k) {
    case "array":
      return [{ k: "array", element: project(ev, atom.element, fields, depth), node: atom.node }];
    case "secret":
    case "kvValue":
    case "param":
      return [atom];
    default:
      break;
  }
  if (fields === "unknown") return NOTHING;
  if (atom.k === "instance") return projectAtom(ev, instanceObject(ev, atom), fields, depth);
  if (atom.k === "row") {
    if (atom.store.kind === "key-value") return atom.store.valueColumn && fields.has(atom.store.valueColumn) ? [atom] : NOTHING;
    const omitted = new Set(atom.omitted ?? []);
    for (const secret of ev.registry.secrets) if (!fields.has(secret.field)) omitted.add(secret.field);
    return [{ ...atom, omitted }];
  }
  if (atom.k === "object") {
    const entries: Entry[] = [];
    for (const entry of atom.entries) {
      if (entry.kind === "delete") entries.push(entry);
      else if (entry.kind === "prop") {
        if (fields.has(entry.key)) entries.push({ ...entry, value: project(ev, entry.value, typeFields(ev, fields.get(entry.key)), depth + 1) });
      } else if (entry.kind === "spread") {
        entries.push({ ...entry, value: project(ev, entry.value, fields, depth + 1) });
      } else {
        // A map of keys the engine cannot name (`map[row.name] = row.value`): what it holds under each field.
        for (const field of fields.keys()) {
          const held = ev.lookUpKeyValues(entry.value, constant(field), entry.node).filter((inner) => inner.k !== "kvValue");
          if (held.length > 0) entries.push({ kind: "prop", key: field, value: held, node: entry.node });
        }
      }
    }
    return [{ ...atom, entries }];
  }
  return NOTHING;
}
