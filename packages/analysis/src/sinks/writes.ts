/**
 * Settings writes (`secret-settings-write`): a registered secret reaching the data of a write on a
 * settings store, raw SQL that sets a secret column, keys that cannot be resolved.
 */
import { findSecretSqlWrites, PRISMA_RAW_SQL_METHODS, PRISMA_WRITE_METHODS, writeDataKeys, type SecretEntry } from "@secret-guardrails/core";
import type { EngineSuggestion, SiteAnalysis, SiteContext } from "../analysis-api.js";
import { keyFilterValues } from "../calls.js";
import { callSqlText, taggedSqlText } from "../raw-sql.js";
import { codeNameOf, contains, staticName, unwrap } from "../syntax.js";
import type { TS } from "../ts.js";
import { concat, constantStrings, isNullish, NOTHING, shapeHasKey, type InputAtom, type ObjectAtom, type Store, type Value } from "../values.js";
import { SEALING_NAME } from "../vocabulary.js";
import { envVarOf, envVarsOf, quotedFields, sqlFields } from "./format.js";
import { recordAdminInput, recordAdminInputs } from "./responses.js";

export function checkWriteCall(an: SiteAnalysis, call: TS.CallExpression, cx: SiteContext): void {
  const ts = an.ts;
  const callee = unwrap(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return;
  const method = callee.name.text;
  if (PRISMA_RAW_SQL_METHODS.has(method)) {
    const argument = call.arguments[0];
    if (argument && !ts.isTaggedTemplateExpression(unwrap(ts, argument))) {
      const text = callSqlText(an.ev, call);
      if (text !== undefined) checkSql(an, text, argument);
    }
    return;
  }
  if (DRIZZLE_WRITE_METHODS.has(method)) {
    const builders = an.value(callee.expression, cx).filter((atom) => atom.k === "builder");
    for (const builder of builders) if (builder.k === "builder") checkDrizzleWrite(an, call, builder.store, builder.op, method, cx);
    if (builders.length > 0) return;
  }
  if (method === "delete" || method === "deleteMany") {
    for (const atom of an.value(callee.expression, cx)) if (atom.k === "delegate") recordDeleteClears(an, call, atom.store, cx);
    // Drizzle: `db.delete(table)`, every row, or the rows of `.where(eq(table.key, K))`.
    const table = call.arguments[0] ? an.value(call.arguments[0], cx).find((atom) => atom.k === "delegate" && atom.store.orm === "drizzle") : undefined;
    if (table && table.k === "delegate") recordDrizzleDeleteClears(an, call, table.store, cx);
    return;
  }
  if (!PRISMA_WRITE_METHODS.has(method)) return;
  const receiver = an.value(callee.expression, cx);
  for (const atom of receiver) {
    if (atom.k !== "delegate") continue;
    if (atom.store.kind === "key-value") checkKeyValueWrite(an, call, atom.store, method, cx);
    else checkPrismaWrite(an, call, atom.store, method, cx);
  }
}

/** Drizzle builder methods that carry written data: `update(t).set(data)`, `insert(t).values(rows)`, upserts. */
const DRIZZLE_WRITE_METHODS: ReadonlySet<string> = new Set(["set", "values", "onConflictDoUpdate", "onDuplicateKeyUpdate"]);

/**
 * A Drizzle write on a settings table: the data of `.set(...)`, `.values(...)` (one row or many) or
 * the `set` of an upsert. A key-value table's key comes from the row, or from the statement's
 * `.where(eq(table.key, K))`.
 */
function checkDrizzleWrite(an: SiteAnalysis, call: TS.CallExpression, store: Store, op: string, method: string, cx: SiteContext): void {
  const ts = an.ts;
  const argument = call.arguments[0];
  if (!argument || (op === "update" && method !== "set") || (op === "insert" && method === "set") || op === "delete") return;
  let data = an.value(argument, cx);
  let dataNode: TS.Node = argument;
  if (method === "onConflictDoUpdate" || method === "onDuplicateKeyUpdate") {
    data = an.ev.member(data, "set", call);
    const literal = unwrap(ts, argument);
    const property = ts.isObjectLiteralExpression(literal) ? literal.properties.find((p) => ts.isPropertyAssignment(p) && staticName(ts, p.name) === "set") : undefined;
    if (property && ts.isPropertyAssignment(property)) dataNode = property.initializer;
  }
  const site: WriteSite = { an, call, store, cx, dataNode };
  if (store.kind !== "key-value") {
    if (data.length > 0 && !data.some((atom) => atom.fromParam)) an.cover(dataNode);
    checkData(site, data);
    return;
  }
  const rows: ObjectAtom[] = [];
  for (const atom of data) {
    if (atom.k === "object") rows.push(atom);
    else if (atom.k === "array") for (const element of atom.element) if (element.k === "object") rows.push(element);
  }
  // An upsert's `set` writes under the key its `.values({ key })` inserts.
  let key = chainKey(an, call, store, cx);
  if (key.length === 0 && method !== "set" && method !== "values") {
    const receiver = unwrap(ts, (unwrap(ts, call.expression) as TS.PropertyAccessExpression).expression);
    if (ts.isCallExpression(receiver) && receiver.arguments[0]) key = an.ev.member(an.value(receiver.arguments[0], cx), store.keyColumn!, call);
  }
  checkKeyValueRows(site, rows, key);
}

/** The key a Drizzle statement's `.where(eq(table.key, K))` names, further along the chain. */
function chainKey(an: SiteAnalysis, call: TS.CallExpression, store: Store, cx: SiteContext): Value {
  const ts = an.ts;
  let node: TS.Node = call;
  for (let depth = 0; depth < 6; depth++) {
    const access = node.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== node || !ts.isCallExpression(access.parent)) return NOTHING;
    const next = access.parent;
    if (access.name.text === "where" && next.arguments[0]) {
      const condition = unwrap(ts, next.arguments[0]);
      if (ts.isCallExpression(condition) && condition.arguments.length === 2) {
        const [left, right] = condition.arguments;
        const column = an.value(left!, cx).find((atom) => atom.k === "opaque" && atom.why === "column");
        if (column && column.k === "opaque" && column.name === store.keyColumn) return an.value(right!, cx);
      }
      return NOTHING;
    }
    node = next;
  }
  return NOTHING;
}

