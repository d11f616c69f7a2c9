/**
 * The keys a validation schema accepts, resolved across files: `z.object({...})`, `z.strictObject`,
 * `.extend` / `.safeExtend` / `.merge` / `.and` / `.or` / `z.union` / `z.intersection`, `.pick` / `.omit`,
 * key-preserving modifiers (`.partial()`, `.strict()`, `.optional()`, `.refine()`...), `...other.shape`
 * spreads and schema constants imported from other modules. Purely syntactic plus symbol resolution.
 */
import { Node } from "../ts-morph.js";
import {
  SCHEMA_OBJECT_FACTORIES as OBJECT_FACTORIES,
  SCHEMA_OPEN_FACTORIES as OPEN_FACTORIES,
  SCHEMA_OPENING_METHODS as OPENING,
  SCHEMA_PARSE_METHODS as PARSE_METHODS,
  SCHEMA_SAFE_PARSE_METHODS as SAFE_PARSE_METHODS,
  SCHEMA_SAME_KEYS_METHODS as SAME_KEYS,
} from "@secret-guardrails/core";
import { declarationsOf, propertyNameText, unwrapExpression } from "./syntax.js";

export { PARSE_METHODS, SAFE_PARSE_METHODS };

/** One accepted key: the property that declares it, and its schema expression (for nested objects). */
export interface SchemaKey {
  readonly property: Node;
  readonly schema?: Node;
}

export interface SchemaShape {
  readonly keys: ReadonlyMap<string, SchemaKey>;
  /** The schema lets unknown keys through (`.passthrough()`, `z.record`, `z.any()`), or a part could not be resolved. */
  readonly open: boolean;
}

const MAX_DEPTH = 12;

const cache = new WeakMap<Node, SchemaShape | null>();

/** The shape of an object schema expression, or undefined when `node` is not a recognisable schema. */
export function schemaShape(node: Node, depth = 0): SchemaShape | undefined {
  const target = unwrapExpression(node);
  const cached = cache.get(target);
  if (cached !== undefined) return cached ?? undefined;
  if (depth > MAX_DEPTH) return undefined;
  cache.set(target, null); // cycle guard
  const shape = computeShape(target, depth);
  cache.set(target, shape ?? null);
  return shape;
}

function computeShape(target: Node, depth: number): SchemaShape | undefined {
  if (Node.isIdentifier(target)) {
    for (const declaration of declarationsOf(target)) {
      if (Node.isVariableDeclaration(declaration)) {
        const initializer = declaration.getInitializer();
        if (initializer) return schemaShape(initializer, depth + 1);
      }
    }
    return undefined;
  }
  if (Node.isPropertyAccessExpression(target)) {
    // `schemas.smtp` of a `const schemas = { smtp: z.object(...) }`.
    const value = constObjectProperty(target.getExpression(), target.getName());
    return value ? schemaShape(value, depth + 1) : undefined;
  }
  if (!Node.isCallExpression(target)) return undefined;
  const callee = unwrapExpression(target.getExpression());
  const args = target.getArguments();
  if (Node.isIdentifier(callee)) {
    // `object({...})` imported from zod.
    if (OBJECT_FACTORIES.has(callee.getText()) && args[0]) return { keys: shapeObjectKeys(args[0], depth), open: false };
    return undefined;
  }
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  const name = callee.getName();
  const receiver = callee.getExpression();
  if (OBJECT_FACTORIES.has(name) && isSchemaNamespace(receiver) && args[0]) {
    return { keys: shapeObjectKeys(args[0], depth), open: false };
  }
  if (OPEN_FACTORIES.has(name) && isSchemaNamespace(receiver)) {
    return { keys: name === "looseObject" && args[0] ? shapeObjectKeys(args[0], depth) : new Map(), open: true };
  }
  if ((name === "union" || name === "discriminatedUnion") && isSchemaNamespace(receiver)) {
    const options = args[name === "union" ? 0 : 1];
    const list = options && unwrapExpression(options);
    if (!list || !Node.isArrayLiteralExpression(list)) return undefined;
    return union(list.getElements().map((element) => schemaShape(element, depth + 1)));
  }
  // `z.preprocess(fn, schema)`, `z.lazy(() => schema)`: the inner schema.
  if (name === "preprocess" && isSchemaNamespace(receiver) && args[1]) return schemaShape(args[1], depth + 1);
  if (name === "lazy" && isSchemaNamespace(receiver) && args[0]) {
    const getter = unwrapExpression(args[0]);
    if (Node.isArrowFunction(getter)) {
      const body = getter.getBody();
      const returned = Node.isBlock(body) ? body.getStatements().find(Node.isReturnStatement)?.getExpression() : body;
      return returned ? schemaShape(returned, depth + 1) : undefined;
    }
    return undefined;
  }
  if (name === "intersection" && isSchemaNamespace(receiver)) {
    return union(args.map((arg) => schemaShape(arg, depth + 1)));
  }
  const base = schemaShape(receiver, depth + 1);
  if (!base) return undefined;
  if (SAME_KEYS.has(name)) return base;
  if (OPENING.has(name)) return { keys: base.keys, open: true };
  if (name === "extend" || name === "safeExtend") {
    if (!args[0]) return base;
    const extra = shapeObjectKeys(args[0], depth);
    return { keys: new Map([...base.keys, ...extra]), open: base.open };
  }
  if (name === "merge" || name === "and" || name === "or") {
    return union([base, args[0] ? schemaShape(args[0], depth + 1) : undefined]);
  }
  if (name === "pick" || name === "omit") {
    const mask = args[0] ? maskKeys(args[0]) : undefined;
    if (!mask) return { keys: base.keys, open: base.open };
    const keys = new Map([...base.keys].filter(([key]) => (name === "pick" ? mask.has(key) : !mask.has(key))));
    return { keys, open: name === "omit" && base.open };
  }
  return undefined;
}

