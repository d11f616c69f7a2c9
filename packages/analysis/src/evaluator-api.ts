/**
 * What the helper modules (calls, endpoints, schemas, types, frameworks, sinks) see of the
 * evaluator: the queries they make while the evaluator is computing a value. The evaluator
 * (evaluate.ts) implements it; the helpers take it as a parameter, so they never import
 * evaluate.ts and the recursion between them goes through these methods, not through modules.
 */
import type { SecretEntry, SecretRegistry } from "@secret-guardrails/core";
import type { Binding, Scopes } from "./scope.js";
import type { FunctionLike } from "./syntax.js";
import type { TS, Ts } from "./ts.js";
import type { Bindings, ObjectAtom, RowAtom, Store, Value } from "./values.js";

export interface EvaluatorHost {
  readonly ts: Ts;
  readonly registry: SecretRegistry;
  /** The file a module specifier names, when the analysis follows imports (the checker); undefined stays opaque. */
  resolveModule?(from: TS.SourceFile, specifier: string): TS.SourceFile | undefined;
  /** Root-relative POSIX path of a file (route handlers are recognised by it). */
  relativePath(file: TS.SourceFile): string;
  /** Type information, when the driver has it: extra evidence, never required. */
  readonly checker?: TS.TypeChecker;
  /**
   * Every file of the project, when the driver has them (the checker): where a framework declares
   * what a file's code depends on (a router mounted behind admin middleware, a `ConfigModule`'s
   * loaders). Without it (the editor) the analysed file is all there is.
   */
  projectFiles?(): readonly TS.SourceFile[];
}

/** What an expression may hold, and the queries on the way (see evaluate.ts). */
export interface Evaluator {
  readonly host: EvaluatorHost;
  readonly ts: Ts;
  readonly scopes: Scopes;
  readonly registry: SecretRegistry;
  /** The Prisma settings store whose client delegate has this name (`systemSettings`). */
  storeByDelegate(name: string): Store | undefined;
  /** The settings store of this model name (`SystemSettings`), also as a Prisma type name. */
  storeByModel(name: string): Store | undefined;
  /** Is `key` a registered secret's field (or column), or a property on the path of a secret inside a Json column? */
  isSecretKey(key: string): boolean;
  /** What an expression may hold (memoised per node). */
  valueOf(node: TS.Expression): Value;
  /** A property name's key: static, or a computed key that evaluates to one constant. */
  propertyKey(name: TS.PropertyName): string | undefined;
  /** Any element of an array value (an iterable's item). */
  elementOf(value: Value): Value;
  /** Every value an object holds (`Object.values`, iterating a `Map`). */
  objectValues(atom: ObjectAtom): Value;
  /** `object[key]` read at `node` (the member read, or whatever reads the key). */
  member(object: Value, key: string | undefined, node: TS.Node): Value;
  /** The value with `keys` taken out (a rest element, `omit`). */
  without(value: Value, keys: readonly string[], node: TS.Node): Value;
  /** The registered secrets a settings key holds: its field's secret, or the ones inside the Json column (or path) it names. */
  secretsAt(row: RowAtom | undefined, key: string): readonly SecretEntry[];
  /** The secret a key-value store holds under `key`: registered, or discovered (a secret-looking key) without configuration. */
  keyValueSecret(store: Store, key: string): SecretEntry | undefined;
  /** Key-value values of unknown key, read under `key` from a map built of them. */
  lookUpKeyValues(value: Value, key: Value, node: TS.Node): Value;
  /** What an identifier names, where it is read. */
  identifierValue(node: TS.Identifier): Value;
  /** What a binding (a variable, a parameter, a destructured name) holds. */
  bindingValue(binding: Binding): Value;
  /** The values a function returns (yields, for a generator), in the order they win. */
  returnsOf(fn: FunctionLike): Value;
  /** The function's own return statements (and yields), in source order, nested functions excluded. */
  returnStatements(fn: FunctionLike): (TS.ReturnStatement | TS.YieldExpression)[];
  /** The result of calling `fn` with these arguments (its returns, its parameters substituted). */
  apply(fn: FunctionLike, args: readonly Value[], bindings?: Bindings): Value;
  /** Replaces the parameters of the functions in `bindings` by their values (the arguments of a call). */
  substitute(value: Value, bindings: Bindings, depth?: number): Value;
  /** The value as it is where no call substitutes the parameters: each parameter as its declaration says. */
  concretize(value: Value, depth?: number): Value;
  /** A class member as `this.name` (or `C.name` for static members) sees it. */
  classMember(cls: TS.ClassLikeDeclaration, name: string, node: TS.Node, bindings?: Bindings, isStatic?: boolean, depth?: number): Value;
  /** The class a class `extends`, when the engine can see it. */
  baseClass(cls: TS.ClassLikeDeclaration): TS.ClassLikeDeclaration | undefined;
  /** The constructor that takes `new C(...)`'s arguments (its own, or the nearest base class's). */
  constructorOf(cls: TS.ClassLikeDeclaration): TS.ConstructorDeclaration | undefined;
  /**
   * The binding an identifier names, following imports into the files the host resolves (for code
   * that reads declarations rather than values, like a tRPC procedure chain).
   */
  declarationOf(identifier: TS.Identifier): Binding | undefined;
  /** The function a call's callee names, with the class bindings of a method, when the engine can see it. */
  functionsOf(value: Value): { fn: FunctionLike; bindings?: Bindings }[];
  /** The function or file that holds `node`. */
  ownerOf(node: TS.Node): FunctionLike | TS.SourceFile;
}
