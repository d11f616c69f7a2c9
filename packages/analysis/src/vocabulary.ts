/**
 * The one table of names the engine knows: what library calls do to a value. Both drivers (the
 * ESLint rules and the checker) read it through the engine, so a name added here is seen by both.
 */
export {
  PRISMA_RAW_SQL_METHODS,
  PRISMA_READ_METHODS,
  PRISMA_TRANSACTION_METHOD,
  PRISMA_WRITE_METHODS,
} from "@secret-guardrails/core";

/** String methods whose result still is the secret (or all of it, re-encoded). */
export const VALUE_KEEPING_STRING_METHODS: ReadonlySet<string> = new Set([
  "trim",
  "trimStart",
  "trimEnd",
  "trimLeft",
  "trimRight",
  "toString",
  "valueOf",
  "normalize",
  "toLowerCase",
  "toUpperCase",
  "toLocaleLowerCase",
  "toLocaleUpperCase",
  "padStart",
  "padEnd",
  "replace",
  "replaceAll",
  "concat",
  "repeat",
  "toWellFormed",
  "split",
  "toJSON",
]);

/**
 * String methods that keep only part of the value: a few characters of a key are how masks are
 * made (`key.slice(-4)`), so the result is not the secret.
 */
export const PARTIAL_STRING_METHODS: ReadonlySet<string> = new Set(["slice", "substring", "substr", "at", "charAt", "charCodeAt", "codePointAt"]);

/** Methods that answer a question about the value: the result is presence, not the value. */
export const PRESENCE_METHODS: ReadonlySet<string> = new Set([
  "includes",
  "startsWith",
  "endsWith",
  "test",
  "has",
  "indexOf",
  "lastIndexOf",
  "localeCompare",
  "some",
  "every",
  "search",
  "isWellFormed",
]);

/** Global functions whose result is the value itself (or all of it, re-encoded). */
export const VALUE_KEEPING_FUNCTIONS: ReadonlySet<string> = new Set([
  "String",
  "structuredClone",
  "encodeURIComponent",
  "encodeURI",
  "decodeURIComponent",
  "decodeURI",
  "btoa",
  "atob",
  "unescape",
  "escape",
]);

/** Global functions whose result says whether there is a value, never what it is. */
export const PRESENCE_FUNCTIONS: ReadonlySet<string> = new Set(["Boolean", "Number", "isNaN", "isFinite", "parseInt", "parseFloat"]);

/**
 * Names of calls that do not reveal the value: predicates, masks, hashes, status descriptions.
 * Matched on the called function's or method's own name, as a whole camelCase word (`maskSecret`,
 * `isStrong`, `sha256`; not `Stripe`).
 */
const SANITIZER_WORD =
  /^(?:is|has|can|should|must|check|validate|verify|compare|mask|redact|obfuscate|hash|sha\d*|digest|hmac|fingerprint|describe|summarize|summary|status|count|length|size|sanitize|scrub|strip|hide|censor|truncate|preview|last4|partial|timingSafeEqual|bcrypt|argon2?|scrypt)(?:[A-Z0-9_$]|$)/;

export const SANITIZER_NAME = { test: (name: string): boolean => SANITIZER_WORD.test(name.charAt(0).toLowerCase() + name.slice(1)) };

/** Names of calls that turn a stored secret back into the secret: `decrypt(row.value)` still is the DB value. */
export const REVEALING_NAME = /(?:decrypt|decipher|unseal|reveal|decode|unwrap|unprotect|fromBase64|open)/i;

/** Names of calls that store a secret sealed: `encrypt(secret)` written to the table is still the secret. */
export const SEALING_NAME = /(?:encrypt|cipher|seal|encode|wrap|protect|toBase64)/i;

/** `JSON.*`, `Object.*`, `Promise.*`, `Array.*`, `Reflect.*`: handled member by member by the engine. */
export const BUILTIN_NAMESPACES: ReadonlySet<string> = new Set(["JSON", "Object", "Promise", "Array", "Reflect", "Math", "Number", "String", "Date", "Symbol", "BigInt", "crypto", "Buffer"]);

/**
 * Calls that take a value without being a runtime consumer of the secret: logging, assertions,
 * errors, collections, file writes of a migration script, the console.
 */