function recordDrizzleDeleteClears(an: SiteAnalysis, call: TS.CallExpression, store: Store, cx: SiteContext): void {
  const secrets = an.ev.registry.secrets;
  const key = chainKey(an, call, store, cx);
  const keys = key.length > 0 ? constantStrings(key) : undefined;
  if (store.kind !== "key-value" || (key.length === 0 && !hasWhere(an, call))) {
    for (const secret of secrets) an.clears.push({ secret, store, node: call });
    return;
  }
  if (!keys) {
    an.unknownClears.push(call);
    return;
  }
  for (const name of keys) {
    const secret = an.ev.keyValueSecret(store, name);
    if (secret) an.clears.push({ secret, store, node: call });
  }
}

/** Is the statement narrowed by a `.where(...)` further along the chain? */
function hasWhere(an: SiteAnalysis, call: TS.CallExpression): boolean {
  const ts = an.ts;
  const access = call.parent;
  return !!access && ts.isPropertyAccessExpression(access) && access.expression === call && access.name.text === "where";
}

/** Deleting settings rows clears their secrets (a cleanup): every row's, or the rows of the keys named. */
function recordDeleteClears(an: SiteAnalysis, call: TS.CallExpression, store: Store, cx: SiteContext): void {
  const options = call.arguments[0] ? an.value(call.arguments[0], cx) : NOTHING;
  const secrets = an.ev.registry.secrets;
  if (store.kind !== "key-value") {
    for (const secret of secrets) an.clears.push({ secret, store, node: call });
    return;
  }
  const where = an.ev.member(an.ev.member(options, "where", call), store.keyColumn!, call);
  const named = concat(where, an.ev.member(where, "in", call).flatMap((atom) => (atom.k === "array" ? atom.element : [])));
  const keys = constantStrings(named.filter((atom) => atom.k === "const"));
  if (!keys && where.length > 0) {
    an.unknownClears.push(call);
    return;
  }
  for (const key of keys ?? secrets.map((secret) => secret.field)) {
    const secret = an.ev.keyValueSecret(store, key);
    if (secret) an.clears.push({ secret, store, node: call });
  }
}

