/**
 * What calls return: functions of the project (their summaries, parameters substituted), settings
 * delegates (rows), the environment's accessors, and the library calls that move a value along
 * (string methods, `JSON`, `Object`, `Promise`, arrays, `Map`) or stop it (presence, masks, hashes).
 * A call the engine cannot see into returns nothing, but a secret handed to it stays "derived"
 * (`decrypt(row.value)` is still the database's value).
 */
import type { Evaluator } from "./evaluator-api.js";
import { rawSqlRows } from "./raw-sql.js";
import { importedFrom } from "./imports.js";
import { objectHelperCall } from "./object-helpers.js";
import { schemaCall, schemaFunctionCall, schemaLibraryParse } from "./schemas.js";
import { secretsInType } from "./type-evidence.js";
import { plainToInstanceValue, instanceObject } from "./frameworks/classes.js";
import { configuredLoaderCall, readNamespacedConfig } from "./frameworks/config-sources.js";
import { inputShape } from "./endpoints.js";
import { functionName } from "./frameworks/handlers.js";
import { calleeName, identifierPath, isFunctionLike, memberName, membershipTest, returnedExpression, staticName, unwrap } from "./syntax.js";
import type { TS } from "./ts.js";
import {
  concat,
  constantItems,
  constantKey,
  constantStrings,
  derive,
  isValueCarrier,
  NOTHING,
  type Atom,
  type DelegateAtom,
  type Entry,
  type RowAtom,
  type Value,
} from "./values.js";
import {
  ENV_FACTORY_FUNCTION,
  CIPHER_FUNCTION_NAME,
  ELEMENT_CALLBACK_METHODS,
  ELEMENT_KEEPING_METHODS,
  ELEMENT_PICKING_METHODS,
  ENV_ACCESSOR_METHODS,
  INSTANCE_TO_PLAIN_FUNCTIONS,
  isEnvAccessorFunction,
  isEnvService,
  PLAIN_TO_INSTANCE_FUNCTIONS,
  RESULT_CONSTRUCTORS,
  PARTIAL_STRING_METHODS,
  PRESENCE_FUNCTIONS,
  PRESENCE_METHODS,
  PRISMA_RAW_SQL_METHODS,
  PRISMA_READ_METHODS,
  PRISMA_TRANSACTION_METHOD,
  REQUEST_BODY_METHODS,
  REVEALING_NAME,
  SEALING_NAME,
  SANITIZER_NAME,
  VALUE_KEEPING_FUNCTIONS,
  VALUE_KEEPING_STRING_METHODS,
} from "./vocabulary.js";

export function callValue(ev: Evaluator, call: TS.CallExpression): Value {
  const ts = ev.ts;
  const callee = unwrap(ts, call.expression);
  const args = call.arguments.map((argument) => (ts.isSpreadElement(argument) ? ev.elementOf(ev.valueOf(argument.expression)) : ev.valueOf(argument)));

  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : constantKey(ev.valueOf(callee.argumentExpression));
    if (method === undefined) return NOTHING;
    const receiverNode = callee.expression;
    const parsed = libraryParse(ev, call) ?? objectHelperCall(ev, call, args);
    if (parsed) return parsed;
    const builtin = builtinCall(ev, call, receiverNode, method, args);
    if (builtin) return builtin;
    const wrapped = resultConstructor(ev, callee, args, call);
    if (wrapped) return wrapped;
    const receiver = ev.valueOf(receiverNode);
    const schema = schemaCall(ev, call, method, receiver, receiverNode);
    if (schema) return schema;
    return methodCall(ev, call, receiver, receiverNode, method, args);
  }

  const target = ev.valueOf(callee);
  const parts: Value[] = [];
  let known = false;
  for (const atom of target) {
    // A declared function without a body (`declare function decrypt(...)`) is outside the project.
    if (atom.k === "function" && atom.fn.body) {
      known = true;
      parts.push(revealed(ev, atom.fn, args, ev.apply(atom.fn, args, atom.bindings), call));
    } else if (atom.k === "opaque" && atom.why === "global" && atom.name !== undefined) {
      known = true;
      parts.push(globalCall(ev, call, atom.name, args));
    }
  }
  if (known) return concat(...parts);
  if (ts.isIdentifier(callee)) {
    const schema = libraryParse(ev, call) ?? schemaFunctionCall(ev, call, callee) ?? objectHelperCall(ev, call, args);
    if (schema) return schema;
  }
  const name = calleeName(ts, call);
  // `env("X")`, `getEnv("X")` imported from a module the engine does not follow (or configured).
  if (name !== undefined && ts.isIdentifier(callee) && isEnvAccessorFunction(name, ev.registry)) return envRead(ev, call, args);
  const wrapped = resultConstructor(ev, callee, args, call);
  if (wrapped) return wrapped;
  const loaded = name !== undefined && ts.isIdentifier(callee) ? configuredLoaderCall(ev, name, call) : undefined;
  if (loaded) return loaded;
  return unknownCall(ev, call, name, args);
}

/** Is this call a result wrapper (`E.right(x)`, `ok(x)`): it holds its argument, it does not use it. */
export function isResultConstructorCall(ev: Evaluator, call: TS.CallExpression): boolean {
  return resultConstructor(ev, unwrap(ev.ts, call.expression), [], call) !== undefined;
}

/**
 * `E.right(x)`, `right(x)` (fp-ts), `ok(x)` (neverthrow): a result that holds `x` as a property
 * (`.right`, `.value`), when the callee is imported from the library.
 */
