/** String helpers of the core modules (not part of the package's API). */

/** Code-unit order, as `Array.prototype.sort` without a comparator, for sorting objects by a string. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `text` as a regular expression source that matches it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
