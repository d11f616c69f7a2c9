/**
 * The analysis of a file: walk it once for sites (calls, SQL templates, choices between values,
 * endpoint returns), evaluate what reaches each, and report. A call to a function of the project
 * re-checks that function's sites with the call's arguments in place of its parameters (its
 * summary applied), so a secret passed to a helper that writes it is reported at the call, and a
 * helper that picks the database value first is reported inside the helper.
 */
import { PRISMA_RAW_SQL_METHODS, PRISMA_WRITE_METHODS } from "@secret-guardrails/core";
import type { AdminInputUse, EngineFinding, SecretClear, SiteAnalysis, SiteContext } from "./analysis-api.js";
import { DemandEvaluator, MAX_CALL_DEPTH } from "./evaluate.js";
import type { Evaluator, EvaluatorHost } from "./evaluator-api.js";
import { checkConsumer } from "./sinks/consumers.js";
import { checkAssignChoice, checkChoice, checkDestructuringDefault, checkLetChoice, checkObjectChoice, checkOrder, checkReturnsChoice } from "./sinks/decisions.js";
import { checkEndpointReturns, checkResponseCall, reportAdminInputs } from "./sinks/responses.js";
import { checkSqlTemplate, checkWriteCall } from "./sinks/writes.js";
import { isFunctionLike, isPresenceContext, unwrap, type FunctionLike } from "./syntax.js";
import type { TS, Ts } from "./ts.js";
import { endpointsOf } from "./endpoints.js";
import { focusedStatements, type Focus } from "./focus.js";
import type { Bindings, Value } from "./values.js";

/** What the analysis of one file found. */
export interface FileAnalysis {
  readonly findings: readonly EngineFinding[];
  /** Writes that set a registered secret to null. */
  readonly clears: readonly SecretClear[];
  /** Writes that set keys the engine cannot name to null (a cleanup over a key list it cannot see). */
  readonly unknownClears: readonly TS.Node[];
}

export interface AnalysisHost extends EvaluatorHost {
  /** Milliseconds one file may take before its analysis stops with {@link AnalysisBudgetError}. */
  readonly fileBudgetMs?: number;
}

/** A file's analysis ran out of its time budget: the driver reports it as not analysed. */
export class AnalysisBudgetError extends Error {
  constructor(readonly file: string, readonly budgetMs: number) {
    super(`the analysis of ${file} took longer than ${budgetMs} ms`);
    this.name = "AnalysisBudgetError";
  }
}

const STANDALONE: SiteContext = { depth: 0, stack: [] };

export class Analysis implements SiteAnalysis {
  readonly ev: Evaluator;
  readonly ts: Ts;
  private readonly sites = new WeakMap<TS.Node, readonly TS.Node[]>();
  /** Re-checks done, per function: the fingerprints of the arguments they were done with. */
  private readonly rechecked = new Map<FunctionLike, Set<string>>();
  private readonly writers = new Map<FunctionLike, boolean>();
  private readonly paramSites = new Map<FunctionLike, Map<TS.Node, boolean>>();
  private readonly provisionals = new Map<string, EngineFinding>();
  private readonly covered = new Set<string>();
  private findings: EngineFinding[] = [];
  private seen = new Map<string, number>();
  /** Admin inputs that reached a settings write, for `secret-in-admin-input`. */
  readonly adminInputUses: AdminInputUse[] = [];
  readonly clears: SecretClear[] = [];
  readonly unknownClears: TS.Node[] = [];
  private deadline = Infinity;
  private currentFile = "";

  constructor(readonly host: AnalysisHost) {
    this.ev = new DemandEvaluator(host);
    this.ts = host.ts;
  }

  /**
   * Every finding of one file (with what its calls reach in other files the host resolves). With a
   * `focus` (a file analysed as a caller of relevant helpers), only the statements that use what
   * those helpers export are checked (see {@link focusedStatements}).
   */
  analyzeFile(file: TS.SourceFile, focus?: Focus): FileAnalysis {
    this.findings = [];
    this.seen = new Map();
    this.adminInputUses.length = 0;
    this.clears.length = 0;
    this.unknownClears.length = 0;
    this.currentFile = this.host.relativePath(file);
    this.deadline = this.host.fileBudgetMs === undefined ? Infinity : performance.now() + this.host.fileBudgetMs;
    const statements = focus ? focusedStatements(this.ts, file, focus) : undefined;
    for (const statement of statements ?? [file]) {
      for (const site of this.sitesOf(statement)) this.checkSite(site, STANDALONE);
    }
    for (const endpoint of endpointsOf(this.ev, file).values()) {
      if (endpoint.admin) checkEndpointReturns(this, endpoint);
    }
    reportAdminInputs(this, file);
    return { findings: this.findings, clears: [...this.clears], unknownClears: [...this.unknownClears] };
  }