function resultConstructor(ev: Evaluator, callee: TS.Expression, args: readonly Value[], call: TS.CallExpression): Value | undefined {
  const ts = ev.ts;
  let module: string | undefined;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) {
    name = callee.name.text;
    module = importedFrom(ev.ts, ev.scopes, callee.expression)?.module;
  } else if (ts.isIdentifier(callee)) {
    const imported = importedFrom(ev.ts, ev.scopes, callee);
    name = imported?.name;
    module = imported?.module;
  }
  if (module === undefined || name === undefined) return undefined;
  for (const library of RESULT_CONSTRUCTORS) {
    if (!library.module.test(module)) continue;
    const key = library.names.get(name);
    if (key === undefined) return undefined;
    const entries: Entry[] = [{ kind: "prop", key, value: args[0] ?? NOTHING, node: call }];
    return [{ k: "object", entries, node: call }];
  }
  return undefined;
}

export function newValue(ev: Evaluator, node: TS.NewExpression): Value {
  const ts = ev.ts;
  const args = (node.arguments ?? []).map((argument) => (ts.isSpreadElement(argument) ? ev.elementOf(ev.valueOf(argument.expression)) : ev.valueOf(argument)));
  const callee = unwrap(ts, node.expression);
  const parts: Value[] = [];
  for (const atom of ev.valueOf(callee)) {
    if (atom.k === "class") {
      const constructor = ev.constructorOf(atom.cls);
      const bindings = new Map<TS.ConstructorDeclaration, readonly Value[]>();
      if (constructor) bindings.set(constructor, args);
      parts.push([{ k: "instance", cls: atom.cls, bindings, node }]);
    }
  }
  if (parts.length > 0) return concat(...parts);
  const name = ts.isIdentifier(callee) ? callee.text : calleeName(ts, node);
  if (name === "Map" || name === "Set" || name === "WeakMap") {
    const source = args[0] ?? NOTHING;
    const entries: Entry[] = [];
    for (const item of ev.elementOf(source)) {
      if (name !== "Set" && item.k === "array") {
        const key = item.items?.[0] ? constantKey(item.items[0]) : undefined;
        const value = item.items?.[1] ?? item.element;
        entries.push(key === undefined ? { kind: "computed", value, node } : { kind: "prop", key, value, node });
      } else {
        entries.push({ kind: "computed", value: [item], node });
      }
    }
    return [{ k: "object", entries, node }];
  }
  if (name === "URLSearchParams") return NOTHING;
  return unknownCall(ev, node, name, args);
}

/** Calls of well-known namespaces (`JSON`, `Object`, `Promise`, `Array`, `Reflect`) when the receiver is the global. */
function builtinCall(ev: Evaluator, call: TS.CallExpression, receiverNode: TS.Expression, method: string, args: readonly Value[]): Value | undefined {
  const ts = ev.ts;
  const receiver = unwrap(ts, receiverNode);
  if (!ts.isIdentifier(receiver) || ev.scopes.resolve(receiver)) return undefined;
  const first = args[0] ?? NOTHING;
  switch (receiver.text) {
    case "JSON": {
      if (method === "stringify") return first.filter((atom) => isValueCarrier(atom) || atom.k === "object" || atom.k === "array");
      // Parsing text the engine cannot see gives an object of unknown keys (like a raw request body);
      // parsing what `JSON.stringify` made gives it back.
      if (method === "parse") {
        const kept = first.filter((atom) => atom.k === "object" || atom.k === "array" || atom.k === "row" || atom.k === "input" || atom.k === "secret" || atom.k === "kvValue");
        return kept.length > 0 ? kept : [{ k: "input", shape: { keys: new Map(), open: true }, node: call }];
      }
      return NOTHING;
    }
    case "Object":
      switch (method) {
        case "assign":
          return [{ k: "object", node: call, entries: args.map((value, index): Entry => ({ kind: "spread", value, node: call.arguments[index] ?? call })) }];
        case "freeze":
        case "seal":
        case "create":
          return first;
        case "values":
          return [{ k: "array", element: valuesOf(ev, first), node: call }];
        case "entries":
          return [{ k: "array", element: [{ k: "array", element: valuesOf(ev, first), items: [NOTHING, valuesOf(ev, first)], node: call }], node: call }];
        case "fromEntries": {
          // `Object.fromEntries(formData)`, `Object.fromEntries(url.searchParams)`: the request input as an object.
          const inputs = first.filter((atom) => atom.k === "input" && atom.shape.open && atom.shape.keys.size === 0);
          if (inputs.length > 0) return inputs;
          const pairs = ev.elementOf(first);
          const entries: Entry[] = [];
          for (const pair of pairs) {
            if (pair.k !== "array") {
              // Pairs the engine cannot see: keys and values unknown.
              entries.push({ kind: "computed", value: NOTHING, node: call });
              continue;
            }
            const key = pair.items?.[0] ? constantKey(pair.items[0]) : undefined;
            const value = pair.items?.[1] ?? pair.element;
            // Keys from a constant list (an allowlist filter): one of them, whichever.
            const keys = key === undefined && pair.items?.[0] ? constantStrings(pair.items[0]) : undefined;
            if (keys) entries.push({ kind: "computed", value, node: call, keys });
            else entries.push(key === undefined ? { kind: "computed", value, node: call } : { kind: "prop", key, value, node: call });
          }
          if (pairs.length === 0) entries.push({ kind: "computed", value: NOTHING, node: call });
          return [{ k: "object", entries, node: call }];
        }
        case "keys":
        case "getOwnPropertyNames":
          return [{ k: "array", element: NOTHING, node: call }];
        default:
          return NOTHING;
      }
    case "Promise":
      switch (method) {
        case "all":
          return first.map((atom) => (atom.k === "array" ? atom : atom));
        case "allSettled":
          return first
            .filter((atom) => atom.k === "array")
            .map((atom) => ({
              k: "array" as const,
              node: call,
              element: [{ k: "object" as const, node: call, entries: [{ kind: "prop" as const, key: "value", value: atom.k === "array" ? atom.element : NOTHING, node: call }] }],
            }));
        case "race":
        case "any":
          return ev.elementOf(first);
        case "resolve":
          return first;
        default:
          return NOTHING;
      }
    case "Array":
      if (method === "from" || method === "of") return [{ k: "array", element: method === "of" ? concat(...args) : ev.elementOf(first), node: call }];
      return NOTHING;
    case "Reflect":
      if (method === "get" && args[1]) return ev.member(first, constantKey(args[1]), call);
      return NOTHING;
    case "Buffer":
      if (method === "from") return first.filter(isValueCarrier);
      return NOTHING;
    default:
      return undefined;
  }
}

