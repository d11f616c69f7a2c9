/**
 * Every write into a settings model, followed to the place each secret enters it: Prisma writes
 * (`create`, `update`, `upsert` ... on a settings delegate, its aliases, `tx` of `$transaction`,
 * class fields holding the delegate), their data through variables, spreads, schemas and local
 * helpers, and through the parameters of shared helpers to every call site in the project; and raw
 * SQL that sets secret columns. Also collects the writes that clear secrets (`null`), for the
 * cleanup check. Computed once per project and registry, shared by the write-side checks.
 */
import { Node, SyntaxKind } from "../ts-morph.js";
import type { CallExpression, SourceFile } from "ts-morph";
import { PRISMA_WRITE_METHODS, findSecretSqlWrites, looksLikeSqlWrite, writeDataKeys, type SecretEntry, type SecretRegistry } from "@secret-guardrails/core";
import type { CheckContext } from "../check.js";
import { callSitesOf } from "./call-sites.js";
import { ObjectFlow, calledFunction, expressionAt, type Origin, type ParamPart, type Value } from "./object-flow.js";
import { rawSqlSitesIn, sqlClearedSecrets, sqlDynamicColumnWrites } from "./raw-sql.js";
import { accessedName, declarationsOf, isSettingsDelegate, propertyNameText, settingsDelegateCall, unwrapExpression } from "./syntax.js";

/** Where a secret (or an unprovable set of keys) enters a settings write. */
export interface SecretWrite {
  readonly kind: "secret" | "unknown" | "sql";
  /** The report location: the property, spread, data expression, call-site argument or SQL text. */
  readonly node: Node;
  readonly secrets: readonly SecretEntry[];
  /** `unknown` only: why the keys cannot be proven. */
  readonly reason?: string;
  readonly model: string;
  /** The settings write call (or the raw SQL node). */
  readonly write: Node;
  /** The helper calls the data went through, outermost first (empty when the write is where the value is). */
  readonly via: readonly CallExpression[];
  /** The schema properties that accepted the secret (validated request input). */
  readonly origins: readonly Origin[];
}

/** A write that clears a registered secret (sets it to `null`). */
export interface SecretClear {
  readonly secret: SecretEntry;
  /** The data object (or SQL text) that clears it. */
  readonly node: Node;
  readonly write: Node;
}

export interface SettingsWriteAnalysis {
  readonly writes: readonly SecretWrite[];
  readonly clears: readonly SecretClear[];
  /** Writes that null keys that cannot be resolved (`data[key] = null`): cleanup of unknown coverage. */
  readonly unknownClears: readonly { readonly node: Node; readonly write: Node }[];
}

interface Site {
  readonly write: Node;
  readonly model: string;
  /** The write's delegate is a parameter of `fn`: only these calls of `fn` pass a settings delegate. */
  readonly delegateCalls?: { readonly fn: Node; readonly calls: readonly CallExpression[] };
}

const MAX_HOPS = 8;
const cache = new WeakMap<object, WeakMap<SecretRegistry, SettingsWriteAnalysis>>();

/** The settings writes of the context's project (computed once per project and registry). */
export function analyzeSettingsWrites(context: CheckContext): SettingsWriteAnalysis {
  let byRegistry = cache.get(context.project);
  if (!byRegistry) {
    byRegistry = new WeakMap();
    cache.set(context.project, byRegistry);
  }
  let analysis = byRegistry.get(context.registry);
  if (!analysis) {
    analysis = new Analyzer(context.registry).run(context.relevantFiles);
    byRegistry.set(context.registry, analysis);
  }
  return analysis;
}

class Analyzer {
  private readonly flow = new ObjectFlow();
  private readonly writes = new Map<string, SecretWrite>();
  private readonly clears: SecretClear[] = [];
  private readonly unknownClears: { node: Node; write: Node }[] = [];
  private readonly visited = new Set<string>();

  constructor(private readonly registry: SecretRegistry) {}