  /** The value of an expression at a site: parameters of re-checked calls substituted, the rest as declared. */
  value(expression: TS.Expression, cx: SiteContext): Value {
    const raw = this.ev.valueOf(expression);
    return this.ev.concretize(cx.bindings ? this.ev.substitute(raw, cx.bindings) : raw);
  }

  /** Like {@link value} for a value already computed. */
  resolve(value: Value, cx: SiteContext): Value {
    return this.ev.concretize(cx.bindings ? this.ev.substitute(value, cx.bindings) : value);
  }

  report(finding: EngineFinding): void {
    const file = finding.node.getSourceFile();
    const key = [finding.category, finding.messageId, file.fileName, finding.node.getStart(file), finding.node.end, finding.secret ?? ""].join("\0");
    const known = this.seen.get(key);
    if (known !== undefined) {
      // The same finding found again with suggestions (a narrower site) keeps them.
      if (finding.suggestions && !this.findings[known]!.suggestions) this.findings[known] = finding;
      return;
    }
    this.seen.set(key, this.findings.length);
    this.findings.push(finding);
  }

  private checkSite(node: TS.Node, cx: SiteContext): void {
    const ts = this.ts;
    if (performance.now() > this.deadline) throw new AnalysisBudgetError(this.currentFile, this.host.fileBudgetMs ?? 0);
    if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
      if (ts.isCallExpression(node)) {
        checkWriteCall(this, node, cx);
        checkResponseCall(this, node, cx);
      } else {
        checkResponseCall(this, node, cx);
      }
      checkConsumer(this, node, cx);
      if (ts.isCallExpression(node)) checkAssignChoice(this, node, cx);
      if (ts.isCallExpression(node) && !isPresenceContext(ts, node) && this.picksAValue(node, cx)) checkOrder(this, this.value(node, cx), "dbBeforeEnv");
      this.recheckCallee(node, cx);
      return;
    }
    if (ts.isTaggedTemplateExpression(node)) {
      checkSqlTemplate(this, node, cx);
      return;
    }
    if (ts.isBinaryExpression(node) || ts.isConditionalExpression(node)) {
      if (!isPresenceContext(ts, node)) checkChoice(this, node, cx);
      return;
    }
    if (isFunctionLike(ts, node)) {
      checkReturnsChoice(this, node, cx);
      return;
    }
    if (ts.isVariableDeclaration(node)) {
      checkLetChoice(this, node, cx);
      return;
    }
    if (ts.isBindingElement(node)) {
      checkDestructuringDefault(this, node, cx);
      return;
    }
    if (ts.isObjectLiteralExpression(node)) {
      checkObjectChoice(this, node, cx);
    }
  }

  /**
   * Does a call choose one of its inputs (`[a, b].find(Boolean)`, `values.at(0)`, a project helper
   * such as `firstDefined(a, b)`)? Its result is then a decision between them, like `a ?? b`.
   */
  private picksAValue(call: TS.CallExpression, cx: SiteContext): boolean {
    const ts = this.ts;
    const callee = unwrap(ts, call.expression);
    if (ts.isPropertyAccessExpression(callee)) return PICKING_METHODS.has(callee.name.text);
    return this.calleesOf(call, cx).some((target) => target.fn.body !== undefined);
  }

  /** A call of a project function: check its sites again with the call's arguments for its parameters. */
  private recheckCallee(call: TS.CallExpression | TS.NewExpression, cx: SiteContext): void {
    const ts = this.ts;
    if (cx.depth >= MAX_CALL_DEPTH) return;
    const targets = this.calleesOf(call, cx);
    if (targets.length === 0) return;
    const args = (call.arguments ?? []).map((argument) =>
      tagArgument(ts.isSpreadElement(argument) ? this.ev.elementOf(this.rawValue(argument.expression, cx)) : this.rawValue(argument, cx), argument),
    );
    // Only what can make a difference is followed into the callee: arguments that carry a secret, a
    // row, input, a delegate, the env or a secret key, or any argument of a function that writes.
    const interesting = args.some((arg) => carriesInterest(arg, this.ev));
    const fingerprint = args.map((arg) => fingerprintOf(arg)).join("|");
    for (const target of targets) {
      if (cx.stack.includes(target.fn)) continue;
      if (!interesting && !this.writesSettings(target.fn)) continue;
      let done = this.rechecked.get(target.fn);
      if (!done) {
        done = new Set();
        this.rechecked.set(target.fn, done);
      }
      if (done.has(fingerprint)) continue;
      done.add(fingerprint);
      const bindings = new Map(cx.bindings ?? []);
      for (const [fn, values] of target.bindings ?? []) bindings.set(fn, values);
      bindings.set(target.fn, args);
      const inner: SiteContext = { bindings, depth: cx.depth + 1, stack: [...cx.stack, target.fn], via: cx.via ?? call };
      for (const site of this.sitesOf(target.fn)) {
        if (this.dependsOnBindings(site, inner)) this.checkSite(site, inner);
      }
    }
  }

  /**
   * Does a function write into a settings store (a Prisma write or raw SQL), itself or through the
   * project functions it calls? Its callers' arguments then matter whatever they are.
   */
  writesSettings(fn: FunctionLike): boolean {
    const known = this.writers.get(fn);
    if (known !== undefined) return known;
    this.writers.set(fn, false);
    const ts = this.ts;
    let writes = false;
    for (const site of this.sitesOf(fn)) {
      if (!ts.isCallExpression(site) && !ts.isTaggedTemplateExpression(site)) continue;
      if (ts.isTaggedTemplateExpression(site) || isWriteCallSyntax(ts, site)) {
        writes = true;
        break;
      }
      for (const target of this.ev.functionsOf(this.ev.valueOf(unwrap(ts, site.expression)))) {
        if (target.fn !== fn && target.fn.body && this.writesSettings(target.fn)) {
          writes = true;
          break;
        }
      }
      if (writes) break;
    }
    this.writers.set(fn, writes);
    return writes;
  }

  /**
   * A finding on a value a parameter brings (no call substitutes it yet): kept until the end, and
   * dropped when a call of the function is checked with real arguments (the finding then goes to
   * the call site). `finish()` reports the ones no call covered.
   */
  provisional(finding: EngineFinding): void {
    const key = nodeKey(finding.node);
    if (this.covered.has(key) || this.provisionals.has(key)) return;
    this.provisionals.set(key, finding);
  }

  /** A call covered the provisional finding at `node` (its argument decided). */
  cover(node: TS.Node): void {
    const key = nodeKey(node);
    this.covered.add(key);
    this.provisionals.delete(key);
  }

  /** The provisional findings no call covered (call once every file is analysed). */
  finish(): EngineFinding[] {
    const remaining = [...this.provisionals.values()];
    this.provisionals.clear();
    return remaining;
  }

  /** The value with the current bindings substituted but other parameters kept symbolic (for arguments). */
  private rawValue(expression: TS.Expression, cx: SiteContext): Value {
    const raw = this.ev.valueOf(expression);
    return cx.bindings ? this.ev.substitute(raw, cx.bindings) : raw;
  }

  /** The project functions a call reaches (a constructor for `new`), with the bindings of their class. */
  private calleesOf(call: TS.CallExpression | TS.NewExpression, cx: SiteContext): { fn: FunctionLike; bindings?: Bindings }[] {
    const ts = this.ts;
    const callee = unwrap(ts, call.expression);
    if (ts.isNewExpression(call)) {
      const result: { fn: FunctionLike; bindings?: Bindings }[] = [];
      for (const atom of this.rawValue(callee, cx)) {
        if (atom.k !== "class") continue;
        const constructor = this.ev.constructorOf(atom.cls);
        if (constructor) result.push({ fn: constructor });
      }
      return result;
    }
    const found = this.ev.functionsOf(this.rawValue(callee, cx));
    if (found.length > 0) return found;
    // A method of an injected service (`this.settingsService.update(...)`): the class its declared type names.
    return this.ev.functionsOf(this.ev.concretize(this.rawValue(callee, cx)));
  }

  /** Does a site of a re-checked function depend on the parameters being substituted? */
  private dependsOnBindings(site: TS.Node, cx: SiteContext): boolean {
    if (!cx.bindings) return true;
    // Only a site whose values involve a parameter can tell something new with the arguments in place.
    const target = cx.stack.at(-1)!;
    let byTarget = this.paramSites.get(target);
    if (!byTarget) {
      byTarget = new Map();
      this.paramSites.set(target, byTarget);
    }
    let depends = byTarget.get(site);
    if (depends === undefined) {
      depends = this.siteValues(site).some((value) => mentionsParam(value, 0));
      byTarget.set(site, depends);
    }
    return depends;
  }

  /** The values a site's check evaluates (symbolically: parameters left in place). */
  private siteValues(site: TS.Node): Value[] {
    const ts = this.ts;
    const ev = this.ev;
    if (ts.isCallExpression(site) || ts.isNewExpression(site)) {
      const callee = unwrap(ts, site.expression);
      const values = [ev.valueOf(callee)];
      if (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) values.push(ev.valueOf(callee.expression));
      for (const argument of site.arguments ?? []) values.push(ev.valueOf(ts.isSpreadElement(argument) ? argument.expression : argument));
      return values;
    }
    if (ts.isTaggedTemplateExpression(site)) return ts.isTemplateExpression(site.template) ? site.template.templateSpans.map((span) => ev.valueOf(span.expression)) : [];
    if (isFunctionLike(ts, site)) return [ev.returnsOf(site)];
    if (ts.isVariableDeclaration(site) && ts.isIdentifier(site.name)) {
      const binding = ev.scopes.lookupName(site, site.name.text);
      return binding ? [ev.bindingValue(binding)] : [];
    }
    if (ts.isBindingElement(site) && site.initializer) return [ev.valueOf(site.initializer), ...(ts.isIdentifier(site.name) ? [ev.identifierValue(site.name)] : [])];
    if (ts.isObjectLiteralExpression(site) || ts.isExpression(site)) return [ev.valueOf(site as TS.Expression)];
    return [];
  }

  /** The sites of a file or function: the nodes the sinks look at, in source order. */
  sitesOf(root: TS.Node): readonly TS.Node[] {
    const cached = this.sites.get(root);
    if (cached) return cached;
    const ts = this.ts;
    const result: TS.Node[] = [];
    const visit = (node: TS.Node): void => {
      if (
        ts.isCallExpression(node) ||
        ts.isNewExpression(node) ||
        ts.isTaggedTemplateExpression(node) ||
        ts.isConditionalExpression(node) ||
        ts.isObjectLiteralExpression(node) ||
        (ts.isBinaryExpression(node) && isChoiceOperator(ts, node.operatorToken.kind)) ||
        (isFunctionLike(ts, node) && node !== root) ||
        (ts.isVariableDeclaration(node) && !(node.parent.flags & ts.NodeFlags.Const)) ||
        (ts.isBindingElement(node) && node.initializer !== undefined)
      ) {
        result.push(node);
      }
      ts.forEachChild(node, visit);
    };
    if (isFunctionLike(ts, root)) {
      result.push(root);
      for (const parameter of root.parameters) visit(parameter);
      if (root.body) visit(root.body);
    } else {
      ts.forEachChild(root, visit);
    }
    this.sites.set(root, result);
    return result;
  }
}

