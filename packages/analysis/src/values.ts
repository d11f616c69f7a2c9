/**
 * The abstract values the engine computes for expressions. A value is an ordered list of atoms: the
 * things the expression may evaluate to, in the order they win (`a ?? b` is `[...a, ...b]`). An
 * empty list is "nothing the engine tracks" (a number, a presence flag, an unknown call's result).
 */
import type { SecretEntry, SettingsModel } from "@secret-guardrails/core";
import type { FunctionLike } from "./syntax.js";
import type { TS } from "./ts.js";

/** A settings store: where runtime settings rows live. */
export interface Store {
  readonly model: SettingsModel;
  /** A key-value store holds one row per setting, the secret named by its key column. */
  readonly kind: "row" | "key-value";
  /** Key-value stores: the column naming the setting, and the one holding its value. */
  readonly keyColumn?: string;
  readonly valueColumn?: string;
  /** Declared by Drizzle (a table in code) or Prisma. */
  readonly orm: "prisma" | "drizzle";
}

/** What every atom may carry besides its kind. */
export interface AtomBase {
  /** The argument of the outermost call that carried the value into the function being re-checked. */
  readonly at?: TS.Node;
  /** The value is what a parameter's declaration says (no call substitutes it): the function. */
  readonly fromParam?: FunctionLike;
}

/** How sure the engine is that a secret read comes from the settings store. */
/** strong: from a settings read or a settings type; named: a settings-like name says so; weak: nothing says otherwise. */
export type Strength = "strong" | "named" | "weak";

export interface ConstAtom extends AtomBase {
  readonly k: "const";
  readonly value: string | number | boolean | bigint | null | undefined;
}

/** A secret's value: read from the settings store, from the environment, or taken from request input. */
export interface SecretAtom extends AtomBase {
  readonly k: "secret";
  readonly secret: SecretEntry;
  readonly origin: "db" | "env" | "input";
  /** Where the value was read (the member read, the env read, the input property). */
  readonly node: TS.Node;
  readonly strength: Strength;
  readonly store?: Store;
  /** The value went through a call the engine cannot see into (`decrypt(row.x)`): still derived from it. */
  readonly derived?: boolean;
  /** Chosen by a condition that says nothing of its presence: no DB-before-env ordering is drawn from it. */
  readonly neutral?: boolean;
  /** The admin endpoint whose input carried it (origin "input"). */
  readonly input?: InputAtom;
  /** Env reads: the variable read. */
  readonly envVar?: string;
}

/** An environment value that is no registered secret's (or whose name is computed). */
export interface EnvAtom extends AtomBase {
  readonly k: "env";
  readonly name: string | undefined;
  readonly node: TS.Node;
}

/** `process.env`, `import.meta.env`, a validated env object (t3-env). */
export interface EnvObjectAtom extends AtomBase {
  readonly k: "envObject";
  readonly node: TS.Node;
}

/** A settings row (or key-value row) read from the store. */
export interface RowAtom extends AtomBase {
  readonly k: "row";
  readonly store: Store;
  readonly node: TS.Node;
  readonly strength: Strength;
  /** A `select` that limits the columns: selected secret field -> the select property. */
  readonly picked?: ReadonlyMap<string, TS.Node>;
  /** Secret fields known to be absent (omitted, destructured away, deleted). */
  readonly omitted?: ReadonlySet<string>;
  /** Key-value rows: the key the row was read by (empty when the read names no key: any row). */
  readonly kvKey?: Value;
  /**
   * A value inside the row's Json column that holds registered secrets (`row.data`, `row.data.smtp`):
   * its path (`data`, `data.smtp`). Its members are the secrets registered under the path.
   */
  readonly jsonPath?: string;
}

/**
 * The value of a key-value row whose key is not known yet: a parameter (decided at each call), or
 * unknown (a row of `findMany`; decided when a map built from the rows is read with a key).
 */