  run(files: readonly SourceFile[]): SettingsWriteAnalysis {
    if (this.registry.secrets.length > 0) {
      for (const file of files) {
        for (const write of settingsWritesIn(file, this.registry)) this.checkWrite(write);
        for (const site of rawSqlSitesIn(file)) this.checkSql(site.node, site.text);
      }
      for (const write of delegateParameterWrites(files, this.registry)) this.checkWrite(write);
    }
    const writes = [...this.writes.values()];
    return { writes, clears: this.clears, unknownClears: this.unknownClears };
  }

  private checkWrite(write: SettingsWrite): void {
    const arg = write.call.getArguments()[0];
    if (!arg || Node.isSpreadElement(arg)) return;
    const site: Site = { write: write.call, model: write.model, ...(write.delegateCalls ? { delegateCalls: write.delegateCalls } : {}) };
    const args = this.flow.evaluate(arg, arg);
    for (const key of writeDataKeys(write.method)) {
      const data = this.flow.get(args, key, arg);
      this.resolve(data, arg, site, [], 0);
    }
  }

  private checkSql(node: Node, text: string): void {
    if (!looksLikeSqlWrite(text)) return;
    for (const write of findSecretSqlWrites(text, this.registry)) {
      // Validated input interpolated into the statement (`${input.smtpPassword}`) keeps its schema origin.
      const fields = new Set(write.secrets.map((secret) => secret.field));
      const origins = interpolations(node).flatMap((expr) => this.flow.originsOf(expr)).filter((origin) => fields.has(origin.key));
      this.emit({ kind: "sql", node, secrets: write.secrets, model: write.model.name, write: node, via: [], origins });
    }
    for (const model of sqlDynamicColumnWrites(text, this.registry)) {
      this.emit({ kind: "unknown", node, secrets: [], reason: "a column name chosen at run time", model: model.name, write: node, via: [], origins: [] });
    }
    for (const clear of sqlClearedSecrets(text, this.registry)) {
      for (const secret of clear.secrets) this.clears.push({ secret, node, write: node });
    }
  }

  /** Turns the parts of a written value into findings, clears, or call-site lookups. */
  private resolve(value: Value, fallback: Node, site: Site, via: readonly CallExpression[], hops: number): void {
    for (const part of value.parts) {
      const node = part.node ?? fallback;
      if (part.kind === "key") {
        const secret = this.registry.secret(part.key);
        if (!secret) continue;
        if (!part.value) {
          this.emit({ kind: "secret", node, secrets: [secret], model: site.model, write: site.write, via, origins: part.origins });
          continue;
        }
        const kind = this.flow.valueKind(part.value);
        if (kind.kind === "null") this.clears.push({ secret, node: containerOf(node), write: site.write });
        else if (kind.kind === "param") this.resolveValueParameter(kind.parameter, kind.gets, secret, node, site, via, hops);
        else if (kind.kind === "value") {
          const origins = [...part.origins, ...this.flow.originsOf(writtenValue(part.value))];
          this.emit({ kind: "secret", node, secrets: [secret], model: site.model, write: site.write, via, origins });
        }
      } else if (part.kind === "unknown") {
        if (part.nullValues) {
          this.unknownClears.push({ node, write: site.write });
          continue;
        }
        if (this.registry.secrets.every((secret) => part.excluded.has(secret.field))) continue;
        this.emit({ kind: "unknown", node, secrets: [], reason: part.reason, model: site.model, write: site.write, via, origins: [] });
      } else {
        this.resolveParameter(part, node, site, via, hops);
      }
    }
  }