/**
 * A write on a key-value store: each row written (`data`, `create`/`update` of an upsert, the rows
 * of `createMany`) puts a value under a key, named in the row or in `where`. A registered (or
 * secret-looking) key with a value that is not null is a secret write, reported at the value; a
 * key that cannot be resolved, with a value from request input, cannot be proven not to be one.
 */
function checkKeyValueWrite(an: SiteAnalysis, call: TS.CallExpression, store: Store, method: string, cx: SiteContext): void {
  const ts = an.ts;
  const argument = call.arguments[0];
  if (!argument) return;
  const options = ts.isSpreadElement(argument) ? an.ev.elementOf(an.value(argument.expression, cx)) : an.value(argument, cx);
  const keyColumn = store.keyColumn!;
  const valueColumn = store.valueColumn!;
  const whereKey = keyFilterValues(an.ev, an.ev.member(an.ev.member(options, "where", call), keyColumn, call), call);
  const site: WriteSite = { an, call, store, cx, dataNode: argument };
  const rows: ObjectAtom[] = [];
  // Request input written as rows (`createMany({ data: dto.entries })`): its key and value columns are the row.
  const inputRow = (input: InputAtom): ObjectAtom => ({
    k: "object",
    node: input.node,
    entries: [keyColumn, valueColumn].map((column) => ({
      kind: "prop",
      key: column,
      value: an.ev.member([input], column, input.node).map((atom) => (input.at && !atom.at ? { ...atom, at: input.at } : atom)),
      node: input.node,
    })),
    ...(input.at ? { at: input.at } : {}),
  });
  for (const key of writeDataKeys(method)) {
    const data = an.ev.member(options, key, call);
    for (const atom of data) {
      if (atom.k === "object") rows.push(atom);
      else if (atom.k === "input" && !atom.shape.unresolved) rows.push(inputRow(atom));
      else if (atom.k === "array") {
        for (const element of atom.element) {
          if (element.k === "object") rows.push(element);
          else if (element.k === "input" && !element.shape.unresolved) rows.push(inputRow(element));
        }
      }
    }
  }
  void valueColumn;
  checkKeyValueRows(site, rows, whereKey);
}

/** Rows written into a key-value store: each value under its key (the row's own, else `whereKey`). */
function checkKeyValueRows(site: WriteSite, rows: readonly ObjectAtom[], whereKey: Value): void {
  const { an, call, store } = site;
  const keyColumn = store.keyColumn!;
  const valueColumn = store.valueColumn!;
  for (const row of rows) {
    const entry = lastEntry(an, row, valueColumn);
    if (!entry) continue;
    const written = writtenValue(an, entry.value, entry.node);
    const ownKey = an.ev.member([row], keyColumn, call).filter((atom) => !(atom.k === "const" && atom.value === undefined));
    const key = ownKey.length > 0 ? ownKey : whereKey;
    const keys = constantStrings(key);
    if (keys) {
      if (written.some((atom) => atom.at !== undefined) || !written.some((atom) => atom.fromParam)) an.cover(entry.node);
      for (const name of keys) {
        const secret = an.ev.keyValueSecret(store, name);
        if (!secret) continue;
        if (isNullish(written)) {
          if (written.some((atom) => atom.k === "const" && atom.value === null)) an.clears.push({ secret, store, node: row.node });
          continue;
        }
        reportSecretWrite(site, secret, entry.node, written, row);
      }
      continue;
    }
    if (isNullish(written)) continue;
    // The key is not known here: the callers decide (a parameter), or request input picks it.
    const fromInput = concat(key, written).some((atom) => atom.k === "input" || (atom.k === "opaque" && atom.why === "input") || (atom.k === "secret" && atom.origin === "input"));
    if (!fromInput) continue;
    const at = key.find((atom) => atom.at)?.at ?? written.find((atom) => atom.at)?.at ?? entry.node;
    an.report({
      category: "secret-settings-write",
      messageId: "unprovableKey",
      node: at,
      data: { model: store.model.name, secrets: an.ev.registry.secrets.length > 0 ? quotedFields(an.ev.registry.secrets) : "any secret-looking key" },
    });
  }
}