/** Does a value hold a parameter (deep in objects, arrays, key-value reads and rows keyed by one)? */
function mentionsParam(value: Value, depth: number): boolean {
  if (depth > 4) return false;
  for (const atom of value) {
    switch (atom.k) {
      case "param":
        return true;
      case "object":
        if (atom.entries.some((entry) => entry.kind !== "delete" && mentionsParam(entry.value, depth + 1))) return true;
        break;
      case "array":
        if (mentionsParam(atom.element, depth + 1)) return true;
        break;
      case "kvValue":
        if (atom.key.length > 0) return true;
        break;
      case "row":
        if (atom.kvKey && mentionsParam(atom.kvKey, depth + 1)) return true;
        break;
      case "instance":
        if (atom.bindings) return true;
        break;
      case "function":
        // A closure over the function's parameters: its own sites are checked where it is called.
        break;
      default:
        break;
    }
  }
  return false;
}

/** Does a value carry anything a sink reacts to (deep in objects and arrays)? */
function carriesInterest(value: Value, ev: Evaluator, depth = 0): boolean {
  if (depth > 4) return false;
  for (const atom of value) {
    switch (atom.k) {
      case "secret":
      case "row":
      case "input":
      case "delegate":
      case "envObject":
      case "kvValue":
      case "env":
        return true;
      case "object":
        if (
          atom.entries.some(
            (entry) => entry.kind === "computed" || (entry.kind === "prop" && ev.isSecretKey(entry.key)) || (entry.kind !== "delete" && carriesInterest(entry.value, ev, depth + 1)),
          )
        ) {
          return true;
        }
        break;
      case "array":
        if (carriesInterest(atom.element, ev, depth + 1)) return true;
        break;
      case "instance":
        if (atom.bindings && [...atom.bindings.values()].some((args) => args.some((arg) => carriesInterest(arg, ev, depth + 1)))) return true;
        break;
      default:
        break;
    }
  }
  return false;
}

