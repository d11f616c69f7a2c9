/**
 * The one table of names the engine knows: what library calls do to a value. Both drivers (the
 * ESLint rules and the checker) read it through the engine, so a name added here is seen by both.
 */
import type { SecretRegistry } from "@secret-guardrails/core";

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

/**
 * Names of functions that only encrypt or decrypt a value (`decrypt`, `encryptValue`, `decipher`,
 * `unseal`): a transform of the value, never a use of it. Stricter than the two patterns around it
 * (which also catch `open`, `wrap`, `decode`), because it decides what a call is, not just what it returns.
 */
export const CIPHER_FUNCTION_NAME = /^(?:de|en)crypt|^(?:de|en)?cipher|^(?:un)?seal(?:[A-Z_]|$)/i;

/** Names of calls that store a secret sealed: `encrypt(secret)` written to the table is still the secret. */
export const SEALING_NAME = /(?:encrypt|cipher|seal|encode|wrap|protect|toBase64)/i;

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
const ENV_ACCESSOR_FUNCTION = /^(?:env|getEnv|readEnv|requireEnv|mustEnv|mustGetEnv|getEnvVar|getEnvironmentVariable|envVar|getRequiredEnv|requiredEnv|getSecretEnv|fromEnv)$/;

/** Functions that return a validated env object: t3-env `createEnv`, envalid `cleanEnv`, `envsafe`, `znv`'s `parseEnv`. */
export const ENV_FACTORY_FUNCTION = /^(?:createEnv|cleanEnv|envsafe|parseEnv|loadEnv|validateEnv|createEnvConfig|getEnvConfig)$/;

/** Methods of configuration services that read the environment by name (`configService.get("X")`). */
export const ENV_ACCESSOR_METHODS: ReadonlySet<string> = new Set(["get", "getOrThrow", "getString", "require"]);

/** Receivers whose `get("X")` reads the environment: NestJS `ConfigService`, `Deno.env`, `process.env`-backed config. */
const ENV_SERVICE_NAME = /^(?:(?:this\.)?(?:config(?:Service)?|configuration|env|environment|Deno\.env))$/i;

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

// ---- Framework endpoints and config sources (see frameworks/) --------------------------------------

/** NestJS: the class decorator of a REST controller, and the method decorators of its route handlers. */
export const NEST_CONTROLLER_DECORATOR = "Controller";
export const NEST_ROUTE_DECORATORS: ReadonlySet<string> = new Set(["Get", "Post", "Put", "Patch", "Delete", "All", "Options", "Head", "Search"]);

/** GraphQL (NestJS, TypeGraphQL): the class decorator of a resolver, and the method decorators of its operations. */
export const GRAPHQL_RESOLVER_DECORATOR = "Resolver";
export const GRAPHQL_OPERATION_DECORATORS: ReadonlySet<string> = new Set(["Query", "Mutation", "ResolveField", "ResolveProperty", "FieldResolver", "Subscription"]);

/** Parameter decorators whose value is request input: the whole of it, or the key they name (`@Body("x")`). */
export const NEST_INPUT_PARAMETER_DECORATORS: ReadonlySet<string> = new Set(["Body", "Args", "Arg", "Param", "Query", "Payload"]);
/** Parameter decorators of the request object itself (`@Req() req`). */
export const NEST_REQUEST_PARAMETER_DECORATORS: ReadonlySet<string> = new Set(["Req", "Request"]);

/**
 * Decorators that say who may call a handler: their name (`@AdminOnly()`), or what they are given
 * (`@UseGuards(GqlAdminGuard)`, `@Roles(Role.ADMIN)`, `@HasPermission(permissions.accessAdminControl)`),
 * is matched against `admin.guardPattern`. Guards (`UseGuards`) all apply: one admin guard makes the
 * handler admin. Roles and permissions are alternatives: each one given must be admin.
 */
export const AUTHORIZATION_DECORATOR = /guard|role|permission|auth|access|polic|abilit|scope|acl|privilege|require|allow|only|admin|metadata|claim/i;
export const GUARD_DECORATOR = /guard/i;
/** Decorators that document an API (Swagger's `@ApiTags("admin")`): they guard nothing. */
export const DOCUMENTATION_DECORATOR = /^Api[A-Z]/;

/** GraphQL scalars: a resolver returning one returns the value as it is. */
export const GRAPHQL_SCALARS: ReadonlySet<string> = new Set(["String", "Boolean", "Int", "Float", "ID", "Number", "Date", "JSON", "GraphQLJSON", "GraphQLJSONObject", "GraphQLISODateTime", "GraphQLTimestamp", "BigInt"]);