/** The last entry of an object that sets `key` (a property, or a spread that may carry it), with where it is. */
function lastEntry(an: SiteAnalysis, object: ObjectAtom, key: string): { value: Value; node: TS.Node } | undefined {
  for (let index = object.entries.length - 1; index >= 0; index--) {
    const entry = object.entries[index]!;
    if (entry.kind === "prop" && entry.key === key) return { value: entry.value, node: entry.node };
    if (entry.kind === "delete" && entry.key === key) return undefined;
    if (entry.kind === "spread") {
      const value = an.ev.member(entry.value, key, entry.node);
      if (value.length > 0) return { value, node: entry.node };
    }
  }
  return undefined;
}

/** SQL tagged templates (`$executeRaw\`...\``, `Prisma.sql\`...\``, `sql\`...\``). */
export function checkSqlTemplate(an: SiteAnalysis, node: TS.TaggedTemplateExpression, cx: SiteContext): void {
  const text = taggedSqlText(an.ev, node);
  if (text === undefined) return;
  const ts = an.ts;
  const interpolated = ts.isTemplateExpression(node.template) ? node.template.templateSpans.map((span) => an.value(span.expression, cx)) : [];
  checkSql(an, text, node.template, interpolated);
}

function checkSql(an: SiteAnalysis, text: string, node: TS.Node, interpolated: readonly Value[] = []): void {
  for (const write of findSecretSqlWrites(text, an.ev.registry)) {
    const storeSecrets = an.ev.registry.secrets;
    const store = an.ev.storeByModel(write.model.name);
    if (store) for (const secret of write.cleared) an.clears.push({ secret, store, node });
    if (write.dynamicColumn) {
      an.report({
        category: "secret-settings-write",
        messageId: "unprovableSqlColumn",
        node,
        data: { model: write.model.name, secrets: quotedFields(storeSecrets) },
      });
    }
    if (write.secrets.length === 0) continue;
    // Admin input interpolated into the statement: its endpoint accepts the secret it writes.
    if (store) {
      for (const value of interpolated) {
        for (const secret of write.secrets) recordAdminInputs(an, value.filter((atom) => atom.k !== "opaque" || write.secrets.length === 1), secret, store);
      }
    }
    an.report({
      category: "secret-settings-write",
      messageId: "secretSqlWrite",
      node,
      data: { secrets: sqlFields(write.secrets), model: write.model.name, envVars: envVarsOf(write.secrets) },
      ...(write.secrets.length === 1 ? { secret: write.secrets[0]!.field } : {}),
    });
  }
}

interface WriteSite {
  readonly an: SiteAnalysis;
  readonly call: TS.CallExpression;
  readonly store: Store;
  readonly cx: SiteContext;
  /** The expression holding the data (for a finding on the whole value). */
  readonly dataNode: TS.Node;
}