function valuesOf(ev: Evaluator, value: Value): Value {
  const parts: Value[] = [];
  for (const atom of value) {
    if (atom.k === "object") parts.push(ev.objectValues(atom));
    else if (atom.k === "row") parts.push(rowValues(ev, atom));
    else if (atom.k === "array") parts.push(atom.element);
    else if (atom.k === "input" || atom.k === "envObject") parts.push([atom]);
  }
  return concat(...parts);
}

/** Every secret value a row holds (`Object.values(row)`). */
function rowValues(ev: Evaluator, row: RowAtom): Value {
  const parts: Value[] = [];
  // The row's own keys that hold secrets: flat fields, Json columns (or the next step of its path).
  const keys = new Set<string>();
  const depth = row.jsonPath === undefined ? 0 : row.jsonPath.split(".").length;
  for (const secret of row.jsonPath === undefined ? ev.registry.secrets : ev.registry.secretsUnder(row.jsonPath)) {
    keys.add(secret.jsonColumn === undefined ? secret.field : secret.field.split(".")[depth]!);
  }
  for (const key of keys) parts.push(ev.member([row], key, row.node));
  return concat(...parts);
}

/** Global functions: `String(x)`, `Boolean(x)`, `structuredClone(x)`, env accessors, `require`. */
function globalCall(ev: Evaluator, call: TS.CallExpression, name: string, args: readonly Value[]): Value {
  const first = args[0] ?? NOTHING;
  if (PRESENCE_FUNCTIONS.has(name)) return NOTHING;
  if (VALUE_KEEPING_FUNCTIONS.has(name)) return first.filter((atom) => isValueCarrier(atom) || atom.k === "object" || atom.k === "array");
  if (isEnvAccessorFunction(name, ev.registry)) return envRead(ev, call, args);
  return unknownCall(ev, call, name, args);
}

/**
 * `env("X")`, `configService.get("X")`: the variable named by the first argument. A dotted key
 * (`configService.get("INFRA.SECRET")`) reads a namespace of the loaded configuration: what its
 * loader puts there (the settings store's values, for a loader that reads them), never the env.
 */
function envRead(ev: Evaluator, call: TS.CallExpression, args: readonly Value[]): Value {
  const name = args[0] ? constantKey(args[0]) : undefined;
  if (name !== undefined && name.includes(".")) return readNamespacedConfig(ev, name, call);
  const secret = name === undefined ? undefined : ev.registry.secretForEnvVar(name);
  if (secret) return [{ k: "secret", secret, origin: "env", node: call, strength: "strong", envVar: name! }];
  return [{ k: "env", name, node: call }];
}

/** A method call on a value known only now (a parameter substituted at a call): as if written there. */
export function methodOn(ev: Evaluator, call: TS.CallExpression, receiver: Value, method: string, args: readonly Value[]): Value {
  const callee = unwrap(ev.ts, call.expression);
  const receiverNode = ev.ts.isPropertyAccessExpression(callee) || ev.ts.isElementAccessExpression(callee) ? callee.expression : callee;
  return methodCall(ev, call, receiver, receiverNode, method, args);
}

function methodCall(ev: Evaluator, call: TS.CallExpression, receiver: Value, receiverNode: TS.Expression, method: string, args: readonly Value[]): Value {
  const ts = ev.ts;
  const parts: Value[] = [];
  let handled = false;
  // A method of a parameter: decided when the parameter is (a call substitutes it, or its declaration).
  const params = receiver.filter((atom) => atom.k === "param");
  if (params.length > 0) {
    handled = true;
    parts.push(params.map((atom) => (atom.k === "param" ? { ...atom, path: [...atom.path, { key: method, node: call, args }] } : atom)));
  }
  for (const atom of receiver) {
    if (atom.k === "param") continue;
    const result = atomMethod(ev, call, atom, method, args);
    if (result) {
      handled = true;
      parts.push(result);
    }
  }
  if (handled) return concat(...parts);

  // Drizzle: `db.update(t)`, `db.insert(t)`, `db.delete(t)` on a settings table; `...from(t)` rows.
  const drizzle = drizzleCall(ev, call, receiver, method, args);
  if (drizzle) return drizzle;

  // Array methods on something unseen (`KEYS.map(...)`): its elements are unknown, the callback's results are not.
  if (ELEMENT_CALLBACK_METHODS.has(method) || method === "reduce") {
    const result = arrayMethod(ev, call, NOTHING, method, args, { k: "array", element: NOTHING, node: receiverNode });
    if (result) return result;
  }

  // Promise chains on anything.
  if (method === "then" && args[0]) return callFunctions(ev, args[0], [receiver]);
  if (method === "catch" || method === "finally") return receiver;

  // Env accessors on configuration services (`this.configService.get("X")`).
  const path = identifierPath(ts, receiverNode);
  if (ENV_ACCESSOR_METHODS.has(method) && path !== undefined && isEnvService(path, ev.registry)) return envRead(ev, call, args);
  if (receiver.some((atom) => atom.k === "envObject") && method === "get") return envRead(ev, call, args);

  // A client's transaction and raw SQL (on whatever object holds them).
  if (method === PRISMA_TRANSACTION_METHOD) {
    const first = args[0] ?? NOTHING;
    if (first.some((atom) => atom.k === "function")) return callFunctions(ev, first, [[{ k: "opaque", why: "param", name: "tx", node: call }]]);
    return first;
  }
  if (PRISMA_RAW_SQL_METHODS.has(method)) return rawSqlRows(ev, call);

  return unknownCall(ev, call, method, args, receiver);
}