/** A key for a value: its atoms' kinds and the places they come from (what a re-check depends on). */
function fingerprintOf(value: Value, depth = 0): string {
  if (depth > 3) return "…";
  return value
    .map((atom) => {
      switch (atom.k) {
        case "secret":
          return `s:${atom.secret.field}:${atom.origin}:${atom.node.pos}:${atom.derived ? 1 : 0}`;
        case "row":
          return `r:${atom.store.model.name}${atom.jsonPath === undefined ? "" : `.${atom.jsonPath}`}:${atom.node.pos}:${[...(atom.omitted ?? [])].join(",")}:${atom.picked ? [...atom.picked.keys()].join(",") : "*"}`;
        case "input":
          return `i:${atom.node.pos}:${[...atom.shape.keys.keys()].join(",")}:${atom.shape.open ? 1 : 0}:${[...(atom.shape.removed ?? [])].join(",")}`;
        case "object":
          return `o:${atom.node.pos}{${atom.entries.map((entry) => (entry.kind === "delete" ? `-${entry.key}` : `${entry.kind === "prop" ? entry.key : entry.kind}=${fingerprintOf(entry.value, depth + 1)}`)).join(";")}}`;
        case "array":
          return `a[${fingerprintOf(atom.element, depth + 1)}]`;
        case "param":
          return `p:${atom.fn.pos}:${atom.index}:${atom.path.map((step) => step.key).join(".")}`;
        case "const":
          return `c:${String(atom.value)}`;
        case "delegate":
          return `d:${atom.store.model.name}`;
        default:
          return atom.k + ("node" in atom ? `:${(atom.node as TS.Node).pos}` : "");
      }
    })
    .join(",");
}

