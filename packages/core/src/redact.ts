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

/**
 * The first line of an error message that may quote code (a parser's or a library's exception),
 * fit for a report: string and template literals and comments redacted, then cut to `max`
 * characters (cut after redacting: a cut inside a literal would leave it unterminated, unredacted).
 */
export function redactedErrorLine(message: string, max = 200): string {
  const line = message.split(/\r?\n/)[0] ?? "";
  const redacted = redactLiterals(line)
    .replace(/\/\*.*?(?:\*\/|$)/g, `/*${REDACTED}*/`)
    .replace(/\/\/.*$/, `//${REDACTED}`);
  return redacted.length > max ? `${redacted.slice(0, max)}…` : redacted;
}