/** class-transformer: `plainToInstance(Dto, plain)` builds a DTO from a plain value. */
export const PLAIN_TO_INSTANCE_FUNCTIONS: ReadonlySet<string> = new Set(["plainToInstance", "plainToClass"]);
/** class-transformer: `instanceToPlain(dto)` serialises a DTO as a response would. */
export const INSTANCE_TO_PLAIN_FUNCTIONS: ReadonlySet<string> = new Set(["instanceToPlain", "classToPlain", "serialize"]);

/** HTTP methods of a router registration (`router.put("/x", ...handlers)`). */
export const ROUTER_METHODS: ReadonlySet<string> = new Set(["get", "post", "put", "patch", "delete", "del", "all", "options", "head"]);

/** Calls that create a router or an app, and the framework each is. */
export const ROUTER_FACTORIES: ReadonlyMap<string, RouterFramework> = new Map([
  ["express", "express"],
  ["Router", "express"],
  ["Hono", "hono"],
  ["OpenAPIHono", "hono"],
  ["Fastify", "fastify"],
  ["fastify", "fastify"],
  ["Koa", "koa"],
  ["KoaRouter", "koa"],
]);
export type RouterFramework = "express" | "koa" | "hono" | "fastify";

/** Names of a router or app the engine cannot see created (a parameter, an import). */
export const ROUTER_NAME = /^(?:app|router|server|api|routes|fastify|instance|[a-z]\w*Router|[a-z]\w*App)$/;
/** Declared types of a router or app, and the framework each says. */
export const ROUTER_TYPES: ReadonlyMap<string, RouterFramework> = new Map([
  ["Router", "express"],
  ["IRouter", "express"],
  ["Express", "express"],
  ["Application", "express"],
  ["FastifyInstance", "fastify"],
  ["Hono", "hono"],
]);
/** Route options of Fastify that run before the handler (where admin checks go). */
export const ROUTE_HOOK_OPTIONS: ReadonlySet<string> = new Set(["preHandler", "onRequest", "preValidation", "preParsing"]);
/** Router methods that mount a sub-router or middleware (`app.use`, Hono's `app.route`, Fastify's `register`). */
export const ROUTER_MOUNT_METHODS: ReadonlySet<string> = new Set(["use", "route", "register", "addHook"]);
/** Calls that give a router's middleware to its parent (Koa: `app.use(router.routes())`). */
export const ROUTER_MIDDLEWARE_METHODS: ReadonlySet<string> = new Set(["routes", "middleware"]);
/** Validator middleware whose schema is what `c.req.valid(...)` returns (Hono's `zValidator("json", schema)`). */
export const VALIDATOR_MIDDLEWARE = /^(?:zValidator|validator|tbValidator|vValidator|sValidator)$/;

/** The directive of a Next.js server action (a file's or a function's first statement). */
export const SERVER_ACTION_DIRECTIVE = "use server";

/**
 * Result wrappers that hold a value as a property (fp-ts `Either`, neverthrow `Result`): the
 * constructor, the module it comes from, and the property that holds its argument.
 */
export const RESULT_CONSTRUCTORS: readonly { readonly module: RegExp; readonly names: ReadonlyMap<string, string> }[] = [
  { module: /^fp-ts(?:\/|$)/, names: new Map([["right", "right"], ["left", "left"], ["some", "value"], ["of", "right"]]) },
  { module: /^neverthrow$/, names: new Map([["ok", "value"], ["err", "error"], ["okAsync", "value"], ["errAsync", "error"]]) },
];

/** NestJS `ConfigModule.forRoot({ load: [...] })` / `forFeature(...)`: the loaders of namespaced configuration. */
export const CONFIG_MODULE_METHODS: ReadonlySet<string> = new Set(["forRoot", "forRootAsync", "forFeature"]);
/** `registerAs("ns", () => ({...}))`: a namespaced loader. */
export const CONFIG_NAMESPACE_FUNCTION = "registerAs";

/** Is `name` a function that reads one environment variable (built in, or configured under `configSources.envFunctions`)? */
export function isEnvAccessorFunction(name: string, registry: SecretRegistry): boolean {
  return ENV_ACCESSOR_FUNCTION.test(name) || registry.configSources.envFunctions.includes(name);
}

/** Is `path` (`configService`, `this.config`) a receiver whose `get("X")` reads env var X (built in, or `configSources.envServices`)? */
export function isEnvService(path: string, registry: SecretRegistry): boolean {
  const name = path.replace(/^this\./, "");
  return ENV_SERVICE_NAME.test(name) || registry.configSources.envServices.includes(name);
}
