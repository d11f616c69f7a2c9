/**
 * Admin responses (`raw-secret-response`) and admin input (`secret-in-admin-input`): what an admin
 * endpoint returns or puts in a response body must not carry a secret's value, and an admin
 * endpoint's input schema must not accept a secret that its handler then writes.
 */
import type { SecretEntry } from "@secret-guardrails/core";
import type { EngineSuggestion, SiteAnalysis, SiteContext } from "../analysis-api.js";
import { endpointOf } from "../endpoints.js";
import { contains, identifierPath, isFunctionLike, memberName, staticName, unwrap, walk } from "../syntax.js";
import { instanceObject } from "../frameworks/classes.js";
import { graphqlResponse } from "../frameworks/nest.js";
import type { TS } from "../ts.js";
import { constantStrings, type EndpointRef, type InputAtom, type ObjectAtom, type RowAtom, type Store, type Value } from "../values.js";
import { RESPONSE_BODY_METHODS, RESPONSE_CONSTRUCTORS, RESPONSE_RECEIVER } from "../vocabulary.js";
import { capitalized, envVarsOf, quotedFields } from "./format.js";

/**
 * An admin endpoint's returns, where they are the response (tRPC resolvers, NestJS handlers,
 * GraphQL operations: only the fields of the type they declare; server actions, Hono and Fastify
 * handlers), and a Koa handler's `ctx.body = x`.
 */
export function checkEndpointReturns(an: SiteAnalysis, endpoint: EndpointRef): void {
  const ts = an.ts;
  const fn = endpoint.handler;
  if (!fn.body) return;
  checkKoaBody(an, endpoint);
  const returns = endpoint.kind === "trpc" || endpoint.kind === "nest" || endpoint.kind === "graphql" || endpoint.kind === "server-action" || endpoint.returnsResponse === true;
  if (!returns) return;
  const expressions: TS.Expression[] = [];
  if (!ts.isBlock(fn.body)) expressions.push(fn.body);
  for (const statement of an.ev.returnStatements(fn)) if (statement.expression) expressions.push(statement.expression);
  for (const expression of expressions) {
    let value = an.value(expression, { depth: 0, stack: [] });
    if (endpoint.kind === "graphql" && endpoint.responseType) value = graphqlResponse(an.ev, value, endpoint.responseType);
    checkResponseValue(an, value, narrowBody(an, expression));
  }
}

/** Koa: `ctx.body = x` (and `ctx.response.body = x`) in a handler is its response. */
function checkKoaBody(an: SiteAnalysis, endpoint: EndpointRef): void {
  const ts = an.ts;
  const fn = endpoint.handler;
  const context = fn.parameters[0];
  if (endpoint.kind !== "express" || !fn.body || !context || !ts.isIdentifier(context.name)) return;
  if (endpoint.framework !== "koa" && !/^(?:ctx|context)$/.test(context.name.text)) return;
  const name = context.name.text;
  walk(ts, fn.body, (node) => {
    if (!ts.isBinaryExpression(node) || node.operatorToken.kind !== ts.SyntaxKind.EqualsToken) return true;
    const left = unwrap(ts, node.left);
    const path = ts.isPropertyAccessExpression(left) ? identifierPath(ts, left) : undefined;
    if (path === `${name}.body` || path === `${name}.response.body`) checkResponseValue(an, an.value(node.right, { depth: 0, stack: [] }), narrowBody(an, node.right));
    return true;
  });
}

/** A response body put out inside an admin endpoint: `NextResponse.json(x)`, `res.json(x)`, `new Response(x)`. */
export function checkResponseCall(an: SiteAnalysis, call: TS.CallExpression | TS.NewExpression, cx: SiteContext): void {
  if (cx.bindings) return;
  const body = responseBody(an, call);
  if (!body) return;
  if (!insideAdminEndpoint(an, call)) return;
  checkResponseValue(an, an.value(body, cx), narrowBody(an, body));
}

/** The expression that holds the value inside wrappers that keep it: `JSON.stringify(x)`, `String(x)`, `await x`. */
function narrowBody(an: SiteAnalysis, expression: TS.Expression): TS.Expression {
  const ts = an.ts;
  let node = unwrap(ts, expression);
  for (let depth = 0; depth < 6; depth++) {
    if (ts.isAwaitExpression(node)) node = unwrap(ts, node.expression);
    else if (ts.isCallExpression(node) && node.arguments.length >= 1 && !ts.isSpreadElement(node.arguments[0]!) && ["JSON.stringify", "String", "structuredClone"].includes(identifierPath(ts, node.expression) ?? "")) {
      node = unwrap(ts, node.arguments[0]!);
    } else break;
  }
  return node;
}