/** `eq(table.column, value)` (or its arguments swapped): the column compared and the value. */
function drizzleKeyCondition(ev: Evaluator, node: TS.Expression): { column: string; value: Value } | undefined {
  const ts = ev.ts;
  const condition = unwrap(ts, node);
  // The relational queries' callback form: `where: (table, { eq }) => eq(table.key, "X")`.
  if ((ts.isArrowFunction(condition) || ts.isFunctionExpression(condition)) && condition.parameters[0] && ts.isIdentifier(condition.parameters[0].name)) {
    const table = condition.parameters[0].name.text;
    const body = returnedExpression(ts, condition);
    if (!body || !ts.isCallExpression(body) || body.arguments.length !== 2 || calleeName(ts, body) !== "eq") return undefined;
    for (const [columnNode, valueNode] of [
      [body.arguments[0]!, body.arguments[1]!],
      [body.arguments[1]!, body.arguments[0]!],
    ] as const) {
      const column = unwrap(ts, columnNode);
      if (ts.isPropertyAccessExpression(column) && ts.isIdentifier(column.expression) && column.expression.text === table) return { column: column.name.text, value: ev.valueOf(valueNode) };
    }
    return undefined;
  }
  if (!ts.isCallExpression(condition) || condition.arguments.length !== 2 || calleeName(ts, condition) !== "eq") return undefined;
  for (const [columnNode, valueNode] of [
    [condition.arguments[0]!, condition.arguments[1]!],
    [condition.arguments[1]!, condition.arguments[0]!],
  ] as const) {
    const column = ev.valueOf(columnNode).find((atom) => atom.k === "opaque" && atom.why === "column");
    if (column && column.k === "opaque" && column.name !== undefined) return { column: column.name, value: ev.valueOf(valueNode) };
  }
  return undefined;
}

/** Drizzle statements on a settings table (a builder) and the rows a select reads. */
function drizzleCall(ev: Evaluator, call: TS.CallExpression, receiver: Value, method: string, args: readonly Value[]): Value | undefined {
  const ts = ev.ts;
  const table = (args[0] ?? NOTHING).find((atom) => atom.k === "delegate" && atom.store.orm === "drizzle");
  if (table && table.k === "delegate" && (method === "update" || method === "insert" || method === "delete")) {
    return [{ k: "builder", store: table.store, op: method, node: call }];
  }
  if (table && table.k === "delegate" && method === "from") {
    // `db.select({ key: settings.apiKey }).from(settings)`: rows of the projection; `db.select()`: whole rows.
    const callee = unwrap(ts, call.expression) as TS.PropertyAccessExpression;
    const select = unwrap(ts, callee.expression);
    const projection = ts.isCallExpression(select) && select.arguments[0] ? ev.valueOf(select.arguments[0]) : NOTHING;
    const projected = projection.find((atom) => atom.k === "object");
    if (projected && projected.k === "object") {
      const entries: Entry[] = projected.entries.map((entry) => {
        if (entry.kind !== "prop") return entry;
        const column = entry.value.find((atom) => atom.k === "opaque" && atom.why === "column");
        return column && column.k === "opaque" && column.store ? { ...entry, value: ev.member([{ k: "row", store: column.store, node: call, strength: "strong" }], column.name, entry.node) } : entry;
      });
      return [{ k: "array", element: [{ k: "object", entries, node: call }], node: call }];
    }
    return [{ k: "array", element: [{ k: "row", store: table.store, node: call, strength: "strong" }], node: call }];
  }
  if (receiver.some((atom) => atom.k === "builder")) {
    if (method === "returning") {
      const builder = receiver.find((atom) => atom.k === "builder")!;
      return builder.k === "builder" ? [{ k: "array", element: [{ k: "row", store: builder.store, node: call, strength: "strong" }], node: call }] : NOTHING;
    }
    return receiver.filter((atom) => atom.k === "builder");
  }
  return undefined;
}

