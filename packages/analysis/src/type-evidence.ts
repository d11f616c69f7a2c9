/**
 * Type information, when the driver has it (typed linting): evidence for what the syntax cannot
 * see. A call into another module whose (awaited) type has string properties named like registered
 * secrets returns a row; a member read whose type cannot hold a secret's value (a status object) is
 * not the value. Never required: without a checker these answer "unknown".
 */
import type { SecretEntry } from "@secret-guardrails/core";
import type { Evaluator } from "./evaluator-api.js";
import type { TS } from "./ts.js";

/** The registered secrets a value's type holds as string-like properties (also one level down, in arrays). */
export function secretsInType(ev: Evaluator, node: TS.Node): SecretEntry[] | undefined {
  const checker = ev.host.checker;
  if (!checker) return undefined;
  let type: TS.Type;
  try {
    type = awaited(checker, checker.getTypeAtLocation(node));
  } catch {
    return undefined;
  }
  const found = new Set<SecretEntry>();
  const visit = (current: TS.Type, depth: number) => {
    if (depth > 2) return;
    if (current.isUnion() || current.isIntersection()) {
      for (const part of current.types) visit(part, depth);
      return;
    }
    const element = checker.getIndexTypeOfType(current, ev.ts.IndexKind.Number);
    if (element && isArrayLike(checker, current)) {
      visit(element, depth + 1);
      return;
    }
    for (const property of checker.getPropertiesOfType(current)) {
      const secret = ev.registry.secret(property.getName());
      if (!secret) continue;
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      const propertyType = declaration ? checker.getTypeOfSymbolAtLocation(property, declaration) : undefined;
      if (propertyType && canHoldSecretValue(ev, checker, propertyType)) found.add(secret);
    }
  };
  visit(type, 0);
  return [...found];
}

/** With a checker: can the value at `node` be a secret's value (string-like, `Buffer`)? Undefined without one. */
export function canBeSecretValue(ev: Evaluator, node: TS.Node): boolean | undefined {
  const checker = ev.host.checker;
  if (!checker) return undefined;
  try {
    return canHoldSecretValue(ev, checker, checker.getTypeAtLocation(node));
  } catch {
    return undefined;
  }
}

function canHoldSecretValue(ev: Evaluator, checker: TS.TypeChecker, type: TS.Type): boolean {
  const flags = ev.ts.TypeFlags;
  if (type.isUnion()) return type.types.some((part) => canHoldSecretValue(ev, checker, part));
  if (type.flags & (flags.Any | flags.Unknown | flags.StringLike)) return true;
  const name = type.getSymbol()?.getName();
  return name === "Buffer" || name === "Uint8Array" || name === "String";
}

function awaited(checker: TS.TypeChecker, type: TS.Type): TS.Type {
  return (checker as TS.TypeChecker & { getAwaitedType?(type: TS.Type): TS.Type | undefined }).getAwaitedType?.(type) ?? type;
}

function isArrayLike(checker: TS.TypeChecker, type: TS.Type): boolean {
  return (checker as TS.TypeChecker & { isArrayLikeType?(type: TS.Type): boolean }).isArrayLikeType?.(type) ?? false;
}
