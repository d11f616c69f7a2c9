/**
 * Validation schemas as shapes: which keys a schema lets through, and where each is declared.
 * zod (`z.object`, `z.strictObject`, `.extend`, `.safeExtend`, `.merge`, `.pick`, `.omit`, `.partial`,
 * `.strict` and the other key-preserving modifiers, `.passthrough()`/`.catchall()`/`z.record` (unknown
 * keys pass), `.and`/`.or`/`z.union`/`z.intersection`, `z.preprocess`, `z.lazy`), and the same ideas in
 * yup (`object().shape()`, `.concat`, `.pick([...])`), valibot and superstruct (`object`, `looseObject`,
 * `pick(S, [...])`, `omit`, `partial`, `pipe`, `intersect`, `assign`), TypeBox (`Type.Object`,
 * `Type.Composite`) and joi (`Joi.object().keys()`, `.unknown()`), recognised by the module they are
 * imported from.
 */
import {
  SCHEMA_OBJECT_FACTORIES,
  SCHEMA_OPEN_FACTORIES,
  SCHEMA_OPENING_METHODS,
  SCHEMA_SAME_KEYS_METHODS,
} from "@secret-guardrails/core";
import type { Evaluator } from "./evaluator-api.js";
import { importedFrom } from "./imports.js";
import type { TS } from "./ts.js";
import { constantItems, NOTHING, removeKeys, type Shape, type ShapeKey, type Value } from "./values.js";

/** Names under which code imports zod (also when the import cannot be seen). */
const ZOD_NAMES = /^(?:z|zod|Zod)$/;

/** Modules whose exports build validation schemas. */
const SCHEMA_LIBRARY = /^(?:zod(?:\/[\w-]+)*|yup|valibot|superstruct|@sinclair\/typebox|typebox|joi|@hapi\/joi)$/;

/** Library functions that take a schema first and keep its keys (`v.partial(S)`, `v.pipe(S, ...)`). */
const SAME_KEYS_FUNCTIONS: ReadonlySet<string> = new Set(["partial", "required", "pipe", "pipeAsync", "strict", "nonOptional", "nullable", "optional", "nullish", "readonly", "brand", "fallback", "defaulted", "refine"]);

/** Function-style parsing: `v.parse(S, x)` (valibot, zod/mini), `create(x, S)` (superstruct). */
const SCHEMA_FIRST_PARSE: ReadonlySet<string> = new Set(["parse", "parseAsync", "safeParse", "safeParseAsync"]);
const VALUE_FIRST_PARSE: ReadonlySet<string> = new Set(["create", "mask"]);

/** Is `identifier` a schema library's namespace or export (`z`, `yup`, `v` of `import * as v from "valibot"`, `Type`)? */
function fromSchemaLibrary(ev: Evaluator, identifier: TS.Identifier): { module: string; name: string } | undefined {
  const imported = importedFrom(ev.ts, ev.scopes, identifier);
  if (imported && SCHEMA_LIBRARY.test(imported.module)) return imported;
  // `z`, whatever it is imported from (a package re-exporting zod, a global).
  return ZOD_NAMES.test(identifier.text) ? { module: "zod", name: identifier.text } : undefined;
}

/** `Object` of TypeBox's `Type.Object` as the others spell it. */
function normalised(method: string): string {
  return method.charAt(0).toLowerCase() + method.slice(1);
}

/** The schema a call builds, if it is a schema call; undefined when the call is something else. */
export function schemaCall(ev: Evaluator, call: TS.CallExpression, method: string, receiver: Value, receiverNode: TS.Expression): Value | undefined {
  const ts = ev.ts;
  const library =
    (ts.isIdentifier(receiverNode) ? fromSchemaLibrary(ev, receiverNode)?.module : undefined) ??
    (receiver.some((atom) => (atom.k === "opaque" && atom.name !== undefined && ZOD_NAMES.test(atom.name)) || atom.k === "module") ? "zod" : undefined);
  if (library !== undefined) return libraryCall(ev, call, normalised(method), library);
  const schemas = receiver.filter((atom) => atom.k === "schema");
  if (schemas.length === 0) return undefined;
  const shapes = schemas.map((atom) => (atom.k === "schema" ? atom.shape : undefined!));
  const base = mergeShapes(shapes, call);
  // `.extend({...})` (zod), `.shape({...})` (yup), `.keys({...})` / `.append({...})` (joi).
  if (method === "extend" || method === "safeExtend" || method === "shape" || method === "keys" || method === "append") {
    return [{ k: "schema", shape: mergeShapes([base, objectShape(ev, call.arguments[0])], call), node: call }];
  }
  if (method === "merge" || method === "and" || method === "or" || method === "concat") {
    const other = call.arguments[0] ? schemasIn(ev, ev.valueOf(call.arguments[0])) : [];
    return [{ k: "schema", shape: mergeShapes([base, ...other], call), node: call }];
  }
  if (method === "pick" || method === "omit") return [{ k: "schema", shape: masked(base, method, maskKeys(ev, call.arguments[0]), call), node: call }];
  // joi's `.unknown()` lets unknown keys through (`.unknown(false)` does not).
  if (SCHEMA_OPENING_METHODS.has(method) || (method === "unknown" && call.arguments[0]?.kind !== ts.SyntaxKind.FalseKeyword)) return [{ k: "schema", shape: { ...base, open: true }, node: call }];
  if (method === "strict" || method === "strip" || method === "noUnknown") return [{ k: "schema", shape: { ...base, open: false }, node: call }];
  if (SCHEMA_SAME_KEYS_METHODS.has(method)) return [{ k: "schema", shape: base, node: call }];
  return undefined;
}