/** A value passed as an argument: findings on the whole value point at the outermost call's argument. */
function tagArgument(value: Value, argument: TS.Node): Value {
  return value.map((atom) => (atom.at ? atom : { ...atom, at: argument }));
}

/** Array methods whose result is one of the array's items, the first that passes. */
const PICKING_METHODS: ReadonlySet<string> = new Set(["find", "findLast", "at"]);

function nodeKey(node: TS.Node): string {
  return `${node.getSourceFile().fileName}\0${node.pos}\0${node.end}`;
}

/** `x.create(...)`, `x.update(...)`, `x.$executeRaw(...)`: the syntax of a settings write (any receiver). */
function isWriteCallSyntax(ts: Ts, call: TS.CallExpression): boolean {
  const callee = unwrap(ts, call.expression);
  if (!ts.isPropertyAccessExpression(callee)) return false;
  const name = callee.name.text;
  if (PRISMA_WRITE_METHODS.has(name) || PRISMA_RAW_SQL_METHODS.has(name)) return true;
  // Drizzle: `db.update(t).set(...)`, `db.insert(t).values(...)` and the upserts after them.
  if (name === "set" || name === "values" || name === "onConflictDoUpdate" || name === "onDuplicateKeyUpdate") {
    const receiver = unwrap(ts, callee.expression);
    if (!ts.isCallExpression(receiver)) return false;
    const previous = unwrap(ts, receiver.expression);
    return ts.isPropertyAccessExpression(previous) && ["update", "insert", "values"].includes(previous.name.text);
  }
  return false;
}

function isChoiceOperator(ts: Ts, op: TS.SyntaxKind): boolean {
  return (
    op === ts.SyntaxKind.QuestionQuestionToken ||
    op === ts.SyntaxKind.BarBarToken ||
    op === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    op === ts.SyntaxKind.BarBarEqualsToken
  );
}