export interface KeyValueAtom extends AtomBase {
  readonly k: "kvValue";
  readonly store: Store;
  readonly key: Value;
  readonly node: TS.Node;
  readonly derived?: boolean;
  /** Keys it cannot be (of any key: the branch of `SECRET_KEYS.includes(row.key) ? null : row.value`). */
  readonly excluded?: ReadonlySet<string>;
}

export type Entry =
  | { readonly kind: "prop"; readonly key: string; readonly value: Value; readonly node: TS.Node }
  | { readonly kind: "computed"; readonly value: Value; readonly node: TS.Node; readonly keys?: readonly string[] }
  | { readonly kind: "spread"; readonly value: Value; readonly node: TS.Node }
  | { readonly kind: "delete"; readonly key: string; readonly node: TS.Node };

/** An object built in code: literal properties, spreads, later assignments. Later entries win. */
export interface ObjectAtom extends AtomBase {
  readonly k: "object";
  readonly entries: readonly Entry[];
  readonly node: TS.Node;
}

export interface ArrayAtom extends AtomBase {
  readonly k: "array";
  /** Any element. */
  readonly element: Value;
  /** Known positions (array literals, `Promise.all`). */
  readonly items?: readonly Value[];
  /** An array literal's elements (a spread's elements under its `...`), each with its expression. */
  readonly parts?: readonly { readonly value: Value; readonly node: TS.Node }[];
  readonly node: TS.Node;
}

/** The keys a validated shape (a zod schema, a DTO class, a declared type) lets through. */
export interface Shape {
  readonly keys: ReadonlyMap<string, ShapeKey>;
  /** Unknown keys pass (`.passthrough()`, `z.record`, an unparsed body). */
  readonly open: boolean;
  /** Keys taken out of an open shape. */
  readonly removed?: ReadonlySet<string>;
  /** The schema expression, when there is one. */
  readonly node?: TS.Node;
  /** The schema could not be seen (imported from a module the analysis does not follow): say nothing of it. */
  readonly unresolved?: boolean;
}

export interface ShapeKey {
  /** The schema property that accepts the key. */
  readonly node?: TS.Node;
  readonly shape?: Shape;
  /** The key holds a list of `shape` (a DTO field `items: ItemDto[]`). */
  readonly list?: boolean;
}

/** Request input (a tRPC resolver's `input`, a parsed body, `req.body`). */
export interface InputAtom extends AtomBase {
  readonly k: "input";
  readonly shape: Shape;
  readonly node: TS.Node;
  /** The admin endpoint whose input it is, if it is one's. */
  readonly endpoint?: EndpointRef;
}

/** A schema value (zod). */
export interface SchemaAtom extends AtomBase {
  readonly k: "schema";
  readonly shape: Shape;
  readonly node: TS.Node;
}

/** The request object of a route handler (`request.json()`, `req.body`). */
export interface RequestAtom extends AtomBase {
  readonly k: "request";
  readonly node: TS.Node;
  readonly endpoint?: EndpointRef;
}

/** A settings store's client delegate (`prisma.systemSettings`) or Drizzle table. */
export interface DelegateAtom extends AtomBase {
  readonly k: "delegate";
  readonly store: Store;
  readonly node: TS.Node;
}

/** A Drizzle statement being built on a settings table: `db.update(t)`, `db.insert(t)`, `db.delete(t)`. */
export interface BuilderAtom extends AtomBase {
  readonly k: "builder";
  readonly store: Store;
  readonly op: "update" | "insert" | "delete";
  readonly node: TS.Node;
}

export interface FunctionAtom extends AtomBase {
  readonly k: "function";
  readonly fn: FunctionLike;
  /** Values of the enclosing class's constructor parameters, for a method of a constructed instance. */
  readonly bindings?: Bindings;
}

export interface ClassAtom extends AtomBase {
  readonly k: "class";
  readonly cls: TS.ClassLikeDeclaration;
}