/** A method on one possibility of the receiver; undefined when this kind of value has no such method. */
function atomMethod(ev: Evaluator, call: TS.CallExpression, atom: Atom, method: string, args: readonly Value[]): Value | undefined {
  switch (atom.k) {
    case "delegate":
      return delegateCall(ev, call, atom, method, args);
    case "secret":
    case "env":
    case "const":
      if (VALUE_KEEPING_STRING_METHODS.has(method)) {
        if (atom.k === "const") {
          if (typeof atom.value === "string" && method === "toString") return [atom];
          return NOTHING;
        }
        return method === "split" ? [{ k: "array", element: [atom], node: call }] : [atom];
      }
      if (PARTIAL_STRING_METHODS.has(method) || PRESENCE_METHODS.has(method)) return NOTHING;
      return undefined;
    case "array":
      return arrayMethod(ev, call, atom.element, method, args, atom);
    case "object": {
      if (method === "get" && args[0]) return ev.member([atom], constantKey(args[0]), call);
      if (method === "values" || method === "entries") return [{ k: "array", element: ev.objectValues(atom), node: call }];
      const member = ev.member([atom], method, call);
      const functions = ev.functionsOf(member);
      if (functions.length === 0) return undefined;
      return concat(...functions.map(({ fn, bindings }) => ev.apply(fn, args, bindings)));
    }
    case "instance": {
      const member = ev.member([atom], method, call);
      const functions = ev.functionsOf(member);
      if (functions.length === 0) return undefined;
      return concat(...functions.map(({ fn, bindings }) => revealed(ev, fn, args, ev.apply(fn, args, bindings), call)));
    }
    case "class":
    case "module": {
      const member = ev.member([atom], method, call);
      const functions = ev.functionsOf(member);
      if (functions.length === 0) return undefined;
      return concat(...functions.map(({ fn, bindings }) => ev.apply(fn, args, bindings)));
    }
    case "request":
      if (REQUEST_BODY_METHODS.has(method)) {
        return [{ k: "input", shape: { keys: new Map(), open: true }, node: call, ...(atom.endpoint ? { endpoint: atom.endpoint } : {}) }];
      }
      // Hono: `c.req.valid("json")` is what the route's validator middleware let through.
      if (method === "valid") {
        const shape = atom.endpoint?.inputSchemas ? inputShape(ev, atom.endpoint) : { keys: new Map(), open: true };
        return [{ k: "input", shape, node: call, ...(atom.endpoint ? { endpoint: atom.endpoint } : {}) }];
      }
      // Hono: `c.req.param("id")`, `c.req.query("q")`: one value of the request.
      if ((method === "param" || method === "query") && args[0]) {
        const key = constantKey(args[0]);
        const input: Value = [{ k: "input", shape: { keys: new Map(), open: true }, node: call, ...(atom.endpoint ? { endpoint: atom.endpoint } : {}) }];
        return key === undefined ? NOTHING : ev.member(input, key, call);
      }
      return NOTHING;
    case "input":
      if (method === "get" && atom.shape.open) return args[0] ? ev.member([atom], constantKey(args[0]), call) : NOTHING;
      return undefined;
    case "schema":
      return schemaParse(ev, call, atom.shape, method, args);
    case "row":
      return undefined;
    default:
      return undefined;
  }
}

/** `schema.parse(x)`, `schema.safeParse(x)`: the input with the schema's shape (the env, when `x` is the env). */
function schemaParse(ev: Evaluator, call: TS.CallExpression, shape: import("./values.js").Shape, method: string, args: readonly Value[]): Value | undefined {
  const source = args[0] ?? NOTHING;
  if (source.some((atom) => atom.k === "envObject")) return method.startsWith("safe") ? wrapSafe(call, [{ k: "envObject", node: call }]) : [{ k: "envObject", node: call }];
  const endpoint = source.find((atom) => (atom.k === "input" || atom.k === "request") && atom.endpoint);
  const input: Value = [
    { k: "input", shape, node: call, ...(endpoint && (endpoint.k === "input" || endpoint.k === "request") && endpoint.endpoint ? { endpoint: endpoint.endpoint } : {}) },
  ];
  if (method === "parse" || method === "parseAsync") return input;
  if (method === "safeParse" || method === "safeParseAsync" || method === "spa") return wrapSafe(call, input);
  // yup's `validate`/`validateSync`/`cast` give the value; joi's `validate` gives `{ value, error }`.
  if (method === "validate" || method === "validateSync" || method === "validateAsync" || method === "cast") {
    return [...input, { k: "object", node: call, entries: [{ kind: "prop", key: "value", value: input, node: call }] }];
  }
  return undefined;
}

/** `v.parse(S, x)`, `safeParse(S, x)` (valibot, zod/mini), `create(x, S)` (superstruct): as `S.parse(x)`; valibot's safe result holds it as `output`. */
function libraryParse(ev: Evaluator, call: TS.CallExpression): Value | undefined {
  const parsed = schemaLibraryParse(ev, call);
  if (!parsed) return undefined;
  const value = schemaParse(ev, call, parsed.shape, parsed.method, [parsed.source ? ev.valueOf(parsed.source) : NOTHING]);
  if (!value || !parsed.method.startsWith("safe")) return value;
  return value.map((atom) => (atom.k === "object" ? { ...atom, entries: [...atom.entries, ...atom.entries.map((entry) => ({ ...entry, key: "output" }))] } : atom));
}

function wrapSafe(call: TS.Node, data: Value): Value {
  return [{ k: "object", node: call, entries: [{ kind: "prop", key: "data", value: data, node: call }] }];
}

/** Prisma delegate methods: reads and row-returning writes give rows, limited by `select` / `omit`. */
function delegateCall(ev: Evaluator, call: TS.CallExpression, atom: DelegateAtom, method: string, args: readonly Value[]): Value {
  const many = method === "findMany" || method === "createManyAndReturn" || method === "updateManyAndReturn";
  const single = PRISMA_READ_METHODS.has(method) || method === "create" || method === "update" || method === "upsert" || method === "delete";
  if (!many && !single) return NOTHING;
  const options = args[0] ?? NOTHING;
  const limits = atom.store.kind === "key-value" ? {} : rowLimits(ev, options, call);
  const kvKey = atom.store.kind === "key-value" ? keyOfRead(ev, atom.store, options, method, call) : undefined;
  const row: RowAtom = { k: "row", store: atom.store, node: call, strength: "strong", ...limits, ...(kvKey ? { kvKey } : {}) };
  return many ? [{ k: "array", element: [row], node: call }] : [row];
}