/** `object({...})` imported from a schema library, valibot's `pick(S, ["a"])`: a schema built by an imported function. */
export function schemaFunctionCall(ev: Evaluator, call: TS.CallExpression, callee: TS.Identifier): Value | undefined {
  const imported = fromSchemaLibrary(ev, callee);
  return imported ? libraryCall(ev, call, normalised(imported.name), imported.module) : undefined;
}

/**
 * Function-style parsing with a schema library (`v.parse(S, x)`, `safeParse(S, x)`, superstruct's
 * `create(x, S)`): the schema's shape, the parsed value and the method, for the caller to read as
 * a parse; undefined when the call is not one.
 */
export function schemaLibraryParse(ev: Evaluator, call: TS.CallExpression): { shape: Shape; source: TS.Expression | undefined; method: string } | undefined {
  const ts = ev.ts;
  const callee = call.expression;
  const named = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  // Cheap first: only a parse function's name (or a renamed import of one) is worth resolving.
  if (named === undefined || (ts.isPropertyAccessExpression(callee) && !SCHEMA_FIRST_PARSE.has(named) && !VALUE_FIRST_PARSE.has(named))) return undefined;
  let method: string | undefined;
  if (ts.isIdentifier(callee)) method = fromSchemaLibrary(ev, callee)?.name;
  else if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) && fromSchemaLibrary(ev, callee.expression)) method = named;
  if (method === undefined) return undefined;
  const [first, second] = call.arguments;
  const [schemaArgument, source] = SCHEMA_FIRST_PARSE.has(method) ? [first, second] : VALUE_FIRST_PARSE.has(method) ? [second, first] : [undefined, undefined];
  if (!schemaArgument) return undefined;
  const shapes = schemasIn(ev, ev.valueOf(schemaArgument));
  return shapes.length > 0 ? { shape: mergeShapes(shapes, call), source, method: VALUE_FIRST_PARSE.has(method) ? "parse" : method } : undefined;
}

/**
 * A call of a schema library's function (`z.object`, `v.pick`, `Type.Composite`), by its normalised
 * name. Object schemas are closed (unknown keys are stripped or refused: zod, valibot, superstruct,
 * joi) except where the library lets them through: yup's `object()` (until `.noUnknown()`), TypeBox's
 * `Type.Object` (until `additionalProperties: false`), superstruct's `type()`.
 */
function libraryCall(ev: Evaluator, call: TS.CallExpression, method: string, library: string): Value | undefined {
  const args = call.arguments;
  const schema = (shape: Shape): Value => [{ k: "schema", shape, node: call }];
  const shapesOf = (argument: TS.Expression | undefined) => (argument ? schemasIn(ev, ev.valueOf(argument)) : []);
  if (SCHEMA_OBJECT_FACTORIES.has(method) || (method === "type" && library === "superstruct")) {
    const shape = objectShape(ev, args[0]);
    const open = library === "yup" || method === "type" || (/typebox/.test(library) && !closedByOption(ev, args[1]));
    return schema(open ? { ...shape, open: true } : shape);
  }
  if (SCHEMA_OPEN_FACTORIES.has(method)) return schema({ keys: new Map(), open: true, node: call });
  switch (method) {
    case "union":
    case "discriminatedUnion":
    case "variant": {
      const shapes = shapesOf(args[method === "union" ? 0 : 1]);
      return shapes.length > 0 ? schema(mergeShapes(shapes, call)) : NOTHING;
    }
    // zod's `intersection(A, B)`, superstruct's `assign(A, B, ...)`, valibot's `intersect([A, B])`, TypeBox's `Composite([A, B])`.
    case "intersection":
    case "intersect":
    case "composite":
    case "assign": {
      const shapes = args.flatMap((argument) => shapesOf(argument));
      return shapes.length > 0 ? schema(mergeShapes(shapes, call)) : NOTHING;
    }
    // `z.preprocess(fn, S)`: S's keys.
    case "preprocess": {
      const shapes = shapesOf(args[1]);
      return shapes.length > 0 ? schema(mergeShapes(shapes, call)) : undefined;
    }
    // `z.lazy(() => S)`: what the function returns.
    case "lazy": {
      const shapes = args[0] ? ev.valueOf(args[0]).flatMap((atom) => (atom.k === "function" ? schemasIn(ev, ev.apply(atom.fn, [], atom.bindings)) : [])) : [];
      return shapes.length > 0 ? schema(mergeShapes(shapes, call)) : undefined;
    }
    case "pick":
    case "omit": {
      const shapes = shapesOf(args[0]);
      return shapes.length > 0 ? schema(masked(mergeShapes(shapes, call), method, maskKeys(ev, args[1]), call)) : undefined;
    }
    default: {
      if (!SAME_KEYS_FUNCTIONS.has(method)) return undefined;
      const shapes = shapesOf(args[0]);
      return shapes.length > 0 ? schema(mergeShapes(shapes, call)) : undefined;
    }
  }
}