/** `new C(args)`: the class and what its constructor got. */
export interface InstanceAtom extends AtomBase {
  readonly k: "instance";
  readonly cls: TS.ClassLikeDeclaration;
  readonly bindings?: Bindings;
  readonly node: TS.Node;
}

/** A parameter of a function being summarised: replaced by the argument at each call. */
export interface ParamAtom extends AtomBase {
  readonly k: "param";
  readonly fn: FunctionLike;
  readonly index: number;
  /** Member reads applied to the parameter since, each with the node that did it. */
  readonly path: readonly PathStep[];
  /** The value was passed through a call the engine cannot see into. */
  readonly derived?: boolean;
  readonly neutral?: boolean;
}

export interface PathStep {
  readonly key: string;
  readonly node: TS.Node;
  /** A method call on the value (`req.json()`): its arguments. Absent for a member read. */
  readonly args?: readonly Value[];
}

/** A namespace import (`import * as m`): its exports. */
export interface ModuleAtom extends AtomBase {
  readonly k: "module";
  readonly file: TS.SourceFile;
}

/** Something the engine cannot see, kept for the evidence its origin gives (a name, a kind). */
export interface OpaqueAtom extends AtomBase {
  readonly k: "opaque";
  readonly why: "call" | "param" | "import" | "global" | "this" | "input" | "column";
  readonly name?: string;
  /** A value of request input (why "input"): the input it is read from. */
  readonly input?: InputAtom;
  /** A Drizzle column (why "column"): its table. */
  readonly store?: Store;
  readonly node: TS.Node;
  readonly path?: readonly PathStep[];
}

export type Atom =
  | ConstAtom
  | SecretAtom
  | EnvAtom
  | EnvObjectAtom
  | RowAtom
  | KeyValueAtom
  | ObjectAtom
  | ArrayAtom
  | InputAtom
  | SchemaAtom
  | RequestAtom
  | DelegateAtom
  | BuilderAtom
  | FunctionAtom
  | ClassAtom
  | InstanceAtom
  | ParamAtom
  | ModuleAtom
  | OpaqueAtom;

export type Value = readonly Atom[];

/** Values for a function's parameters at a call: the function's own, and its class constructor's. */
export type Bindings = ReadonlyMap<FunctionLike, readonly Value[]>;

/** An endpoint: a function a framework calls with request input (admin or not). */
export interface EndpointRef {
  readonly handler: FunctionLike;
  /** How the code names it (the router key, the exported name, the method): identifiers only. */
  readonly name: string;
  readonly kind: "trpc" | "route" | "pages" | "nest" | "graphql" | "express" | "server-action";
  readonly admin: boolean;
  /** The input schema expressions of the endpoint (tRPC `.input(...)`, a validator middleware), in chain order. */
  readonly inputSchemas?: readonly TS.Expression[];
  /** What the framework passes each parameter (NestJS/GraphQL decorators, a router's context, a server action's input). */
  readonly parameters?: readonly EndpointParameter[];
  /** The handler's returned value is the response (besides tRPC, Nest, GraphQL and server actions: Hono, Fastify). */
  readonly returnsResponse?: boolean;
  /** GraphQL: the type the operation declares (`@Query(() => [T])`): the response carries that type's fields only. */
  readonly responseType?: TS.Node;
  /** Routers: the framework whose context the handler gets (Koa's `ctx.body = x` is a response). */
  readonly framework?: "express" | "koa" | "hono" | "fastify";
}

/** What a framework passes an endpoint's parameter. */
export interface EndpointParameter {
  /**
   * `input`: request input (a DTO, `@Body("key")`, a server action's argument); `request`: the
   * request object; `context`: a router handler's request/context (`req`, `ctx`, `c`); `other`:
   * anything else (`@Res()`, `@Ctx()`, a user): unseen, known by its name.
   */
  readonly source: "input" | "request" | "context" | "other";
  /** `@Body("smtpPassword")`, `@Args("input")`: the key of the input the parameter gets. */
  readonly key?: string;
}