function checkPrismaWrite(an: SiteAnalysis, call: TS.CallExpression, store: Store, method: string, cx: SiteContext): void {
  const ts = an.ts;
  const argument = call.arguments[0];
  if (!argument) return;
  // `update(...[args])`: the spread's elements are the arguments.
  const options = ts.isSpreadElement(argument) ? an.ev.elementOf(an.value(argument.expression, cx)) : an.value(argument, cx);
  const literal = ts.isSpreadElement(argument) ? argument : unwrap(ts, argument);
  for (const key of writeDataKeys(method)) {
    const data = an.ev.member(options, key, call);
    let dataNode: TS.Node = argument;
    if (ts.isObjectLiteralExpression(literal)) {
      const property = literal.properties.find((p) => (ts.isPropertyAssignment(p) || ts.isShorthandPropertyAssignment(p)) && staticName(ts, p.name) === key);
      if (property && ts.isPropertyAssignment(property)) dataNode = property.initializer;
      else if (property && ts.isShorthandPropertyAssignment(property)) dataNode = property.name;
    }
    // Data no parameter's declaration brings settles a provisional finding on this write's data.
    if (data.length > 0 && !data.some((atom) => atom.fromParam)) an.cover(dataNode);
    checkData({ an, call, store, cx, dataNode }, data);
  }
}

function checkData(site: WriteSite, data: Value, depth = 0): void {
  if (depth > 4) return;
  for (const atom of data) {
    if (atom.k === "object") checkObject(site, atom, new Set());
    else if (atom.k === "array") checkData(site, atom.element, depth + 1);
    else if (atom.k === "input") checkInput(site, atom, site.dataNode, new Set());
  }
}

/**
 * An object written as data: each secret key set by its last entry; spreads of input; keys unknown.
 * `prefix` is the path of a Json column (or a part of it) the object is written into: its keys are
 * properties inside the column, and removing one (null, undefined, `delete`) clears it.
 */
function checkObject(site: WriteSite, object: ObjectAtom, decided: Set<string>, depth = 0, prefix?: string): void {
  const { an } = site;
  const registry = an.ev.registry;
  if (depth > 4) return;
  for (let index = object.entries.length - 1; index >= 0; index--) {
    const entry = object.entries[index]!;
    if (entry.kind === "delete") {
      for (const secret of secretsAt(an, prefix, entry.key)) {
        if (decided.has(secret.field)) continue;
        decided.add(secret.field);
        if (prefix !== undefined) an.clears.push({ secret, store: site.store, node: object.node });
      }
      continue;
    }
    if (entry.kind === "prop") {
      const secret = secretAt(an, prefix, entry.key);
      if (!secret) {
        checkJsonValue(site, pathOf(prefix, entry.key), entry.value, entry.node, object, decided, depth);
        continue;
      }
      if (decided.has(secret.field)) continue;
      decided.add(secret.field);
      const value = prefix === undefined ? writtenValue(an, entry.value, entry.node) : entry.value;
      // A value a caller decided (not what a parameter's declaration says) settles a provisional finding here.
      if (value.some((atom) => atom.at !== undefined) || !value.some((atom) => atom.fromParam)) an.cover(entry.node);
      if (isNullish(value)) {
        if (clearsKey(value, prefix)) an.clears.push({ secret, store: site.store, node: object.node });
        continue;
      }
      reportSecretWrite(site, secret, entry.node, value, object);
      continue;
    }
    if (entry.kind === "computed") {
      const value = writtenValue(an, entry.value, entry.node);
      if (entry.keys) {
        // Keys from a constant list: only the secret ones among them matter.
        for (const key of entry.keys) {
          const secret = secretAt(an, prefix, key);
          if (!secret || decided.has(secret.field)) continue;
          if (isNullish(value)) {
            if (clearsKey(value, prefix)) an.clears.push({ secret, store: site.store, node: object.node });
          } else {
            reportSecretWrite(site, secret, entry.node, value, object);
          }
        }
        continue;
      }
      if (isNullish(value)) {
        an.unknownClears.push(object.node);
        continue;
      }
      const secrets = prefix === undefined ? registry.secrets : registry.secretsUnder(prefix);
      an.report({
        category: "secret-settings-write",
        messageId: "unprovableKeys",
        node: entry.node,
        data: { model: site.store.model.name, secrets: quotedFields(secrets) },
      });
      continue;
    }
    // A spread: what it may carry, less what later entries decide. A value no parameter brings
    // settles what a parameter's declaration said here.
    if (!entry.value.some((inner) => inner.fromParam)) an.cover(entry.node);
    for (const inner of entry.value) {
      if (inner.k === "object") checkObject(site, inner.at || !object.at ? inner : { ...inner, at: object.at }, new Set(decided), depth + 1, prefix);
      else if (inner.k === "input") checkInput(site, inner, entry.node, decided, prefix);
    }
  }
}

