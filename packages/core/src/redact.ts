/** What every output shows instead of a value that may be a secret. */
export const REDACTED = "[redacted]";

/**
 * Masks string and template literals in a code excerpt (`"sk-live-…"` -> `"[redacted]"`), so that
 * messages and snippets never carry a secret value even when the code hard-codes one.
 */
export function redactLiterals(code: string): string {
  return code
    .replace(/"(?:[^"\\\n]|\\.)*"/g, `"${REDACTED}"`)
    .replace(/'(?:[^'\\\n]|\\.)*'/g, `'${REDACTED}'`)
    .replace(/`(?:[^`\\]|\\.)*`/g, `\`${REDACTED}\``);
}