export const NON_CONSUMER_ROOTS: ReadonlySet<string> = new Set([
  "console",
  "logger",
  "log",
  "debug",
  "expect",
  "assert",
  "JSON",
  "Object",
  "Array",
  "Promise",
  "Reflect",
  "Math",
  "Number",
  "String",
  "Boolean",
  "Symbol",
  "Date",
  "fs",
  "fsp",
  "process",
  "path",
  "z",
  "vi",
  "jest",
]);

/** Methods (on any object) that do not consume a value at run time: logging, collections, writes to a file. */
export const NON_CONSUMER_METHODS: ReadonlySet<string> = new Set([
  "log",
  "info",
  "warn",
  "error",
  "debug",
  "trace",
  "fatal",
  "push",
  "unshift",
  "add",
  "set",
  "delete",
  "includes",
  "has",
  "indexOf",
  "startsWith",
  "endsWith",
  "localeCompare",
  "writeFile",
  "writeFileSync",
  "appendFile",
  "appendFileSync",
  "write",
  "emit",
  "toEqual",
  "toBe",
  "toStrictEqual",
  "toMatchObject",
  "toHaveBeenCalledWith",
  "parse",
  "safeParse",
  "parseAsync",
  "safeParseAsync",
]);

/** Functions that read one environment variable by name: `env("X")`, `getEnv("X")`, `requireEnv("X")`. */
export const ENV_ACCESSOR_FUNCTION = /^(?:env|getEnv|readEnv|requireEnv|mustEnv|mustGetEnv|getEnvVar|getEnvironmentVariable|envVar|getRequiredEnv|requiredEnv|getSecretEnv|fromEnv)$/;

/** Functions that return a validated env object: t3-env `createEnv`, envalid `cleanEnv`, `envsafe`, `znv`'s `parseEnv`. */
export const ENV_FACTORY_FUNCTION = /^(?:createEnv|cleanEnv|envsafe|parseEnv|loadEnv|validateEnv|createEnvConfig|getEnvConfig)$/;

/** Methods of configuration services that read the environment by name (`configService.get("X")`). */
export const ENV_ACCESSOR_METHODS: ReadonlySet<string> = new Set(["get", "getOrThrow", "getString", "require"]);

/** Receivers whose `get("X")` reads the environment: NestJS `ConfigService`, `Deno.env`, `process.env`-backed config. */
export const ENV_SERVICE_NAME = /^(?:(?:this\.)?(?:config(?:Service)?|configuration|env|environment|Deno\.env))$/i;

/** Members of a request object that hold its input. */
export const REQUEST_INPUT_MEMBERS: ReadonlySet<string> = new Set(["body", "query", "params", "searchParams", "cookies", "headers"]);

/** Methods of a request object that read its body. */
export const REQUEST_BODY_METHODS: ReadonlySet<string> = new Set(["json", "formData", "text", "arrayBuffer", "blob"]);

/** Response helpers whose (first) argument is the body: `NextResponse.json(x)`, `Response.json(x)`, `res.json(x)`. */
export const RESPONSE_BODY_METHODS: ReadonlySet<string> = new Set(["json", "send", "jsonp", "end", "write", "body", "html", "text"]);

/** Constructors of a response whose first argument is the body. */
export const RESPONSE_CONSTRUCTORS: ReadonlySet<string> = new Set(["Response", "NextResponse"]);

/** Receivers of response methods: `res.json(x)`, `reply.send(x)`, `c.json(x)`, `NextResponse.json(x)`. */
export const RESPONSE_RECEIVER = /^(?:res|response|reply|resp|c|ctx|context|NextResponse|Response|h)$/;

/** Array methods whose callback receives the elements. */
export const ELEMENT_CALLBACK_METHODS: ReadonlySet<string> = new Set([
  "map",
  "flatMap",
  "filter",
  "find",
  "findLast",
  "forEach",
  "some",
  "every",
  "findIndex",
  "findLastIndex",
  "sort",
  "toSorted",
]);

/** Array methods whose result holds (some of) the same elements. */
export const ELEMENT_KEEPING_METHODS: ReadonlySet<string> = new Set([
  "filter",
  "slice",
  "concat",
  "sort",
  "toSorted",
  "reverse",
  "toReversed",
  "flat",
  "values",
  "splice",
  "toSpliced",
  "with",
  "fill",
  "copyWithin",
]);

/** Array methods whose result is one element. */
export const ELEMENT_PICKING_METHODS: ReadonlySet<string> = new Set(["find", "findLast", "at", "pop", "shift"]);