/** The key a key-value read names (`where: { name: K }`, or the created row's key); empty for any row. */
function keyOfRead(ev: Evaluator, store: import("./values.js").Store, options: Value, method: string, call: TS.CallExpression): Value {
  const column = store.keyColumn!;
  // Drizzle's relational query: `findFirst({ where: eq(table.key, K) })`.
  const literal = call.arguments[0] ? unwrap(ev.ts, call.arguments[0]) : undefined;
  if (store.orm === "drizzle" && literal && ev.ts.isObjectLiteralExpression(literal)) {
    const property = literal.properties.find((p) => ev.ts.isPropertyAssignment(p) && staticName(ev.ts, p.name) === "where");
    const condition = property && ev.ts.isPropertyAssignment(property) ? drizzleKeyCondition(ev, property.initializer) : undefined;
    if (condition && condition.column === column) return condition.value;
  }
  const where = keyFilterValues(ev, ev.member(ev.member(options, "where", call), column, call), call);
  const written = method === "create" ? ev.member(ev.member(options, "data", call), column, call) : method === "upsert" ? ev.member(ev.member(options, "create", call), column, call) : NOTHING;
  return concat(where, written.filter((atom) => atom.k !== "object"));
}

/** The keys a `where` condition on a key column names: `K`, `{ in: [...] }`, `{ equals: K }` (any key, when they are not constants). */
export function keyFilterValues(ev: Evaluator, condition: Value, node: TS.Node): Value {
  const filters = condition.filter((atom) => atom.k === "object");
  const listed = concat(...filters.map((filter) => concat(ev.elementOf(ev.member([filter], "in", node)), ev.member([filter], "equals", node))));
  return concat(condition.filter((atom) => atom.k !== "object"), listed).filter((atom) => !(atom.k === "const" && atom.value === undefined));
}

/** `select` (secret fields picked, each with its property) and `omit` of a query's options. */
function rowLimits(ev: Evaluator, options: Value, node: TS.Node): { picked?: ReadonlyMap<string, TS.Node>; omitted?: ReadonlySet<string> } {
  // Prisma's `select`, or Drizzle's `columns` (its relational queries).
  const select = concat(ev.member(options, "select", node), ev.member(options, "columns", node)).filter((atom) => !(atom.k === "const" && atom.value === undefined));
  const omit = ev.member(options, "omit", node);
  const result: { picked?: Map<string, TS.Node>; omitted?: Set<string> } = {};
  // No `select` (or `select: undefined`) limits nothing; one the engine cannot see limits everything.
  const onlyExclusions = select.length > 0 && select.every((atom) => atom.k === "object" && atom.entries.length > 0 && atom.entries.every((entry) => entry.kind === "prop" && entry.value.every((value) => value.k === "const" && value.value === false)));
  if (onlyExclusions) {
    // Drizzle's `columns: { apiKey: false }`: every column but these.
    const omitted = new Set<string>();
    for (const atom of select) {
      for (const entry of atom.k === "object" ? atom.entries : []) {
        if (entry.kind !== "prop") continue;
        const secrets = ev.secretsAt(undefined, entry.key);
        if (secrets.length === 0) omitted.add(entry.key);
        for (const secret of secrets) omitted.add(secret.field);
      }
    }
    result.omitted = omitted;
  } else if (select.some((atom) => !(atom.k === "const" && (atom.value === undefined || atom.value === null)))) {
    const picked = new Map<string, TS.Node>();
    for (const atom of select) {
      if (atom.k !== "object") continue;
      for (const entry of atom.entries) {
        if (entry.kind !== "prop") continue;
        if (entry.value.some((value) => value.k === "const" && value.value === false)) continue;
        // A Json column selected whole picks the secrets inside it.
        for (const secret of ev.secretsAt(undefined, entry.key)) picked.set(secret.field, entry.node);
      }
    }
    result.picked = picked;
  }
  if (omit.some((atom) => atom.k === "object")) {
    const omitted = new Set<string>();
    for (const atom of omit) {
      if (atom.k !== "object") continue;
      for (const entry of atom.entries) {
        if (entry.kind !== "prop" || !entry.value.some((value) => value.k === "const" && value.value === true)) continue;
        for (const secret of ev.secretsAt(undefined, entry.key)) omitted.add(secret.field);
      }
    }
    result.omitted = omitted;
  }
  return result;
}

/**
 * Key-value rows picked by a predicate on their key column (`(row) => row.key === K`, `({ key }) => key === K`,
 * `K === row.key`): the rows with `kvKey` K; undefined when the predicate is something else.
 */
function withKeyPredicate(ev: Evaluator, callback: TS.Expression, element: Value): Value | undefined {
  const ts = ev.ts;
  if (!element.some((atom) => atom.k === "row" && atom.store.kind === "key-value")) return undefined;
  const fn = unwrap(ts, callback);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const parameter = fn.parameters[0]?.name;
  const body = returnedExpression(ts, fn);
  if (!parameter || !body || !ts.isBinaryExpression(body)) return undefined;
  const operator = body.operatorToken.kind;
  if (operator !== ts.SyntaxKind.EqualsEqualsEqualsToken && operator !== ts.SyntaxKind.EqualsEqualsToken) return undefined;
  // Which side reads the key column of the parameter.
  const columnOf = (side: TS.Expression): string | undefined => {
    const node = unwrap(ts, side);
    if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && ts.isIdentifier(parameter) && node.expression.text === parameter.text) return node.name.text;
    if (ts.isIdentifier(node) && ts.isObjectBindingPattern(parameter)) {
      const element = parameter.elements.find((binding) => ts.isIdentifier(binding.name) && binding.name.text === node.text);
      if (element) return element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : node.text;
    }
    return undefined;
  };
  const left = columnOf(body.left);
  const right = left === undefined ? columnOf(body.right) : undefined;
  const column = left ?? right;
  const other = left !== undefined ? body.right : body.left;
  if (column === undefined) return undefined;
  const key = ev.valueOf(other);
  if (!constantStrings(key)) return undefined;
  return element.map((atom) => (atom.k === "row" && atom.store.kind === "key-value" && atom.store.keyColumn === column ? { ...atom, kvKey: key } : atom));
}