/** `z` / `zod` / any namespace import: the receiver of a schema factory. */
function isSchemaNamespace(node: Node): boolean {
  const target = unwrapExpression(node);
  return Node.isIdentifier(target) || Node.isPropertyAccessExpression(target);
}

function union(shapes: ReadonlyArray<SchemaShape | undefined>): SchemaShape | undefined {
  const known = shapes.filter((shape): shape is SchemaShape => shape !== undefined);
  if (known.length === 0) return undefined;
  const keys = new Map<string, SchemaKey>();
  for (const shape of known) for (const [key, value] of shape.keys) if (!keys.has(key)) keys.set(key, value);
  return { keys, open: known.some((shape) => shape.open) || known.length < shapes.length };
}

/** The keys of a `z.object` argument: an object literal of schemas (also through a constant), with `...x.shape` spreads. */
function shapeObjectKeys(node: Node, depth: number): Map<string, SchemaKey> {
  const keys = new Map<string, SchemaKey>();
  const target = unwrapExpression(node);
  let literal: Node | undefined = target;
  if (Node.isIdentifier(target)) literal = constInitializer(target);
  if (Node.isPropertyAccessExpression(target) && target.getName() === "shape") {
    const shape = schemaShape(target.getExpression(), depth + 1);
    return new Map(shape?.keys ?? []);
  }
  if (!literal || !Node.isObjectLiteralExpression(literal)) return keys;
  for (const property of literal.getProperties()) {
    if (Node.isPropertyAssignment(property)) {
      const key = propertyNameText(property.getNameNode());
      const initializer = property.getInitializer();
      if (key !== undefined) keys.set(key, initializer ? { property, schema: initializer } : { property });
    } else if (Node.isShorthandPropertyAssignment(property)) {
      keys.set(property.getName(), { property, schema: property.getNameNode() });
    } else if (Node.isSpreadAssignment(property)) {
      for (const [key, value] of shapeObjectKeys(property.getExpression(), depth + 1)) keys.set(key, value);
    }
  }
  return keys;
}

/** The keys of a `.pick({ a: true })` / `.omit({ a: true })` mask. */
function maskKeys(node: Node): Set<string> | undefined {
  let target: Node | undefined = unwrapExpression(node);
  if (Node.isIdentifier(target)) target = constInitializer(target);
  if (!target || !Node.isObjectLiteralExpression(target)) return undefined;
  const keys = new Set<string>();
  for (const property of target.getProperties()) {
    if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) {
      const key = propertyNameText(property.getNameNode());
      if (key === undefined) return undefined;
      keys.add(key);
    } else {
      return undefined;
    }
  }
  return keys;
}

/** The unwrapped initializer of a `const` an identifier refers to (in any file). */
export function constInitializer(identifier: Node): Node | undefined {
  for (const declaration of declarationsOf(identifier)) {
    if (Node.isVariableDeclaration(declaration)) {
      const initializer = declaration.getInitializer();
      if (initializer) return unwrapExpression(initializer);
    }
  }
  return undefined;
}

/** `OBJ.name` of a `const OBJ = { name: value }`: the value expression. */
function constObjectProperty(object: Node, name: string): Node | undefined {
  const target = unwrapExpression(object);
  const literal = Node.isIdentifier(target) ? constInitializer(target) : undefined;
  if (!literal || !Node.isObjectLiteralExpression(literal)) return undefined;
  const property = literal.getProperty(name);
  if (property && Node.isPropertyAssignment(property)) return property.getInitializer();
  return undefined;
}
