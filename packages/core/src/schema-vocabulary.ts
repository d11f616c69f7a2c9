/**
 * The vocabulary of validation schemas (zod 3/4 and look-alikes) that both engines use to tell which
 * keys a request input can hold: which calls build object schemas, which keep, open or parse them.
 */

/** Methods that keep an object schema's keys as they are (`.partial()`, `.strict()`, `.refine()`...). */
export const SCHEMA_SAME_KEYS_METHODS: ReadonlySet<string> = new Set([
  "partial",
  "deepPartial",
  "required",
  "strict",
  "strip",
  "optional",
  "nullable",
  "nullish",
  "default",
  "prefault",
  "catch",
  "refine",
  "superRefine",
  "check",
  "describe",
  "readonly",
  "brand",
  "meta",
  "openapi",
  "transform",
  "pipe",
]);

/** Methods that let unknown keys through. */
export const SCHEMA_OPENING_METHODS: ReadonlySet<string> = new Set(["passthrough", "catchall", "loose"]);

/** Factories whose values may carry any key (`z.record`, `z.any()`). */
export const SCHEMA_OPEN_FACTORIES: ReadonlySet<string> = new Set(["record", "any", "unknown", "looseObject", "json"]);

/** Object schema factories: `z.object({...})`, `z.strictObject({...})`. */
export const SCHEMA_OBJECT_FACTORIES: ReadonlySet<string> = new Set(["object", "strictObject"]);