function responseBody(an: SiteAnalysis, call: TS.CallExpression | TS.NewExpression): TS.Expression | undefined {
  const ts = an.ts;
  const callee = unwrap(ts, call.expression);
  const first = call.arguments?.[0];
  if (!first || ts.isSpreadElement(first)) return undefined;
  if (ts.isNewExpression(call)) {
    const name = ts.isIdentifier(callee) ? callee.text : memberName(ts, callee);
    return name !== undefined && RESPONSE_CONSTRUCTORS.has(name) ? first : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee) || !RESPONSE_BODY_METHODS.has(callee.name.text)) return undefined;
  // The receiver: `res`, `res.status(200)`, `NextResponse`, `reply.code(200)`.
  let receiver = unwrap(ts, callee.expression);
  while (ts.isCallExpression(receiver) && ts.isPropertyAccessExpression(unwrap(ts, receiver.expression))) {
    receiver = unwrap(ts, (unwrap(ts, receiver.expression) as TS.PropertyAccessExpression).expression);
  }
  const name = identifierPath(ts, receiver);
  const last = name?.split(".").at(-1);
  return last !== undefined && RESPONSE_RECEIVER.test(last) ? first : undefined;
}

function insideAdminEndpoint(an: SiteAnalysis, node: TS.Node): boolean {
  const ts = an.ts;
  for (let current: TS.Node | undefined = node.parent; current; current = current.parent) {
    if (isFunctionLike(ts, current) && endpointOf(an.ev, current)?.admin) return true;
  }
  return false;
}

/** Reports every place a response value carries a secret. */
function checkResponseValue(an: SiteAnalysis, value: Value, node: TS.Node, overridden: ReadonlySet<string> = new Set(), depth = 0): void {
  if (depth > 5) return;
  for (const atom of value) {
    switch (atom.k) {
      case "secret":
        if (atom.derived || overridden.has(atom.secret.field)) break;
        an.report({
          category: "raw-secret-response",
          messageId: "rawSecretResponse",
          node,
          data: { secret: atom.secret.field, Secret: capitalized(atom.secret.field) },
          secret: atom.secret.field,
          ...presenceSuggestion(an, node, atom.secret),
        });
        break;
      case "row":
        reportRow(an, atom, node, overridden);
        break;
      case "kvValue":
        // A value of a key-value row of any key (a `findMany` mapped to its values): every secret key's value among them.
        if (atom.key.length === 0 && !atom.derived) reportAnyKey(an, atom.store, node, atom.excluded);
        break;
      case "instance":
        // An instance is sent as its fields (less what class-transformer's `@Exclude()` removes).
        checkResponseValue(an, [instanceObject(an.ev, atom)], node, overridden, depth + 1);
        break;

      case "object":
        checkObject(an, atom, node, overridden, depth);
        break;
      case "array":
        if (atom.parts && (contains(node, atom.node) || atom.node === node)) {
          for (const part of atom.parts) checkResponseValue(an, part.value, part.node, overridden, depth + 1);
        } else {
          checkResponseValue(an, atom.element, node, overridden, depth + 1);
        }
        break;
      default:
        break;
    }
  }
}

function checkObject(an: SiteAnalysis, object: ObjectAtom, node: TS.Node, overridden: ReadonlySet<string>, depth: number): void {
  const ts = an.ts;
  const decided = new Set(overridden);
  // An object built in the response expression reports at its properties; one built elsewhere in the
  // file too (its properties are where the secret is put in); one built in another module (a DTO
  // mapper, a helper) at the response, which is where the endpoint returns it.
  const sameFile = object.node.getSourceFile() === node.getSourceFile();
  const inPlace = sameFile && (ts.isObjectLiteralExpression(object.node) || contains(node, object.node) || !contains(object.node, node));
  for (let index = object.entries.length - 1; index >= 0; index--) {
    const entry = object.entries[index]!;
    if (entry.kind === "delete") {
      decided.add(entry.key);
      continue;
    }
    if (entry.kind === "prop") {
      if (decided.has(entry.key)) continue;
      decided.add(entry.key);
      checkResponseValue(an, entry.value, inPlace ? entry.node : node, new Set(), depth + 1);
      continue;
    }
    checkResponseValue(an, entry.value, inPlace ? entry.node : node, entry.kind === "spread" ? decided : new Set(), depth + 1);
  }
}

