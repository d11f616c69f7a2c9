/**
 * Utility libraries' object helpers, recognised by the module they are imported from: `pick`, `omit`
 * and `get` of lodash (`_.pick`, `lodash/pick`, `lodash.pick`, lodash-es), underscore, es-toolkit,
 * radash and remeda (object first), and ramda/rambda (`pick(keys, obj)`, `omit(keys, obj)`,
 * `prop(key, obj)`, `path(keys, obj)`: the object last). What they return is what the engine
 * computes for a member read, a copy of chosen keys, or a rest without keys.
 */
import type { Evaluator } from "./evaluator-api.js";
import { importedFrom } from "./imports.js";
import type { TS } from "./ts.js";
import { constantItems, constantStrings, type Entry, type Value } from "./values.js";

const OBJECT_FIRST = /^(?:lodash(?:-es)?|lodash\.(?:pick|omit|get)|underscore|es-toolkit(?:\/compat)?|radash|remeda)(?:\/[\w.]+)?$/;
const OBJECT_LAST = /^(?:ramda|rambda)(?:\/[\w.]+)?$/;

/** The helper a call names (`pick`, `omit`, `get`, `prop`, `path`) and whether its object comes last. */
function helperOf(ev: Evaluator, call: TS.CallExpression): { name: string; objectLast: boolean } | undefined {
  const ts = ev.ts;
  const callee = call.expression;
  let imported: { module: string; name: string } | undefined;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    name = callee.name.text;
    if (name !== "pick" && name !== "omit" && name !== "get" && name !== "prop" && name !== "path") return undefined;
    imported = importedFrom(ts, ev.scopes, callee.expression);
  } else if (ts.isIdentifier(callee)) {
    imported = importedFrom(ts, ev.scopes, callee);
    // `import pick from "lodash/pick"`, `import omit from "lodash.omit"`: the module names the helper.
    name = imported && /^(?:lodash|lodash-es)\/(\w+)$|^lodash\.(\w+)$/.exec(imported.module)?.slice(1).find(Boolean);
    name ??= imported?.name;
  }
  if (!imported || name === undefined) return undefined;
  if (OBJECT_FIRST.test(imported.module)) return name === "pick" || name === "omit" || name === "get" ? { name, objectLast: false } : undefined;
  if (OBJECT_LAST.test(imported.module)) return name === "pick" || name === "omit" || name === "prop" || name === "path" ? { name, objectLast: true } : undefined;
  return undefined;
}

/** Keys of a helper's key argument: a string (`"a.b"` for a path) or an array of strings; undefined when not constant. */
function keysOf(value: Value, path: boolean): string[] | undefined {
  const direct = constantStrings(value);
  if (direct) return path ? direct[0]!.split(".") : direct;
  // One key per item: an item that may be either of two keys says neither.
  const items = constantItems(value);
  return items && items.length > 0 && items.every((item) => item.length === 1) ? items.flat() : undefined;
}

/** The value of `_.pick(obj, keys)`, `_.omit(obj, keys)`, `_.get(obj, path)` (and their ramda forms); undefined for any other call. */
export function objectHelperCall(ev: Evaluator, call: TS.CallExpression, args: readonly Value[]): Value | undefined {
  const helper = helperOf(ev, call);
  if (!helper) return undefined;
  const [object, keyArgument] = helper.objectLast ? [args[1], args[0]] : [args[0], args[1]];
  if (!object || !keyArgument) return undefined;
  const isPath = helper.name === "get" || helper.name === "path" || helper.name === "prop";
  const keys = keysOf(keyArgument, isPath && helper.name !== "prop");
  if (!keys) return undefined;
  switch (helper.name) {
    case "pick": {
      const entries: Entry[] = keys.map((key) => ({ kind: "prop", key, value: ev.member(object, key, call), node: call }));
      return [{ k: "object", entries, node: call }];
    }
    case "omit":
      return ev.without(object, keys, call);
    default: {
      let value = object;
      for (const key of helper.name === "prop" ? keys.slice(0, 1) : keys) value = ev.member(value, key, call);
      return value;
    }
  }
}
