/**
 * ADR 0001's cleanup action as the engine found it: the writes that set registered secrets to
 * `null` (a Prisma write, through helpers, or raw SQL `SET "x" = NULL`), and what they leave out.
 */
import type { SecretClear, TS } from "@secret-guardrails/analysis";
import type { PrismaModel, SecretEntry, SecretRegistry } from "@secret-guardrails/core";
import type { FlowResults } from "./flow.js";

/** What the cleanup writes leave in the settings table. */
export type CleanupGap =
  /** Nothing clears any secret: reported on the settings model of the schema. */
  | { readonly kind: "no-cleanup"; readonly schemaModel: PrismaModel }
  /** Some secrets are cleared, these are not: reported on the cleanup write that clears the most. */
  | { readonly kind: "not-cleared"; readonly secrets: readonly SecretEntry[]; readonly anchor: TS.Node };

/**
 * The gap, if any. None without a registered secret, without a settings model in a schema (when
 * nothing clears), or when a cleanup nulls keys it does not name (`data[key] = null` over an
 * unresolved list): that one may clear anything.
 */
export function cleanupGap(registry: SecretRegistry, flow: FlowResults): CleanupGap | undefined {
  if (registry.secrets.length === 0) return undefined;
  const { clears, unknownClears } = flow;
  if (clears.length === 0 && unknownClears.length === 0) {
    const schemaModel = registry.settingsModels.find((candidate) => candidate.schema)?.schema;
    return schemaModel ? { kind: "no-cleanup", schemaModel } : undefined;
  }
  if (unknownClears.length > 0) return undefined;
  const cleared = new Set(clears.map((clear) => clear.secret));
  const missing = registry.secrets.filter((secret) => !cleared.has(secret));
  return missing.length === 0 ? undefined : { kind: "not-cleared", secrets: missing, anchor: mainCleanup(clears) };
}

/** The cleanup data object that clears the most secrets (first in file order on a tie). */
function mainCleanup(clears: readonly SecretClear[]): TS.Node {
  const bySite = new Map<TS.Node, Set<SecretEntry>>();
  for (const clear of clears) {
    const set = bySite.get(clear.node) ?? new Set();
    set.add(clear.secret);
    bySite.set(clear.node, set);
  }
  const position = (node: TS.Node) => `${node.getSourceFile().fileName}\u0000${String(node.getStart()).padStart(10, "0")}`;
  return [...bySite.entries()].sort(
    ([a, left], [b, right]) => right.size - left.size || (position(a) < position(b) ? -1 : 1),
  )[0]![0];
}