export const NOTHING: Value = Object.freeze([]) as Value;

export function constant(value: ConstAtom["value"]): Value {
  return [{ k: "const", value }];
}

/** Concatenates values, keeping the order (the first wins), without repeating an atom. */
export function concat(...values: readonly Value[]): Value {
  const nonEmpty = values.filter((value) => value.length > 0);
  if (nonEmpty.length === 0) return NOTHING;
  if (nonEmpty.length === 1) return nonEmpty[0]!;
  const seen = new Set<Atom>();
  const result: Atom[] = [];
  for (const value of nonEmpty) {
    for (const atom of value) {
      if (!seen.has(atom)) {
        seen.add(atom);
        result.push(atom);
      }
    }
  }
  return result;
}

/** Is every possibility `null` or `undefined` (a clearing write)? */
export function isNullish(value: Value): boolean {
  return value.length > 0 && value.every((atom) => atom.k === "const" && (atom.value === null || atom.value === undefined));
}

/** The single string (or number) the value is, if it is one. */
export function constantKey(value: Value): string | undefined {
  if (value.length !== 1) return undefined;
  const atom = value[0]!;
  if (atom.k !== "const") return undefined;
  return typeof atom.value === "string" || typeof atom.value === "number" ? String(atom.value) : undefined;
}

/**
 * The items of an array of constant keys (`["smtpHost", "smtpPassword"]`, a constant holding one):
 * per item, every string it may be (none for an empty array). Undefined when an item or the array
 * itself is not known.
 */
export function constantItems(value: Value): string[][] | undefined {
  const items: string[][] = [];
  for (const atom of value) {
    if (atom.k !== "array" || !atom.items) return undefined;
    for (const item of atom.items) {
      const strings = constantStrings(item);
      if (!strings) return undefined;
      items.push(strings);
    }
  }
  return items;
}

/** Every string the value may be, when all its possibilities are constants. */
export function constantStrings(value: Value): string[] | undefined {
  if (value.length === 0) return undefined;
  const result: string[] = [];
  for (const atom of value) {
    if (atom.k !== "const" || (typeof atom.value !== "string" && typeof atom.value !== "number")) return undefined;
    result.push(String(atom.value));
  }
  return result;
}

/** Marks every secret (and parameter) possibility as derived through a call the engine cannot see into. */
export function derive(value: Value): Value {
  const result: Atom[] = [];
  for (const atom of value) {
    if (atom.k === "secret" || atom.k === "param" || atom.k === "kvValue") result.push(atom.derived ? atom : { ...atom, derived: true });
    // A value of request input stays one (`encrypt(input.value)` written under a secret key is still the admin's value).
    else if (atom.k === "opaque" && atom.why === "input") result.push(atom);
  }
  return result;
}

/** Marks secret possibilities as chosen by a condition that says nothing of their presence. */
export function neutral(value: Value): Value {
  return value.map((atom) => (atom.k === "secret" && !atom.neutral ? { ...atom, neutral: true } : atom.k === "param" && !atom.neutral ? { ...atom, neutral: true } : atom));
}

export function shapeHasKey(shape: Shape, key: string): boolean {
  if (shape.keys.has(key)) return true;
  return shape.open && !(shape.removed?.has(key) ?? false);
}

/** The shape without `keys` (a rest element, `.omit`). */
export function removeKeys(shape: Shape, keys: Iterable<string>): Shape {
  const removed = new Set(shape.removed ?? []);
  const remaining = new Map(shape.keys);
  for (const key of keys) {
    remaining.delete(key);
    removed.add(key);
  }
  return { ...shape, keys: remaining, removed };
}

/** Atoms that carry a value through string operations (a template, `+`): secrets, env values, parameters. */
export function isValueCarrier(atom: Atom): boolean {
  return atom.k === "secret" || atom.k === "env" || atom.k === "param" || atom.k === "row" || atom.k === "input" || atom.k === "kvValue" || (atom.k === "opaque" && atom.why === "input");
}