  /** A helper's parameter reaches the data: what each call site passes decides. */
  private resolveParameter(part: ParamPart, node: Node, site: Site, via: readonly CallExpression[], hops: number): void {
    const fn = part.parameter.getParentOrThrow();
    const calls = hops < MAX_HOPS ? callsOf(fn, site) : [];
    if (calls.length === 0) {
      const fallback = this.flow.applyOps(this.flow.parameterFallback(part.parameter, node), part.ops, node);
      this.resolve(fallback, node, site, via, hops + 1);
      return;
    }
    const index = parameterIndex(fn, part.parameter);
    for (const call of calls) {
      const key = `${nodeKey(call)}|${index}|${JSON.stringify(part.ops, (_, v: unknown) => (v instanceof Set ? [...v] : v))}|${nodeKey(site.write)}`;
      if (this.visited.has(key)) continue;
      this.visited.add(key);
      const arg = call.getArguments()[index];
      if (!arg) continue;
      if (Node.isSpreadElement(arg)) {
        this.emit({ kind: "unknown", node: arg, secrets: [], reason: "a spread argument", model: site.model, write: site.write, via: [call, ...via], origins: [] });
        continue;
      }
      const value = this.flow.applyOps(this.flow.evaluate(arg, arg), part.ops, arg);
      this.resolve(value, arg, site, [call, ...via], hops + 1);
    }
  }

  /** A helper writes a parameter's value into a secret column: what each call site passes decides. */
  private resolveValueParameter(
    parameter: Node,
    gets: readonly string[],
    secret: SecretEntry,
    node: Node,
    site: Site,
    via: readonly CallExpression[],
    hops: number,
  ): void {
    const fn = parameter.getParentOrThrow();
    const calls = hops < MAX_HOPS ? callsOf(fn, site) : [];
    if (calls.length === 0) {
      this.emit({ kind: "secret", node, secrets: [secret], model: site.model, write: site.write, via, origins: [] });
      return;
    }
    const index = parameterIndex(fn, parameter);
    for (const call of calls) {
      const key = `${nodeKey(call)}|${index}|${gets.join(".")}|${secret.field}|${nodeKey(site.write)}`;
      if (this.visited.has(key)) continue;
      this.visited.add(key);
      const arg = call.getArguments()[index];
      if (!arg || Node.isSpreadElement(arg)) continue;
      const at = expressionAt(arg, gets);
      if (!at) continue;
      const chain = [call, ...via];
      if (!at.exact) {
        // The argument's literals do not show the property: its value may (a schema-typed input).
        const value = this.flow.valueAt(at.node, at.rest);
        if (!value) continue;
        this.emit({ kind: "secret", node: at.node, secrets: [secret], model: site.model, write: site.write, via: chain, origins: value.origins });
        continue;
      }
      const kind = this.flow.valueKind(at.node);
      if (kind.kind === "null") this.clears.push({ secret, node: containerOf(at.node), write: site.write });
      else if (kind.kind === "param") this.resolveValueParameter(kind.parameter, kind.gets, secret, at.node, site, chain, hops + 1);
      else if (kind.kind === "value") {
        this.emit({ kind: "secret", node: at.node, secrets: [secret], model: site.model, write: site.write, via: chain, origins: this.flow.originsOf(at.node) });
      }
    }
  }

  /** One finding per report node and kind: secrets and origins merge. */
  private emit(write: SecretWrite): void {
    const key = `${nodeKey(write.node)}|${write.kind === "unknown" ? "unknown" : "secret"}`;
    const existing = this.writes.get(key);
    if (!existing) {
      this.writes.set(key, write);
      return;
    }
    const secrets = [...existing.secrets];
    for (const secret of write.secrets) if (!secrets.includes(secret)) secrets.push(secret);
    const origins = [...existing.origins];
    for (const origin of write.origins) if (!origins.some((o) => o.property === origin.property && o.schemaUse === origin.schemaUse)) origins.push(origin);
    this.writes.set(key, { ...existing, secrets, origins });
  }
}

export interface SettingsWrite {
  readonly call: CallExpression;
  readonly method: string;
  /** The settings model name. */
  readonly model: string;
  /** The delegate is a parameter of `fn` (`function save(table, data) { table.update(...) }`): the calls passing a settings delegate. */
  readonly delegateCalls?: { readonly fn: Node; readonly calls: readonly CallExpression[] };
}