function reportRow(an: SiteAnalysis, row: RowAtom, node: TS.Node, overridden: ReadonlySet<string>): void {
  const secrets = rowSecrets(an, row).filter((secret) => !overridden.has(secret.field));
  if (secrets.length === 0) return;
  // A select that picks a secret in a delegate call returned as it is: at the select property.
  if (row.picked && row.picked.size > 0 && (row.node === node || contains(node, row.node))) {
    let reported = false;
    // A Json column selected whole: once, with the secrets inside it.
    const columns = new Map<TS.Node, SecretEntry[]>();
    for (const secret of secrets) {
      const picked = row.picked.get(secret.field);
      if (!picked || picked === row.node) continue;
      // A select constant of another file: at the response, which is where the endpoint returns it.
      const at = picked.getSourceFile() === node.getSourceFile() ? picked : node;
      reported = true;
      if (secret.jsonColumn !== undefined) {
        columns.set(at, [...(columns.get(at) ?? []), secret]);
        continue;
      }
      an.report({
        category: "raw-secret-response",
        messageId: "selectedSecretResponse",
        node: at,
        data: { secret: secret.field, Secret: capitalized(secret.field) },
        secret: secret.field,
      });
    }
    for (const [at, inside] of columns) reportJsonValue(an, row.store, inside[0]!.jsonColumn!, inside, at);
    if (reported) return;
  }
  // A Json column (or a part of it) returned whole: it carries the secrets registered inside it.
  if (row.jsonPath !== undefined) reportJsonValue(an, row.store, row.jsonPath, secrets, node);
  else reportWholeRow(an, secrets, node);
}

function reportJsonValue(an: SiteAnalysis, store: Store, path: string, secrets: readonly SecretEntry[], node: TS.Node): void {
  an.report({
    category: "raw-secret-response",
    messageId: "jsonValueResponse",
    node,
    data: { model: store.model.name, path, secrets: quotedFields(secrets), Secret: capitalized(secrets[0]!.field) },
    ...(secrets.length === 1 ? { secret: secrets[0]!.field } : {}),
  });
}

/** Values of a key-value store read by any key: the secrets its keys hold. */
function reportAnyKey(an: SiteAnalysis, store: Store, node: TS.Node, excluded?: ReadonlySet<string>): void {
  const secrets = an.ev.registry.secrets.filter((secret) => !excluded?.has(secret.field));
  if (secrets.length === 0) return;
  an.report({
    category: "raw-secret-response",
    messageId: "anyKeyResponse",
    node,
    data: { model: store.model.name, secrets: quotedFields(secrets), Secret: capitalized(secrets[0]!.field) },
    ...(secrets.length === 1 ? { secret: secrets[0]!.field } : {}),
  });
}

function reportWholeRow(an: SiteAnalysis, secrets: readonly SecretEntry[], node: TS.Node): void {
  an.report({
    category: "raw-secret-response",
    messageId: "wholeRowResponse",
    node,
    data: { secrets: quotedFields(secrets), Secret: capitalized(secrets[0]!.field) },
    ...(secrets.length === 1 ? { secret: secrets[0]!.field } : {}),
  });
}

/** The secrets a row still holds (its store's registered secrets, less omitted, within a select). */
function rowSecrets(an: SiteAnalysis, row: RowAtom): SecretEntry[] {
  if (row.store.kind === "key-value") {
    // A row read by its key holds that key's value; a row of any key (`findMany`) may hold every registered one.
    const keys = row.kvKey && row.kvKey.length > 0 ? constantStrings(row.kvKey) : undefined;
    if (keys) return keys.map((key) => an.ev.keyValueSecret(row.store, key)).filter((secret): secret is SecretEntry => secret !== undefined);
    // A key a parameter brings is decided at each call; one from request input (or unknown) is any key.
    if (row.kvKey?.some((atom) => atom.k === "param" || (atom.k === "opaque" && atom.why === "param"))) return [];
    return [...an.ev.registry.secrets];
  }
  const fields = row.store.model.schema?.fields;
  // A value inside a Json column holds the secrets registered under its path.
  const candidates = row.jsonPath === undefined ? an.ev.registry.secrets : an.ev.registry.secretsUnder(row.jsonPath);
  return candidates.filter((secret) => {
    if (row.jsonPath === undefined && fields && !fields.some((field) => field.name === (secret.jsonColumn ?? secret.field))) return false;
    if (row.omitted?.has(secret.field)) return false;
    if (row.picked && !row.picked.has(secret.field)) return false;
    return true;
  });
}