/**
 * The keys an entries filter lets through: `([key]) => LIST.includes(key)` (also `(entry) =>
 * LIST.includes(entry[0])`, a block returning it) with `LIST` an array of constant strings.
 */
function allowedKeys(ev: Evaluator, callback: TS.Expression): string[] | undefined {
  const ts = ev.ts;
  const fn = unwrap(ts, callback);
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return undefined;
  const parameter = fn.parameters[0]?.name;
  const body = returnedExpression(ts, fn);
  const test = body ? membershipTest(ts, body) : undefined;
  if (!parameter || !test) return undefined;
  const argument = test.member;
  // The argument is the entry's key: `key` of `([key])`, or `entry[0]`.
  const first = ts.isArrayBindingPattern(parameter) ? parameter.elements[0] : undefined;
  const isKey =
    (first !== undefined && ts.isBindingElement(first) && ts.isIdentifier(first.name) && ts.isIdentifier(argument) && argument.text === first.name.text) ||
    (ts.isIdentifier(parameter) && ts.isElementAccessExpression(argument) && ts.isIdentifier(argument.expression) && argument.expression.text === parameter.text && ts.isNumericLiteral(argument.argumentExpression) && argument.argumentExpression.text === "0");
  const keys = isKey ? constantItems(ev.valueOf(test.collection))?.flat() : undefined;
  return keys && keys.length > 0 ? keys : undefined;
}

/** Array methods: callbacks get the elements; results keep, pick or transform them. */
function arrayMethod(ev: Evaluator, call: TS.CallExpression, element: Value, method: string, args: readonly Value[], array: Atom): Value | undefined {
  const callback = args[0] ?? NOTHING;
  switch (method) {
    case "map": {
      const mapped = callFunctions(ev, callback, [element, NOTHING, [array]]);
      return [{ k: "array", element: mapped, node: call }];
    }
    case "flatMap": {
      const mapped = callFunctions(ev, callback, [element, NOTHING, [array]]);
      return [{ k: "array", element: concat(ev.elementOf(mapped), mapped.filter((atom) => atom.k !== "array")), node: call }];
    }
    case "forEach":
      callFunctions(ev, callback, [element, NOTHING, [array]]);
      return NOTHING;
    case "reduce":
    case "reduceRight": {
      const initial = args[1] ?? NOTHING;
      const step = callFunctions(ev, callback, [initial, element, NOTHING, [array]]);
      return concat(initial, step);
    }
    case "find":
    case "findLast": {
      // `rows.find((row) => row.key === "SMTP_PASSWORD")` of a key-value store: the row of that key.
      const keyed = call.arguments[0] ? withKeyPredicate(ev, call.arguments[0], element) : undefined;
      return keyed ?? element;
    }
    case "filter": {
      const keyed = call.arguments[0] ? withKeyPredicate(ev, call.arguments[0], element) : undefined;
      if (keyed) return [{ k: "array", element: keyed, node: call }];
      // `Object.entries(x).filter(([key]) => ALLOWED.includes(key))`: only the allowed keys remain.
      const allowed = call.arguments[0] ? allowedKeys(ev, call.arguments[0]) : undefined;
      if (!allowed) return [{ k: "array", element, node: call }];
      const keys: Value = allowed.map((key) => ({ k: "const", value: key }));
      return [{ k: "array", element: element.map((pair) => (pair.k === "array" ? { ...pair, items: [keys, pair.items?.[1] ?? pair.element] } : pair)), node: call }];
    }
    case "join":
      return element.filter(isValueCarrier);
    case "concat":
      return [{ k: "array", element: concat(element, ...args.map((arg) => concat(ev.elementOf(arg), arg.filter((atom) => atom.k !== "array")))), node: call }];
    case "entries":
      return [{ k: "array", element: [{ k: "array", element, items: [NOTHING, element], node: call }], node: call }];
    case "where": {
      // A key-value table read with `.where(eq(table.key, K))`: the rows of that key.
      const key = call.arguments[0] ? drizzleKeyCondition(ev, call.arguments[0]) : undefined;
      if (key && array.k === "array") {
        return [{ ...array, element: array.element.map((row) => (row.k === "row" && row.store.kind === "key-value" && row.store.keyColumn === key.column ? { ...row, kvKey: key.value } : row)) }];
      }
      return [array];
    }
    case "limit":
    case "offset":
    case "orderBy":
    case "groupBy":
    case "having":
    case "leftJoin":
    case "innerJoin":
    case "rightJoin":
    case "fullJoin":
    case "execute":
    case "prepare":
    case "all":
    case "$dynamic":
      // A query builder's chain (Drizzle) reads the same rows.
      return [array];
    case "get":
      return args.length === 0 ? element : undefined;
    default:
      if (ELEMENT_PICKING_METHODS.has(method)) return element;
      if (ELEMENT_KEEPING_METHODS.has(method)) return [{ k: "array", element, node: call }];
      if (PRESENCE_METHODS.has(method) || method === "findIndex" || method === "findLastIndex" || method === "push" || method === "unshift") return NOTHING;
      return undefined;
  }
}

