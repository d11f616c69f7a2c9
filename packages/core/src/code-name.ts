/**
 * How a message names code: by its identifiers only, never by its text. A callee written
 * `createClient("sk-live-...")(x)` or `new AppConfigService(ctx.db)` holds literals and arguments
 * that a message must not quote (a literal can be a secret; the text can be anything); the message
 * says `<call>` or `new AppConfigService` instead. Both engines render names with {@link codeName},
 * each through a small view of its own syntax tree (ts-morph in the checker, ESTree in the rules).
 */

/** One node as {@link codeName} sees it. */
export type CodeNameView<N> =
  /** An identifier, `this`, `super`, a private name `#x`. */
  | { readonly kind: "identifier"; readonly name: string }
  /** `object.property`; `property` undefined when computed (`object[key]`). */
  | { readonly kind: "member"; readonly object: N; readonly property: string | undefined }
  /** `new callee(...)`: the arguments are never shown. */
  | { readonly kind: "new"; readonly callee: N }
  /** A call: its callee and arguments are never shown. */
  | { readonly kind: "call" }
  /** Anything else: a literal, a function, an operator expression... */
  | { readonly kind: "other" };

/** Longer member chains are shown as `<expression>`: a name, not a listing. */
const MAX_PARTS = 8;

const IDENTIFIER = /^#?[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*$/u;

/**
 * The name of a callee or expression from identifiers only: `a.b.c`, `this.repo.save`,
 * `new AppConfigService`, `repo[…].save`, `<call>.save`; `<call>` for a call, `<expression>` for
 * anything else. `view` tells what a node is (unwrapping parentheses and type assertions).
 */
export function codeName<N>(node: N, view: (node: N) => CodeNameView<N>): string {
  return render(node, view, 0) ?? "<expression>";
}

function render<N>(node: N, view: (node: N) => CodeNameView<N>, parts: number): string | undefined {
  if (parts >= MAX_PARTS) return undefined;
  const seen = view(node);
  switch (seen.kind) {
    case "identifier":
      return IDENTIFIER.test(seen.name) ? seen.name : undefined;
    case "call":
      return "<call>";
    case "new": {
      const callee = render(seen.callee, view, parts + 1);
      return callee === undefined || callee.startsWith("<") ? "new <expression>" : `new ${callee}`;
    }
    case "member": {
      let object = render(seen.object, view, parts + 1);
      if (object === undefined) return undefined;
      if (object.startsWith("new ")) object = `(${object})`;
      if (seen.property === undefined) return `${object}[…]`;
      return IDENTIFIER.test(seen.property) ? `${object}.${seen.property}` : `${object}[…]`;
    }
    default:
      return undefined;
  }
}