/** `data.smtpPassword` of `data` and `smtpPassword`; a top-level key as it is. */
function pathOf(prefix: string | undefined, key: string): string {
  return prefix === undefined ? key : `${prefix}.${key}`;
}

/** The secret a key of written data is: a settings field at the top, a registered path inside a Json column. */
function secretAt(an: SiteAnalysis, prefix: string | undefined, key: string): SecretEntry | undefined {
  if (prefix === undefined && key.includes(".")) return undefined;
  const secret = an.ev.registry.secret(pathOf(prefix, key));
  return secret && (secret.jsonColumn !== undefined) === (prefix !== undefined) ? secret : undefined;
}

/** The secrets a key of written data holds: its own, or the ones registered inside it (a Json column, a part of one). */
function secretsAt(an: SiteAnalysis, prefix: string | undefined, key: string): readonly SecretEntry[] {
  const secret = secretAt(an, prefix, key);
  return secret ? [secret] : prefix === undefined && key.includes(".") ? [] : an.ev.registry.secretsUnder(pathOf(prefix, key));
}

/** A nullish value clears the key: `null` in a column (`undefined` leaves it as it is); either one inside a Json value (JSON drops `undefined`). */
function clearsKey(value: Value, prefix: string | undefined): boolean {
  return prefix !== undefined || value.some((atom) => atom.k === "const" && atom.value === null);
}

/**
 * A value written at `path`, a Json column (or a part of one) that holds registered secrets: an object
 * (its keys are properties inside the column), request input, null (which clears them all), or the
 * column's own value read back with properties taken out (`const { smtpPassword, ...rest } = row.data`).
 */
function checkJsonValue(site: WriteSite, path: string, value: Value, node: TS.Node, object: ObjectAtom, decided: Set<string>, depth: number): void {
  const { an } = site;
  const inside = an.ev.registry.secretsUnder(path).filter((secret) => !decided.has(secret.field));
  if (inside.length === 0) return;
  for (const secret of inside) decided.add(secret.field);
  if (isNullish(value)) {
    if (value.some((atom) => atom.k === "const" && atom.value === null)) for (const secret of inside) an.clears.push({ secret, store: site.store, node: object.node });
    return;
  }
  const open = new Set(inside.map((secret) => secret.field));
  for (const atom of value) {
    if (atom.k === "object") checkObject(site, atom.at || !object.at ? atom : { ...atom, at: object.at }, new Set([...decided].filter((field) => !open.has(field))), depth + 1, path);
    else if (atom.k === "input") checkInput(site, atom, node, new Set([...decided].filter((field) => !open.has(field))), path);
    else if (atom.k === "row" && atom.jsonPath === path) {
      for (const secret of inside) if (atom.omitted?.has(secret.field)) an.clears.push({ secret, store: site.store, node });
    }
  }
}

/** `{ set: value }` writes `value`. */
function writtenValue(an: SiteAnalysis, value: Value, node: TS.Node): Value {
  if (value.length > 0 && value.every((atom) => atom.k === "object" && atom.entries.some((entry) => entry.kind === "prop" && entry.key === "set"))) {
    return an.ev.member(value, "set", node);
  }
  return value;
}