/**
 * The project's own `decrypt(stored)`: whatever its body does with the cipher, its result is the
 * secret it was given (as an unseen `decrypt` keeps it, see `unknownCall`).
 */
function revealed(ev: Evaluator, fn: import("./syntax.js").FunctionLike, args: readonly Value[], result: Value, call: TS.CallExpression): Value {
  const name = functionName(ev, fn);
  if (name === undefined || SANITIZER_NAME.test(name) || !CIPHER_FUNCTION_NAME.test(name)) return result;
  const passed = concat(...args.map((arg) => arg.filter((atom) => atom.k === "secret" || atom.k === "param" || atom.k === "kvValue" || (atom.k === "opaque" && atom.why === "input"))));
  if (REVEALING_NAME.test(name)) return concat(passed, result);
  // The project's own `encrypt(secret)`: a sealed copy, still the secret when it is stored (as an unseen `encrypt`).
  if (SEALING_NAME.test(name)) return concat(derive(passed), [{ k: "opaque", why: "call", name, node: call }], result);
  return result;
}

/** Calls every function of `callee` with `args`. */
function callFunctions(ev: Evaluator, callee: Value, args: readonly Value[]): Value {
  const parts: Value[] = [];
  for (const { fn, bindings } of ev.functionsOf(callee)) parts.push(ev.apply(fn, args, bindings));
  return concat(...parts);
}

/**
 * A call the engine cannot see into. Its result is unknown, named after the callee (evidence for a
 * settings read: `(await getSettings()).smtpPassword`), and a secret passed to it stays derived,
 * unless the callee's name says it masks, hashes or tests (`maskSecret`, `hasKey`). A callee whose
 * name says it reveals (`decrypt`) keeps the value as it is.
 */
function unknownCall(ev: Evaluator, call: TS.CallExpression | TS.NewExpression, name: string | undefined, args: readonly Value[], receiver?: Value): Value {
  // Validated env objects (t3-env's `createEnv`, envalid's `cleanEnv`...) read the environment.
  if (name !== undefined && ENV_FACTORY_FUNCTION.test(name)) return [{ k: "envObject", node: call }];
  // class-transformer: `plainToInstance(Dto, row)` is the DTO's fields of the row; `instanceToPlain(dto)` its serialised form.
  if (name !== undefined && PLAIN_TO_INSTANCE_FUNCTIONS.has(name)) {
    const cls = (args[0] ?? NOTHING).find((atom) => atom.k === "class");
    if (cls && cls.k === "class") return plainToInstanceValue(ev, cls.cls, args[1] ?? NOTHING, args[2] ?? NOTHING, call);
  }
  if (name !== undefined && INSTANCE_TO_PLAIN_FUNCTIONS.has(name)) {
    const first = args[0] ?? NOTHING;
    return first.map((atom) => (atom.k === "instance" ? instanceObject(ev, atom) : atom));
  }
  const result: Atom[] = [{ k: "opaque", why: "call", ...(name ? { name } : {}), node: call }];
  // A library's higher-order function given a function of the project (`cache(fn)`, `unstable_cache(fn, keys)`,
  // `memoize(fn)`, `withAuth(handler)`): what it returns is called like that function, so it may be that function.
  if (receiver === undefined && ev.ts.isCallExpression(call)) {
    const wrapped = (args[0] ?? NOTHING).filter((atom) => atom.k === "function" && atom.fn.body !== undefined);
    if (wrapped.length > 0) result.unshift(...wrapped);
  }
  // With types: a call whose result holds secrets as strings (a settings row from another module).
  const typed = secretsInType(ev, call);
  const store = ev.registry.settingsModels[0] ? ev.storeByModel(ev.registry.settingsModels[0].name) : undefined;
  if (typed && typed.length > 0 && store) {
    result.push({ k: "row", store, node: call, strength: "strong", picked: new Map(typed.map((secret) => [secret.field, call])) });
  }
  if (name !== undefined && SANITIZER_NAME.test(name)) return result;
  const passed = concat(...args.map((arg) => arg.filter((atom) => atom.k === "secret" || atom.k === "param" || atom.k === "kvValue" || (atom.k === "opaque" && atom.why === "input"))));
  if (passed.length === 0) return result;
  if (name !== undefined && REVEALING_NAME.test(name)) return concat(passed, result);
  return concat(derive(passed), result);
}

/** Is this call a function of the project the engine can see (a helper, a method of a known class)? */
export function isProjectCall(ev: Evaluator, call: TS.CallExpression | TS.NewExpression): boolean {
  const ts = ev.ts;
  const callee = unwrap(ts, call.expression);
  if (ts.isNewExpression(call)) return ev.valueOf(callee).some((atom) => atom.k === "class");
  if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) {
    const method = memberName(ts, callee);
    if (method === undefined) return false;
    const receiver = ev.valueOf(callee.expression);
    return receiver.some(
      (atom) => (atom.k === "instance" || atom.k === "object" || atom.k === "class" || atom.k === "module") && ev.functionsOf(ev.member([atom], method, callee)).some(({ fn }) => fn.body !== undefined),
    );
  }
  // A declared function without a body (`declare function f()`, an overload) is not the project's code.
  return ev.valueOf(callee).some((atom) => atom.k === "function" && isFunctionLike(ts, atom.fn) && atom.fn.body !== undefined);
}
