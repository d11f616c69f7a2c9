/**
 * What the sink checks (sinks/*.ts) see of the analysis: the value at a site, where the site is
 * checked from, and where findings, clears and admin inputs go. The analysis (analysis.ts)
 * implements it and calls the sinks; the sinks take it as a parameter and never import analysis.ts.
 */
import type { Category, SecretEntry } from "@secret-guardrails/core";
import type { Evaluator } from "./evaluator-api.js";
import type { MessageId, SuggestionMessageId } from "./messages.js";
import type { FunctionLike } from "./syntax.js";
import type { TS, Ts } from "./ts.js";
import type { Bindings, EndpointRef, Store, Value } from "./values.js";

export interface EngineSuggestion {
  readonly messageId: SuggestionMessageId;
  readonly data: Readonly<Record<string, string>>;
  /** Text edits on the file, by character offsets. */
  readonly edits: readonly { readonly start: number; readonly end: number; readonly text: string }[];
}

export interface EngineFinding {
  readonly category: Category;
  readonly messageId: MessageId;
  /** Where the finding points (the narrowest node that explains it). */
  readonly node: TS.Node;
  readonly data: Readonly<Record<string, string>>;
  readonly secret?: string;
  readonly related?: readonly { readonly node: TS.Node; readonly message: string }[];
  readonly suggestions?: readonly EngineSuggestion[];
}

/** A write that clears a secret (sets it to null): what the cleanup action of ADR 0001 does. */
export interface SecretClear {
  readonly secret: SecretEntry;
  readonly store: Store;
  /** The data object (or SQL) of the write. */
  readonly node: TS.Node;
}

/** Where a site is checked from: standalone (no bindings), or inside a call's re-check. */
export interface SiteContext {
  readonly bindings?: Bindings;
  readonly depth: number;
  /** Functions whose sites are being re-checked (a recursion guard). */
  readonly stack: readonly FunctionLike[];
  /** The outermost call of a re-check (the call site in the analysed file). */
  readonly via?: TS.CallExpression | TS.NewExpression;
}

/** A secret that an admin endpoint's input carries into a settings write (`secret-in-admin-input`). */
export interface AdminInputUse {
  readonly endpoint: EndpointRef;
  readonly secret: SecretEntry;
  /** The input key that carried it (the secret's own name, or another: `smtpPassword: input.password`). */
  readonly key: string;
  readonly store: Store;
  /** The schema property that accepts the secret (else the schema, else the handler). */
  readonly node: TS.Node;
}

/** The analysis as a sink check sees it. */
export interface SiteAnalysis {
  readonly ev: Evaluator;
  readonly ts: Ts;
  /** Admin inputs that reached a settings write, for `secret-in-admin-input`. */
  readonly adminInputUses: AdminInputUse[];
  readonly clears: SecretClear[];
  readonly unknownClears: TS.Node[];
  /** The value of an expression at a site: parameters of re-checked calls substituted, the rest as declared. */
  value(expression: TS.Expression, cx: SiteContext): Value;
  /** Like {@link value} for a value already computed. */
  resolve(value: Value, cx: SiteContext): Value;
  report(finding: EngineFinding): void;
  /**
   * A finding on a value a parameter brings (no call substitutes it yet): kept until the end, and
   * dropped when a call of the function is checked with real arguments (the finding then goes to
   * the call site).
   */
  provisional(finding: EngineFinding): void;
  /** A call covered the provisional finding at `node` (its argument decided). */
  cover(node: TS.Node): void;
}