/** Request input written whole or spread (at `prefix`, inside a Json column): the secrets its shape lets through. */
function checkInput(site: WriteSite, input: InputAtom, node: TS.Node, decided: ReadonlySet<string>, prefix?: string): void {
  const { an, store } = site;
  if (input.shape.unresolved) return;
  const writer = an.ev.ownerOf(site.call);
  // Input a caller passed in: the finding goes where it entered the chain, the outermost call's argument.
  const carried = input.at !== undefined;
  const at = input.at ?? node;
  if (carried) an.cover(node);
  // Each secret by its path from here: `smtpPassword` of a row, `data.smtpPassword` of a row (the input's `data`), `smtpPassword` inside `data`.
  const candidates = prefix === undefined ? an.ev.registry.secrets : an.ev.registry.secretsUnder(prefix);
  const steps = (secret: SecretEntry) => (prefix !== undefined ? secret.field.slice(prefix.length + 1).split(".") : secret.jsonColumn ? secret.field.split(".") : [secret.field]);
  const accepting = new Map<SecretEntry, InputAtom>();
  for (const secret of candidates) {
    if (decided.has(secret.field)) continue;
    const holder = shapeHolding(input, steps(secret));
    if (holder) accepting.set(secret, holder);
  }
  const secrets = [...accepting.keys()];
  if (secrets.length === 0) return;
  const onlyOpen = secrets.every((secret) => !accepting.get(secret)!.shape.keys.has(steps(secret).at(-1)!));
  if (onlyOpen && input.shape.keys.size === 0 && input.shape.open) {
    an.report({
      category: "secret-settings-write",
      messageId: "unprovableKeys",
      node: at,
      data: { model: store.model.name, secrets: quotedFields(an.ev.registry.secrets.filter((secret) => !decided.has(secret.field))) },
      ...related(site, at),
    });
    return;
  }
  const finding = {
    category: "secret-settings-write" as const,
    messageId: "unfilteredInput" as const,
    node: at,
    data: { secrets: quotedFields(secrets), model: store.model.name, envVars: envVarsOf(secrets) },
    ...(secrets.length === 1 ? { secret: secrets[0]!.field } : {}),
    ...(carried || !contains(writer, at) ? related(site, at, node) : {}),
  };
  // A parameter of a declared type: its callers decide, or, with none, here.
  if (input.fromParam && !input.at && contains(input.fromParam, node)) an.provisional(finding);
  else an.report(finding);
  for (const secret of secrets) recordAdminInput(an, accepting.get(secret)!, secret, store, steps(secret).at(-1));
}

/** The input (or the nested input of one of its keys) whose shape lets the last of `steps` through, if any. */
function shapeHolding(input: InputAtom, steps: readonly string[]): InputAtom | undefined {
  let holder = input;
  for (const [index, step] of steps.entries()) {
    if (!shapeHasKey(holder.shape, step)) return undefined;
    if (index === steps.length - 1) return holder;
    const nested = holder.shape.keys.get(step)?.shape;
    // A key whose value the shape does not describe (`z.any()`, an open body) may hold anything below it.
    if (!nested) return holder;
    holder = { ...holder, shape: nested };
  }
  return undefined;
}