/** `password: row.smtpPassword` -> `hasSmtpPassword: Boolean(row.smtpPassword)`, unless the object has that key. */
function presenceSuggestion(an: SiteAnalysis, node: TS.Node, secret: SecretEntry): { suggestions?: readonly EngineSuggestion[] } {
  const ts = an.ts;
  if (!(ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) || !ts.isObjectLiteralExpression(node.parent)) return {};
  const value = ts.isPropertyAssignment(node) ? unwrap(ts, node.initializer) : node.name;
  const simple =
    ts.isPropertyAccessExpression(value) ||
    ts.isElementAccessExpression(value) ||
    ts.isIdentifier(value) ||
    ts.isConditionalExpression(value) ||
    (ts.isBinaryExpression(value) && (value.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || value.operatorToken.kind === ts.SyntaxKind.BarBarToken));
  if (!simple) return {};
  const flag = `has${capitalized(secret.field)}`;
  if (node.parent.properties.some((property) => property.name && staticName(ts, property.name) === flag)) return {};
  const file = node.getSourceFile();
  const valueNode = ts.isPropertyAssignment(node) ? node.initializer : node.name;
  const valueText = file.text.slice(valueNode.getStart(file), valueNode.end);
  return {
    suggestions: [
      { messageId: "suggestPresenceFlag", data: { flag }, edits: [{ start: node.getStart(file), end: node.end, text: `${flag}: Boolean(${valueText})` }] },
    ],
  };
}

/** Notes that an admin endpoint's input carried `secret` into a settings write. */
export function recordAdminInput(an: SiteAnalysis, input: InputAtom, secret: SecretEntry, store: Store, key = secret.field, readAt?: TS.Node): void {
  const endpoint = input.endpoint;
  if (!endpoint?.admin) return;
  const handlerFile = endpoint.handler.getSourceFile();
  const property = input.shape.keys.get(key)?.node;
  // The schema property that accepts the key, when it is in the endpoint's file; else the schema the endpoint names.
  // A DTO class's field (NestJS, GraphQL, a server action's declared type) is where the input accepts the secret, wherever it is declared.
  const declaredField = endpoint.kind !== "trpc" && endpoint.kind !== "route" && endpoint.kind !== "pages" ? property : undefined;
  const node =
    declaredField ??
    (property && property.getSourceFile() === handlerFile ? property : undefined) ??
    endpoint.inputSchemas?.[0] ??
    (input.shape.node && input.shape.node.getSourceFile() === handlerFile ? input.shape.node : undefined) ??
    // No schema (`req.body`, a `FormData`): where the handler reads the key.
    (readAt && readAt.getSourceFile() === handlerFile && input.shape.open ? readAt : undefined) ??
    endpoint.handler;
  an.adminInputUses.push({ endpoint, secret, key, store, node });
}

/** Input values among `value` (a secret's own key, or another key's value) that reach a write of `secret`. */
export function recordAdminInputs(an: SiteAnalysis, value: Value, secret: SecretEntry, store: Store): void {
  for (const atom of value) {
    if (atom.k === "secret" && atom.origin === "input" && atom.input && atom.secret === secret) recordAdminInput(an, atom.input, secret, store, secret.field, atom.node);
    else if (atom.k === "opaque" && atom.why === "input" && atom.input && atom.name !== undefined) recordAdminInput(an, atom.input, secret, store, atom.name, atom.node);
  }
}

export function reportAdminInputs(an: SiteAnalysis, file: TS.SourceFile): void {
  void file;
  for (const use of an.adminInputUses) {
    an.report({
      category: "secret-in-admin-input",
      messageId: "secretInAdminInput",
      node: use.node,
      data: {
        endpoint: use.endpoint.name,
        key: use.key === use.secret.field ? `'${use.secret.field}'` : `'${use.key}' (written as '${use.secret.field}')`,
        model: use.store.model.name,
        envVars: envVarsOf([use.secret]),
      },
      secret: use.secret.field,
    });
  }
}
