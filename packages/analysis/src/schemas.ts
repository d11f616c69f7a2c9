/**
 * Validation schemas as shapes: which keys a zod schema lets through, and where each is declared.
 * `z.object`, `z.strictObject`, `.extend`, `.safeExtend`, `.merge`, `.pick`, `.omit`, `.partial`,
 * `.strict` and the other key-preserving modifiers, `.passthrough()`/`.catchall()`/`z.record`
 * (unknown keys pass), `.and`/`.or`/`z.union`/`z.intersection`.
 */
import {
  SCHEMA_OBJECT_FACTORIES,
  SCHEMA_OPEN_FACTORIES,
  SCHEMA_OPENING_METHODS,
  SCHEMA_SAME_KEYS_METHODS,
} from "@secret-guardrails/core";
import type { Evaluator } from "./evaluate.js";
import type { TS } from "./ts.js";
import { NOTHING, removeKeys, type Shape, type ShapeKey, type Value } from "./values.js";

/** Names under which code imports zod. */
const ZOD_NAMES = /^(?:z|zod|Zod)$/;

/** The schema a call builds, if it is a zod schema call; undefined when the call is something else. */
export function schemaCall(ev: Evaluator, call: TS.CallExpression, method: string, receiver: Value, receiverNode: TS.Expression): Value | undefined {
  const ts = ev.ts;
  const fromZod = receiver.some((atom) => (atom.k === "opaque" && atom.name !== undefined && ZOD_NAMES.test(atom.name)) || atom.k === "module")
    || (ts.isIdentifier(receiverNode) && ZOD_NAMES.test(receiverNode.text));
  if (fromZod) {
    if (SCHEMA_OBJECT_FACTORIES.has(method)) return [{ k: "schema", shape: objectShape(ev, call.arguments[0]), node: call }];
    if (SCHEMA_OPEN_FACTORIES.has(method)) return [{ k: "schema", shape: { keys: new Map(), open: true, node: call }, node: call }];
    if (method === "union" || method === "discriminatedUnion") {
      const options = call.arguments[method === "union" ? 0 : 1];
      const shapes = options ? schemasIn(ev, ev.valueOf(options)) : [];
      return shapes.length > 0 ? [{ k: "schema", shape: mergeShapes(shapes, call), node: call }] : NOTHING;
    }
    if (method === "intersection") {
      const shapes = call.arguments.flatMap((argument) => schemasIn(ev, ev.valueOf(argument)));
      return shapes.length > 0 ? [{ k: "schema", shape: mergeShapes(shapes, call), node: call }] : NOTHING;
    }
    return undefined;
  }
  const schemas = receiver.filter((atom) => atom.k === "schema");
  if (schemas.length === 0) return undefined;
  const shapes = schemas.map((atom) => (atom.k === "schema" ? atom.shape : undefined!));
  const base = mergeShapes(shapes, call);
  if (method === "extend" || method === "safeExtend") return [{ k: "schema", shape: mergeShapes([base, objectShape(ev, call.arguments[0])], call), node: call }];
  if (method === "merge" || method === "and" || method === "or") {
    const other = call.arguments[0] ? schemasIn(ev, ev.valueOf(call.arguments[0])) : [];
    return [{ k: "schema", shape: mergeShapes([base, ...other], call), node: call }];
  }
  if (method === "pick" || method === "omit") {
    const keys = maskKeys(ev, call.arguments[0]);
    if (keys === undefined) return [{ k: "schema", shape: base, node: call }];
    if (method === "omit") return [{ k: "schema", shape: removeKeys(base, keys), node: call }];
    const picked = new Map<string, ShapeKey>();
    for (const key of keys) {
      const known = base.keys.get(key);
      if (known) picked.set(key, known);
      else if (base.open) picked.set(key, {});
    }
    return [{ k: "schema", shape: { keys: picked, open: false, node: call }, node: call }];
  }
  if (SCHEMA_OPENING_METHODS.has(method)) return [{ k: "schema", shape: { ...base, open: true }, node: call }];
  if (method === "strict" || method === "strip") return [{ k: "schema", shape: { ...base, open: false }, node: call }];
  if (SCHEMA_SAME_KEYS_METHODS.has(method)) return [{ k: "schema", shape: base, node: call }];
  return undefined;
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

/** `{ a: true, b: true }` of `.pick`/`.omit`. */
function maskKeys(ev: Evaluator, argument: TS.Expression | undefined): string[] | undefined {
  if (!argument) return undefined;
  const keys: string[] = [];
  for (const atom of ev.valueOf(argument)) {
    if (atom.k !== "object") return undefined;
    for (const entry of atom.entries) {
      if (entry.kind !== "prop") return undefined;
      keys.push(entry.key);
    }
  }
  return keys;
}
