/**
 * The one place where text from the scanned repository (file paths, names) or from a merged report
 * (messages, rule ids) is made safe for an output: every reporter and every line the CLI writes to
 * the terminal goes through these functions. Nothing here may lose the fact that a character was
 * there: unsafe characters become visible escapes (terminal, GitHub, Markdown) or JSON escapes
 * (JSON, SARIF: lossless, `JSON.parse` gives the original back).
 *
 * Unsafe: C0 controls (newline, CR, tab, ESC...), DEL, C1 controls (CSI U+009B, OSC U+009D...),
 * the line and paragraph separators U+2028/U+2029, and the bidirectional controls (U+061C,
 * U+200E/U+200F, U+202A-U+202E, U+2066-U+2069) that reorder what a reader sees.
 */

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function visibleEscape(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short) return short;
  const code = char.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * Text for a terminal or a log line: every unsafe character as a visible escape (`\n`, `\x1b`,
 * `\u202e`), so no name can start a new line, move the cursor, retitle the terminal or reorder text.
 */
export function escapeControl(text: string): string {
  return text.replace(UNSAFE, visibleEscape);
}

/**
 * A JSON text (JSON, SARIF) with the unsafe characters that `JSON.stringify` leaves raw (DEL, C1,
 * U+2028/U+2029, bidi controls) written as `\uXXXX`: still valid JSON that parses to the same
 * values, and safe to print. They can only occur inside strings, where `\uXXXX` is their escape.
 */
export function escapeJsonText(json: string): string {
  // C0 controls inside strings are escaped by JSON.stringify already; a raw newline is layout.
  return json.replace(JSON_UNSAFE, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * A line that must not be read as a GitHub Actions workflow command: the runner treats a log line
 * that starts (after white space) with `::` or the legacy `##[` as one (`::stop-commands::`,
 * `::add-mask::`). A relative path that would is written as `./path`, which names the same file.
 */
export function notACommand(path: string): string {
  return /^\s*(?:::|##\[)/u.test(path) || /^\s/u.test(path) ? `./${path}` : path;
}

/** A terminal line that shows a path: escaped, and never a workflow command. */
export function terminalPath(path: string): string {
  return notACommand(escapeControl(path));
}

/**
 * The message of a workflow command (`::error ...::<data>`), escaped as `@actions/core` does (`%`,
 * CR, LF as `%25`, `%0D`, `%0A`, which the runner decodes), other unsafe characters made visible.
 */
export function workflowData(text: string): string {
  return text
    .replace(/%/g, "%25")
    .replace(/\r/g, "%0D")
    .replace(/\n/g, "%0A")
    .replace(UNSAFE, visibleEscape);
}

/** A property value of a workflow command: also `:` and `,`, which delimit properties. */
export function workflowProperty(text: string): string {
  return workflowData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

/**
 * Inline code in Markdown (CommonMark code span): a fence of more backticks than the longest run
 * in the text, padded with a space when the text starts or ends with a backtick or a space. Inside
 * it nothing renders: no link, autolink, image, HTML or emphasis. In a table cell, `|` is written
 * `\|` (GFM reads that escape inside code spans too). Unsafe characters are made visible first.
 */
export function markdownCode(text: string, options: { readonly inTable?: boolean } = {}): string {
  let content = escapeControl(text);
  if (content === "") return "` `";
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = "`".repeat(longest + 1);
  if (/^[`\s]|[`\s]$/u.test(content)) content = ` ${content} `;
  if (options.inTable) content = content.replace(/\|/g, "\\|");
  return `${fence}${content}${fence}`;
}

/**
 * Plain Markdown text (inline, as in a table cell): the characters that can start markup are
 * backslash-escaped (CommonMark renders `\x` as `x`): `\`, backticks, `*`, `_`, `~` (emphasis,
 * code, strikethrough), `[`, `]` (links and images), `<`, `>`, `&` (HTML, autolinks, entities), `|`
 * (table cells), and the starts of GFM's bare autolinks: `@` (e-mail), `:` before `/` (`https://`),
 * the dot of `www.`. Unsafe characters are made visible first.
 */
export function markdownText(text: string): string {
  return escapeControl(text)
    .replace(/[\\`*_~[\]<>&|@]/g, "\\$&")
    .replace(/:(?=\/)/g, "\\:")
    .replace(/(www)\./gi, "$1\\.");
}

/**
 * A message for Markdown: its `` `code` `` parts as real code spans, the rest as plain text (both
 * escaped as above); an unpaired backtick is plain text.
 */
export function markdownMessage(text: string, options: { readonly inTable?: boolean } = {}): string {
  let out = "";
  let rest = text;
  for (let match = /`([^`]+)`/.exec(rest); match; match = /`([^`]+)`/.exec(rest)) {
    out += markdownText(rest.slice(0, match.index)) + markdownCode(match[1]!, options);
    rest = rest.slice(match.index + match[0].length);
  }
  return out + markdownText(rest);
}