const writesCache = new WeakMap<SourceFile, WeakMap<SecretRegistry, FileScan>>();

/**
 * Prisma write calls on a settings delegate in a file (cached): `x.systemSettings.update(...)`,
 * aliases, `tx.systemSettings`, and `this.table.update(...)` where the class field holds the delegate.
 */
export function settingsWritesIn(sourceFile: SourceFile, registry: SecretRegistry): readonly SettingsWrite[] {
  return scanFile(sourceFile, registry).writes;
}

interface FileScan {
  readonly writes: SettingsWrite[];
  /** Calls that pass a settings delegate as an argument (`updateSingleton(db.systemSettings, data)`). */
  readonly delegateArguments: { readonly call: CallExpression; readonly index: number }[];
}

function scanFile(sourceFile: SourceFile, registry: SecretRegistry): FileScan {
  let byRegistry = writesCache.get(sourceFile);
  if (!byRegistry) {
    byRegistry = new WeakMap();
    writesCache.set(sourceFile, byRegistry);
  }
  const cached = byRegistry.get(registry);
  if (cached) return cached;
  const scan: FileScan = { writes: [], delegateArguments: [] };
  // A class field can hold the delegate only where the file names it (`table = prisma.systemSettings`).
  const text = sourceFile.getFullText();
  const namesDelegate = registry.settingsModels.some((model) => text.includes(model.delegate));
  for (const call of sourceFile.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const callee = unwrapExpression(call.getExpression());
    if (namesDelegate) {
      call.getArguments().forEach((arg, index) => {
        const target = unwrapExpression(arg);
        if (Node.isPropertyAccessExpression(target) && registry.isSettingsDelegate(target.getName())) {
          scan.delegateArguments.push({ call, index });
        }
      });
    }
    if (!Node.isPropertyAccessExpression(callee) || !PRISMA_WRITE_METHODS.has(callee.getName())) continue;
    const direct = settingsDelegateCall(call, registry);
    const delegate =
      direct?.delegate ?? (namesDelegate && isClassFieldDelegate(callee.getExpression(), registry) ? callee.getExpression() : undefined);
    if (delegate) scan.writes.push({ call, method: callee.getName(), model: modelOfDelegate(delegate, registry) });
  }
  byRegistry.set(registry, scan);
  return scan;
}

/**
 * Writes inside generic helpers that receive the delegate as a parameter: for the calls that pass a
 * settings delegate (`updateSingleton(db.systemSettings, data)`), the helper's `table.update(...)` on
 * that parameter. Only those calls count for the data (`updateSingleton(db.user, ...)` is not a settings write).
 */
export function delegateParameterWrites(files: readonly SourceFile[], registry: SecretRegistry): SettingsWrite[] {
  const byParameter = new Map<Node, { fn: Node; delegate: Node; calls: CallExpression[] }>();
  for (const file of files) {
    for (const { call, index } of scanFile(file, registry).delegateArguments) {
      const fn = calledFunction(unwrapExpression(call.getExpression()));
      const parameter = fn ? parametersOf(fn)[index] : undefined;
      if (!fn || !parameter) continue;
      const entry = byParameter.get(parameter) ?? { fn, delegate: call.getArguments()[index]!, calls: [] };
      if (!entry.calls.includes(call)) entry.calls.push(call);
      byParameter.set(parameter, entry);
    }
  }
  const writes: SettingsWrite[] = [];
  for (const [parameter, { fn, delegate, calls }] of byParameter) {
    for (const call of fn.getDescendantsOfKind(SyntaxKind.CallExpression)) {
      const callee = unwrapExpression(call.getExpression());
      if (!Node.isPropertyAccessExpression(callee) || !PRISMA_WRITE_METHODS.has(callee.getName())) continue;
      const receiver = unwrapExpression(callee.getExpression());
      if (!Node.isIdentifier(receiver) || !declarationsOf(receiver).includes(parameter)) continue;
      writes.push({ call, method: callee.getName(), model: modelOfDelegate(delegate, registry), delegateCalls: { fn, calls } });
    }
  }
  return writes;
}