function reportSecretWrite(site: WriteSite, secret: SecretEntry, node: TS.Node, value: Value, object: ObjectAtom): void {
  const { an, store, call, cx } = site;
  const writer = an.ev.ownerOf(call);
  const inWriter = contains(writer, node);
  // The value came from a caller's argument: the finding goes where it entered, at the call site.
  const carried = value.find((atom) => atom.at !== undefined)?.at;
  if (carried) an.cover(node);
  // An object a builder function returned (not a caller's): where the data enters the write.
  // (A builder in the same file keeps the finding at its property.)
  const built = !inWriter && object.at === undefined && node.getSourceFile() !== call.getSourceFile() ? site.dataNode : undefined;
  const at = carried ?? built ?? node;
  const throughHelper = cx.via !== undefined && !contains(writer, at);
  const sealed = value.some((atom) => atom.k === "opaque" && atom.why === "call" && atom.name !== undefined && SEALING_NAME.test(atom.name) && !/decrypt|decode|unseal/i.test(atom.name));
  const data = { secret: secret.field, model: store.model.name, envVar: envVarOf(secret) };
  const helper = cx.via ? codeNameOf(an.ts, cx.via.expression) : "a helper";
  const finding = {
    category: "secret-settings-write" as const,
    messageId: throughHelper ? ("secretWriteThroughHelper" as const) : sealed ? ("encryptedSecretWrite" as const) : ("secretWrite" as const),
    node: at,
    data: throughHelper ? { ...data, helper } : data,
    secret: secret.field,
    ...(throughHelper ? related(site, at, node) : {}),
    ...(throughHelper ? {} : suggestion(an, at, secret)),
  };
  // A parameter written as it is (or sealed, or null when it is absent): its callers decide (the finding moves to them), or, with none, here.
  const decisive = value.filter((atom) => atom.k !== "const" && !(atom.k === "opaque" && atom.why === "call"));
  if (!carried && decisive.length > 0 && decisive.every((atom) => atom.fromParam !== undefined && contains(atom.fromParam, node))) an.provisional(finding);
  else an.report(finding);
  recordAdminInputs(an, value, secret, store);
}

/**
 * The write inside a helper, for a finding at the call site: the written property (where the
 * editor, which sees the helper's file alone, reports it), else the write call.
 */
function related(site: WriteSite, node: TS.Node, written: TS.Node = site.call): { related?: readonly { node: TS.Node; message: string }[] } {
  const { an, call, store } = site;
  if (contains(an.ev.ownerOf(call), node)) return {};
  return { related: [{ node: contains(an.ev.ownerOf(call), written) ? written : call, message: `the ${store.model.name} write` }] };
}

/** The suggestion to remove a secret property from an object literal. */
function suggestion(an: SiteAnalysis, node: TS.Node, secret: SecretEntry): { suggestions?: readonly EngineSuggestion[] } {
  const ts = an.ts;
  if (!(ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) || !ts.isObjectLiteralExpression(node.parent)) return {};
  const edit = removePropertyEdit(an, node, node.parent);
  return { suggestions: [{ messageId: "removeSecretProperty", data: { secret: secret.field }, edits: [edit] }] };
}

/**
 * Removes `property` from `object`: its whole line when it sits on a line of its own, else the
 * property with the comma after it (or before it, when it is the last one).
 */
function removePropertyEdit(an: SiteAnalysis, property: TS.ObjectLiteralElementLike, object: TS.ObjectLiteralExpression): { start: number; end: number; text: string } {
  const file = property.getSourceFile();
  const text = file.text;
  const start = property.getStart(file);
  let cursor = property.end;
  while (cursor < text.length && /\s/.test(text[cursor]!)) cursor++;
  const hasComma = text[cursor] === ",";
  const end = hasComma ? cursor + 1 : property.end;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEnd = text.indexOf("\n", end);
  const ownLine = text.slice(lineStart, start).trim() === "" && (lineEnd === -1 ? text.slice(end) : text.slice(end, lineEnd)).trim() === "";
  if (ownLine) return { start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, text: "" };
  if (hasComma) {
    let next = end;
    while (next < text.length && /\s/.test(text[next]!)) next++;
    return { start, end: next, text: "" };
  }
  let before = start - 1;
  while (before >= 0 && /\s/.test(text[before]!)) before--;
  if (text[before] === "," && object.properties.length > 1) return { start: before, end: property.end, text: "" };
  void an;
  return { start: object.getStart(file), end: object.end, text: "{}" };
}
