/**
 * Runtime configuration read through a framework: `configService.get("X")` reads environment
 * variable X (NestJS's `ConfigService` looks at `process.env` first); a dotted key
 * (`configService.get("INFRA.GOOGLE_CLIENT_SECRET")`) reads namespace `INFRA` of what the
 * `ConfigModule`'s loaders return (`ConfigModule.forRoot({ load: [loadInfra] })`,
 * `registerAs("infra", fn)`), evaluated like any code: a loader that builds its result from the
 * settings store makes its keys database reads, whatever the variables are called. A namespace no
 * loader fills (and none configured under `configSources.dbNamespaces`) is neither env nor DB.
 * Functions listed in `configSources.dbLoaders` return the settings store's values by key where the
 * engine cannot see their body.
 */
import type { Evaluator } from "../evaluator-api.js";
import { identifierPath, unwrap, walk } from "../syntax.js";
import type { TS } from "../ts.js";
import { concat, constantKey, NOTHING, type Atom, type Entry, type Value } from "../values.js";
import { CONFIG_MODULE_METHODS, CONFIG_NAMESPACE_FUNCTION } from "../vocabulary.js";

const namespacesByEvaluator = new WeakMap<Evaluator, Map<string, Value> | "computing">();

/** `configService.get("NS.KEY")`: what the loaders put under `NS`, read by `KEY`; NOTHING for an unknown namespace. */
export function readNamespacedConfig(ev: Evaluator, name: string, node: TS.Node): Value {
  const [namespace, ...keys] = name.split(".");
  const loaded = configNamespaces(ev, node.getSourceFile()).get(namespace!);
  if (!loaded) return NOTHING;
  let value = loaded;
  for (const key of keys) value = ev.member(value, key, node);
  // Where the value was read is this call: findings point at it.
  return value.map((atom): Atom => (atom.k === "secret" ? { ...atom, node } : atom));
}

/** The settings store's values by key: what a configured loader returns, or a configured namespace holds. */
function storeValues(ev: Evaluator, node: TS.Node): Value {
  const parts: Value[] = [];
  for (const model of ev.registry.settingsModels) {
    const store = ev.storeByModel(model.name);
    if (!store) continue;
    if (store.kind === "key-value") parts.push([{ k: "object", entries: [{ kind: "computed", value: [{ k: "kvValue", store, key: NOTHING, node }], node }], node }]);
    else parts.push([{ k: "row", store, node, strength: "strong" }]);
  }
  return concat(...parts);
}

/** A call of a configured `dbLoaders` function the engine cannot see: the store's values, under each configured namespace too. */
export function configuredLoaderCall(ev: Evaluator, name: string, node: TS.Node): Value | undefined {
  if (!ev.registry.configSources.dbLoaders.includes(name)) return undefined;
  const values = storeValues(ev, node);
  // Its keys at the top (`env.GOOGLE_CLIENT_SECRET`) and under each configured namespace (`env.INFRA.GOOGLE_CLIENT_SECRET`).
  const entries: Entry[] = [
    { kind: "spread", value: values, node },
    ...ev.registry.configSources.dbNamespaces.map((namespace): Entry => ({ kind: "prop", key: namespace, value: values, node })),
  ];
  return [{ k: "object", entries, node }];
}

/** Namespace -> its loaded value, over the files the host shows (the project, or the one file). */
function configNamespaces(ev: Evaluator, file: TS.SourceFile): ReadonlyMap<string, Value> {
  const known = namespacesByEvaluator.get(ev);
  if (known === "computing") return new Map();
  if (known) return known;
  namespacesByEvaluator.set(ev, "computing");
  const namespaces = new Map<string, Value>();
  const add = (namespace: string, value: Value) => namespaces.set(namespace, concat(namespaces.get(namespace) ?? NOTHING, value));
  try {
    const ts = ev.ts;
    for (const source of new Set([...(ev.host.projectFiles?.() ?? []), file])) {
      if (!/\b(?:forRoot|forRootAsync|forFeature|registerAs)\b/.test(source.text)) continue;
      walk(ts, source, (node) => {
        if (!ts.isCallExpression(node)) return true;
        const callee = unwrap(ts, node.expression);
        if (!ts.isPropertyAccessExpression(callee) || !CONFIG_MODULE_METHODS.has(callee.name.text)) return true;
        if (!/ConfigModule$/.test(identifierPath(ts, callee.expression) ?? "")) return true;
        const first = node.arguments[0];
        if (!first) return true;
        const loaders = callee.name.text === "forFeature" ? [first] : loadList(ev, first);
        for (const loader of loaders) for (const [namespace, value] of loaderNamespaces(ev, loader)) add(namespace, value);
        return true;
      });
    }
    for (const namespace of ev.registry.configSources.dbNamespaces) if (!namespaces.has(namespace)) add(namespace, storeValues(ev, file));
  } finally {
    namespacesByEvaluator.set(ev, namespaces);
  }
  return namespaces;
}

/** The `load: [...]` elements of `forRoot({ ... })`. */
function loadList(ev: Evaluator, options: TS.Expression): TS.Expression[] {
  const ts = ev.ts;
  const node = unwrap(ts, options);
  if (!ts.isObjectLiteralExpression(node)) return [];
  for (const property of node.properties) {
    if (!ts.isPropertyAssignment(property) || !ts.isIdentifier(property.name) || property.name.text !== "load") continue;
    const list = unwrap(ts, property.initializer);
    if (ts.isArrayLiteralExpression(list)) return list.elements.filter((element): element is TS.Expression => !ts.isSpreadElement(element));
  }
  return [];
}

/** What one loader puts under each namespace: `registerAs("ns", fn)` -> ns; a function -> the keys of its result. */
function loaderNamespaces(ev: Evaluator, loader: TS.Expression, depth = 0): [string, Value][] {
  const ts = ev.ts;
  const node = unwrap(ts, loader);
  // `const infraConfig = registerAs("infra", ...)`, in this file or (when the host follows imports) another.
  if (ts.isIdentifier(node) && depth < 4) {
    const declaration = ev.declarationOf(node)?.declaration;
    if (declaration && ts.isVariableDeclaration(declaration) && declaration.initializer && ts.isCallExpression(unwrap(ts, declaration.initializer))) {
      return loaderNamespaces(ev, declaration.initializer, depth + 1);
    }
  }
  if (ts.isCallExpression(node) && identifierPath(ts, node.expression)?.split(".").at(-1) === CONFIG_NAMESPACE_FUNCTION) {
    const namespace = node.arguments[0] ? constantKey(ev.valueOf(node.arguments[0])) : undefined;
    const factory = node.arguments[1];
    if (namespace === undefined || !factory) return [];
    return [[namespace, loaderResult(ev, factory, node)]];
  }
  const result: [string, Value][] = [];
  for (const atom of loaderResult(ev, node, node)) {
    if (atom.k !== "object") continue;
    for (const entry of atom.entries) if (entry.kind === "prop") result.push([entry.key, entry.value]);
  }
  return result;
}

/** A loader's result: its returns (a function the engine can see), or a configured loader's store values. */
function loaderResult(ev: Evaluator, loader: TS.Expression, at: TS.Node): Value {
  const ts = ev.ts;
  const functions = ev.functionsOf(ev.valueOf(loader));
  if (functions.length > 0) return concat(...functions.map(({ fn, bindings }) => ev.apply(fn, [], bindings)));
  const name = identifierPath(ts, unwrap(ts, loader))?.split(".").at(-1);
  return (name !== undefined ? configuredLoaderCall(ev, name, at) : undefined) ?? NOTHING;
}