/** The calls of `fn` that matter for a write: all of them, or those passing a settings delegate. */
function callsOf(fn: Node, site: Site): readonly CallExpression[] {
  const calls = callSitesOf(fn);
  return site.delegateCalls && site.delegateCalls.fn === fn ? calls.filter((call) => site.delegateCalls!.calls.includes(call)) : calls;
}

/** `this.table` / `repo.table` whose declaration is initialised with a settings delegate. */
function isClassFieldDelegate(node: Node, registry: SecretRegistry): boolean {
  const target = unwrapExpression(node);
  if (!Node.isPropertyAccessExpression(target)) return false;
  for (const declaration of declarationsOf(target.getNameNode())) {
    if (Node.isPropertyDeclaration(declaration) || Node.isPropertyAssignment(declaration)) {
      const initializer = declaration.getInitializer();
      if (initializer && isSettingsDelegate(initializer, registry)) return true;
    }
    if (Node.isGetAccessorDeclaration(declaration)) {
      const returned = declaration.getDescendantsOfKind(SyntaxKind.ReturnStatement)[0]?.getExpression();
      if (returned && isSettingsDelegate(returned, registry)) return true;
    }
  }
  return false;
}

/** The settings model a delegate expression stands for (`ctx.db.systemSettings`, an alias of it). */
export function modelOfDelegate(delegate: Node, registry: SecretRegistry): string {
  const fallback = registry.settingsModels[0]?.name ?? "settings";
  let target = unwrapExpression(delegate);
  for (let hops = 0; hops < 6; hops++) {
    if (Node.isPropertyAccessExpression(target) || Node.isElementAccessExpression(target)) {
      const name = accessedName(target);
      const model = registry.settingsModels.find((m) => m.delegate === name);
      if (model) return model.name;
      if (Node.isPropertyAccessExpression(target)) {
        const declaration = declarationsOf(target.getNameNode())[0];
        const initializer = declaration && (Node.isPropertyDeclaration(declaration) || Node.isPropertyAssignment(declaration)) ? declaration.getInitializer() : undefined;
        if (initializer) {
          target = unwrapExpression(initializer);
          continue;
        }
      }
      return fallback;
    }
    if (!Node.isIdentifier(target)) return fallback;
    const declaration = declarationsOf(target)[0];
    if (Node.isBindingElement(declaration)) {
      const name = propertyNameText(declaration.getPropertyNameNode() ?? declaration.getNameNode());
      return registry.settingsModels.find((m) => m.delegate === name)?.name ?? fallback;
    }
    const initializer = Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined;
    if (!initializer) return fallback;
    target = unwrapExpression(initializer);
  }
  return fallback;
}

/** The value a Prisma scalar write sets: `x` of `{ set: x }`, else the expression itself. */
function writtenValue(expr: Node): Node {
  const target = unwrapExpression(expr);
  if (!Node.isObjectLiteralExpression(target)) return expr;
  const set = target.getProperty("set");
  return set && Node.isPropertyAssignment(set) ? (set.getInitializer() ?? expr) : expr;
}

/** The interpolated expressions of a SQL template. */
function interpolations(node: Node): Node[] {
  return Node.isTemplateExpression(node) ? node.getTemplateSpans().map((span) => span.getExpression()) : [];
}

/** The object literal a property belongs to (the data object of a cleanup write). */
function containerOf(node: Node): Node {
  const parent = node.getParent();
  return Node.isObjectLiteralExpression(parent) ? parent : node;
}

function parametersOf(fn: Node): Node[] {
  return (fn as Node & { getParameters?(): Node[] }).getParameters?.() ?? [];
}

function parameterIndex(fn: Node, parameter: Node): number {
  return parametersOf(fn).indexOf(parameter);
}

function nodeKey(node: Node): string {
  return `${node.getSourceFile().getFilePath()}:${node.getStart()}:${node.getEnd()}`;
}