/** TypeBox's `{ additionalProperties: false }`. */
function closedByOption(ev: Evaluator, argument: TS.Expression | undefined): boolean {
  if (!argument) return false;
  return ev.valueOf(argument).some((atom) => atom.k === "object" && atom.entries.some((entry) => entry.kind === "prop" && entry.key === "additionalProperties" && entry.value.some((inner) => inner.k === "const" && inner.value === false)));
}

/** `.pick(keys)` / `.omit(keys)` of a shape; keys that cannot be read leave it as it is. */
function masked(base: Shape, method: "pick" | "omit", keys: readonly string[] | undefined, node: TS.Node): Shape {
  if (keys === undefined) return base;
  if (method === "omit") return removeKeys(base, keys);
  const picked = new Map<string, ShapeKey>();
  for (const key of keys) {
    const known = base.keys.get(key);
    if (known) picked.set(key, known);
    else if (base.open) picked.set(key, {});
  }
  return { keys: picked, open: false, node };
}

/** The shape of `{ key: schema, ... }` (a `z.object` argument). */
function objectShape(ev: Evaluator, argument: TS.Expression | undefined): Shape {
  const ts = ev.ts;
  const keys = new Map<string, ShapeKey>();
  if (!argument) return { keys, open: false };
  const value = ev.valueOf(argument);
  let open = true;
  for (const atom of value) {
    if (atom.k !== "object") continue;
    open = false;
    for (const entry of atom.entries) {
      if (entry.kind === "prop") {
        const nested = schemasIn(ev, entry.value);
        keys.set(entry.key, { node: entry.node, ...(nested.length > 0 && nested.some((shape) => shape.keys.size > 0) ? { shape: mergeShapes(nested, entry.node) } : {}) });
      } else if (entry.kind === "spread") {
        // `{ ...base.shape, x }`
        for (const inner of entry.value) if (inner.k === "schema") for (const [key, at] of inner.shape.keys) keys.set(key, at);
      } else if (entry.kind === "computed") {
        open = true;
      }
    }
  }
  void ts;
  return { keys, open, node: argument };
}

export function schemasIn(ev: Evaluator, value: Value): Shape[] {
  const result: Shape[] = [];
  for (const atom of value) {
    if (atom.k === "schema") result.push(atom.shape);
    else if (atom.k === "array") for (const inner of atom.element) if (inner.k === "schema") result.push(inner.shape);
  }
  void ev;
  return result;
}

/** Several shapes as one: every key any of them lets through. */
export function mergeShapes(shapes: readonly Shape[], node: TS.Node | undefined): Shape {
  if (shapes.length === 1) return shapes[0]!;
  const keys = new Map<string, ShapeKey>();
  let open = false;
  const removed = new Set<string>();
  for (const shape of shapes) {
    for (const [key, at] of shape.keys) if (!keys.has(key)) keys.set(key, at);
    if (shape.open) {
      open = true;
      for (const key of shape.removed ?? []) removed.add(key);
    }
  }
  return { keys, open, ...(removed.size > 0 ? { removed } : {}), ...(node ? { node } : {}) };
}

/** `{ a: true, b: true }` of zod's `.pick`/`.omit`, `["a", "b"]` of yup, valibot, superstruct and TypeBox. */
function maskKeys(ev: Evaluator, argument: TS.Expression | undefined): string[] | undefined {
  if (!argument) return undefined;
  const keys: string[] = [];
  for (const atom of ev.valueOf(argument)) {
    if (atom.k === "array") {
      // One key per item (an item that may be either of two keys says neither).
      const items = constantItems([atom]);
      if (!items?.every((item) => item.length === 1)) return undefined;
      keys.push(...items.flat());
      continue;
    }
    if (atom.k !== "object") return undefined;
    for (const entry of atom.entries) {
      if (entry.kind !== "prop") return undefined;
      keys.push(entry.key);
    }
  }
  return keys;
}
