#!/usr/bin/env node
// Generates a synthetic pnpm monorepo of N TypeScript files shaped like the guardrails' target users' code:
// a pnpm workspace with several packages and tsconfigs (paths), a Next.js app router app (pages, route
// handlers incl. app/api/admin/**, an admin settings page), tRPC routers on publicProcedure /
// protectedProcedure / adminProcedure, a Prisma schema with a SystemSettings model holding legacy secret
// columns, a guardrails.config.json, about 1 file in 200 touching the settings (a fixed set of files
// holding a few planted violations of each category, the rest clean look-alikes) and ordinary
// application code with imports between modules for everything else.
//
// The tree type-checks with `tsc --noEmit -p <tree>` without node_modules: external modules are declared
// in types/externals.d.ts. Deterministic: the same (files, seed) gives byte-identical trees.
//
// Usage: node scripts/bench/generate-monorepo.mjs --files 2000 [--seed 1] [--out .bench/monorepo-2000]

import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { BLOCKS, PLAIN_BLOCKS } from "./blocks.mjs";
import { createRandom } from "./random.mjs";
import {
  PLANTED,
  SCOPE,
  SETTINGS_ID,
  SETTINGS_MENTION,
  domainModel,
  externalsDts,
  fixedFiles,
  guardrailsConfig,
  packageJson,
  schemaPrisma,
  tsconfigBase,
  tsconfigPackage,
  tsconfigRoot,
} from "./fixed-files.mjs";

const GENERATOR_VERSION = 1;
export { PLANTED, SETTINGS_MENTION };

const ALL_DOMAINS = [
  { name: "billing", models: [["Invoice", "number"], ["Payment", "reference"]], nouns: ["Invoice", "Payment", "Refund", "TaxRate", "LineItem", "Discount", "Plan", "Ledger", "Statement", "Credit", "Coupon", "Payout"] },
  { name: "projects", models: [["Project", "title"], ["Task", "title"], ["Milestone", "title"]], nouns: ["Project", "Task", "Milestone", "Sprint", "Epic", "Estimate", "Board", "Column", "Checklist", "Dependency", "Timeline", "Label"] },
  { name: "crm", models: [["Customer", "name"], ["Contact", "name"], ["Deal", "title"]], nouns: ["Customer", "Contact", "Deal", "Lead", "Pipeline", "Stage", "Account", "Note", "Activity", "Segment", "Territory", "Quote"] },
  { name: "scheduling", models: [["Booking", "title"], ["Shift", "name"]], nouns: ["Booking", "Shift", "Slot", "Calendar", "Availability", "Reservation", "Roster", "Holiday", "Absence", "Resource", "Room", "Agenda"] },
  { name: "inventory", models: [["Product", "name"], ["Warehouse", "name"], ["StockMovement", "reference"]], nouns: ["Product", "Warehouse", "Stock", "Supplier", "Shipment", "Pallet", "Bin", "Batch", "Variant", "Catalog", "PriceList", "Transfer"] },
  { name: "notifications", models: [["Notification", "subject"], ["DeliveryAttempt", "channel"]], nouns: ["Notification", "Channel", "Delivery", "Digest", "Preference", "Template", "Recipient", "Webhook", "Inbox", "Broadcast", "Mention", "Receipt"] },
  { name: "analytics", models: [["Metric", "name"], ["Dashboard", "title"]], nouns: ["Metric", "Dashboard", "Widget", "Funnel", "Cohort", "Event", "Series", "Query", "Goal", "Breakdown", "Sample", "Benchmark"] },
  { name: "documents", models: [["Document", "title"], ["Folder", "name"]], nouns: ["Document", "Folder", "Revision", "Comment", "Attachment", "Signature", "Share", "Tag", "Outline", "Page", "Snippet", "Draft"] },
  { name: "support", models: [["Ticket", "subject"], ["TicketReply", "body"]], nouns: ["Ticket", "Reply", "Queue", "Macro", "Sla", "Escalation", "Survey", "Article", "Agent", "Priority", "Tier", "Handoff"] },
  { name: "hr", models: [["Employee", "name"], ["TimeOff", "reason"]], nouns: ["Employee", "TimeOff", "Position", "Department", "Review", "Goal", "Payslip", "Benefit", "Onboarding", "Leave", "Skill", "Contract"] },
];
const QUALIFIERS = ["Summary", "Draft", "Snapshot", "Filter", "Policy", "Batch", "Rule", "Preview", "Export", "Digest", "Reminder", "Quota", "Window", "Audit", "Sync", "Template", "Import", "Report", "Forecast", "Archive", "Review", "Approval", "Schedule", "History", "Grouping", "Bundle", "Alert", "Mapping", "Override", "Snapshot"];
const PREFIXES = ["", "", "", "Bulk", "Legacy", "Shared", "Scoped", "Pending", "Recurring", "Internal", "External", "Custom", "Weekly", "Monthly", "Team", "Account"];
const STATUS_SETS = [
  ["draft", "active", "archived"],
  ["pending", "open", "closed", "archived"],
  ["new", "scheduled", "done", "archived"],
  ["queued", "running", "failed", "succeeded", "archived"],
];
const FIELD_POOL = [
  { name: "amount", ts: "number", zod: "z.number()", init: "0", describe: (v) => `parts.push(\`amount=\${${v}.amount}\`);` },
  { name: "quantity", ts: "number", zod: "z.number().int().nonnegative()", init: "0", describe: (v) => `parts.push(\`qty=\${${v}.quantity}\`);` },
  { name: "enabled", ts: "boolean", zod: "z.boolean()", init: "false", describe: (v) => `if (${v}.enabled) {\n    parts.push("enabled");\n  }` },
  { name: "note", ts: "string | null", zod: "z.string().max(2000).nullable()", init: "null", describe: (v) => `if (${v}.note !== null) {\n    parts.push(${v}.note);\n  }` },
  { name: "ownerId", ts: "string", zod: "z.string()", init: `""`, describe: (v) => `parts.push(\`owner:\${${v}.ownerId}\`);` },
  { name: "dueAt", ts: "Date", zod: "z.date()", init: "new Date(0)", describe: (v) => `parts.push(${v}.dueAt.toISOString().slice(0, 10));` },
  { name: "priority", ts: "number", zod: "z.number().int().min(0).max(5)", init: "3", describe: (v) => `parts.push("P" + ${v}.priority);` },
  { name: "tags", ts: "string[]", zod: "z.array(z.string())", init: "[]", describe: (v) => `if (${v}.tags.length > 0) {\n    parts.push(${v}.tags.join(","));\n  }` },
  { name: "email", ts: "string", zod: "z.string().email()", init: `""`, describe: (v) => `parts.push(${v}.email);` },
  { name: "url", ts: "string | null", zod: "z.string().url().nullable()", init: "null", describe: (v) => `parts.push(${v}.url ?? "-");` },
  { name: "currency", ts: "string", zod: "z.string().min(3).max(3)", init: `"EUR"`, describe: (v) => `parts.push(${v}.currency);` },
  { name: "version", ts: "number", zod: "z.number().int().positive()", init: "1", describe: (v) => `parts.push(\`v\${${v}.version}\`);` },
];

/** Share of the filler files by kind (normalised). */
const KIND_WEIGHTS = {
  model: 15,
  service: 8,
  validators: 5,
  lib: 18,
  policy: 5,
  job: 6,
  router: 7,
  component: 12,
  page: 7,
  route: 5,
  util: 6,
  ui: 6,
};

/**
 * How many reusable blocks each kind of file gets ([min, max]): generic-typed helpers ("extra") and plain
 * business logic ("plain"). Calibrated against the issue's reference trees (8,000 files: tsc ~10 s,
 * ESLint parse-only ~1.5x tsc on a 2-core machine): plain code is cheap to type-check, not to parse.
 */
const SIZE = {
  model: { extra: [0, 0], plain: [0, 0] },
  service: { extra: [0, 0], plain: [0, 0] },
  validators: { plain: [0, 0] },
  lib: { extra: [0, 0], plain: [0, 1] },
  policy: { plain: [0, 0] },
  job: { plain: [0, 0] },
  router: { plain: [0, 0] },
  component: { plain: [0, 0] },
  route: { plain: [0, 0] },
};

const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
const camel = (name) => name.charAt(0).toLowerCase() + name.slice(1);

function relativeImport(fromFile, toFile) {
  const from = dirname(fromFile).split("/");
  const to = toFile.replace(/\.tsx?$/, "").split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join("/");
  return up === 0 ? `./${rest}` : `${"../".repeat(up)}${rest}`;
}

function importLine(names, typeNames, from) {
  const specifiers = [...names, ...typeNames.map((name) => `type ${name}`)];
  return `import { ${specifiers.join(", ")} } from "${from}";`;
}

/**
 * Generates the tree in memory. Returns { files: Map<path, text>, manifest }. `files` counts TypeScript
 * files (.ts/.tsx, incl. the one .d.ts); config files and schema.prisma come on top.
 */
export function generateMonorepo({ files: total, seed = 1, profile = "default" }) {
  const dense = profile === "dense";
  const rng = createRandom(seed * 7919 + total);
  const domainCount = Math.min(ALL_DOMAINS.length, Math.max(2, Math.round(total / 400)));
  const domains = ALL_DOMAINS.slice(0, domainCount);
  const domainNames = domains.map((domain) => domain.name);
  const models = domains.flatMap((domain) => domain.models.map(([name, textField]) => ({ ...domainModel(name, textField), domain: domain.name })));
  const out = new Map();

  // Fixed files and structural files whose content depends on the filler (barrels, router indexes).
  for (const [path, text] of fixedFiles(domainNames)) out.set(path, text);
  out.set("types/externals.d.ts", externalsDts(models));
  const structural = [
    "packages/utils/src/index.ts",
    "packages/ui/src/index.ts",
    "packages/api/src/index.ts",
    "packages/api/src/root.ts",
    "apps/web/src/app/api/trpc/[trpc]/route.ts",
    ...domainNames.flatMap((domain) => [`packages/${domain}/src/index.ts`, `packages/api/src/router/${domain}/index.ts`]),
  ];
  const fixedCount = out.size + structural.length;
  // Real code names its settings far more often than the default tree: the dense profile has 1 file
  // in 20 touching the settings and settings words (and env var names) in prose in 1 file in 3.
  const settingsTarget = Math.round(total / (dense ? 20 : 200));
  const fixedSettings = [...out.values()].filter((text) => SETTINGS_MENTION.test(text)).length;
  const settingsFiller = Math.max(0, settingsTarget - fixedSettings);
  const fillerCount = total - fixedCount - settingsFiller;
  if (fillerCount < domainCount) {
    throw new Error(`at least ${fixedCount + settingsFiller + domainCount} files are needed (asked for ${total})`);
  }

  const usedNames = new Set();
  const newName = (domain) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = rng.pick(PREFIXES) + rng.pick(domain.nouns) + rng.pick(QUALIFIERS);
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
    let n = 2;
    const base = rng.pick(domain.nouns) + rng.pick(QUALIFIERS);
    while (usedNames.has(`${base}${n}`)) n++;
    usedNames.add(`${base}${n}`);
    return `${base}${n}`;
  };

  // Per-domain registries of what later files can import.
  const state = Object.fromEntries(
    domains.map((domain) => [domain.name, { entities: [], libs: [], services: [], components: [], routers: [] }]),
  );
  const utils = [];
  const uiComponents = [];

  // The kinds of the filler files: each domain starts with an entity model, the rest by weight.
  const kinds = Object.entries(KIND_WEIGHTS);
  const weightSum = kinds.reduce((sum, [, weight]) => sum + weight, 0);
  const plan = domains.map((domain) => ({ kind: "model", domain }));
  while (plan.length < fillerCount) {
    let roll = rng.next() * weightSum;
    let kind = kinds[0][0];
    for (const [name, weight] of kinds) {
      roll -= weight;
      if (roll < 0) {
        kind = name;
        break;
      }
    }
    plan.push({ kind, domain: rng.pick(domains) });
  }

  for (const { kind, domain } of plan) {
    const s = state[domain.name];
    const model = rng.pick(models.filter((m) => m.domain === domain.name));
    const generated = FILLERS[kind]({ rng, domain, s, model, newName, utils, uiComponents, domains, state });
    if (out.has(generated.path)) throw new Error(`duplicate path ${generated.path}`);
    out.set(generated.path, generated.text);
  }

  if (dense) {
    const fillerPaths = [...out.keys()].filter((path) => !path.endsWith(".d.ts")).sort();
    for (const [index, path] of fillerPaths.entries()) {
      if (rng.next() >= 1 / 3) continue;
      const prose =
        index % 10 === 0
          ? `// Mail needs SMTP_PASSWORD in the environment; the settings page only shows whether it is set.\n`
          : `// Shown on the settings page (see the systemSettings docs); reads no settings itself.\n`;
      out.set(path, prose + out.get(path));
    }
  }

  // Clean files that touch the settings (look-alikes), up to ~1 in 200 (1 in 20 when dense).
  for (let i = 0; i < settingsFiller; i++) {
    const domain = domains[i % domains.length];
    const generated = SETTINGS_FILLERS[i % SETTINGS_FILLERS.length]({ rng, domain, newName, index: i });
    out.set(generated.path, generated.text);
  }

  // Structural files.
  out.set("packages/utils/src/index.ts", [`export * from "./session";`, `export * from "./strings";`, ...utils.map((u) => `export * from "./${u.module}";`)].join("\n") + "\n");
  out.set("packages/ui/src/index.ts", [`export * from "./button";`, `export * from "./card";`, ...uiComponents.map((c) => `export * from "./${c.module}";`)].join("\n") + "\n");
  for (const domain of domainNames) {
    const s = state[domain];
    out.set(`packages/${domain}/src/index.ts`, s.entities.map((e) => `export * from "./model/${kebab(e.name)}";`).join("\n") + "\n");
    const routers = s.routers;
    out.set(
      `packages/api/src/router/${domain}/index.ts`,
      `import { createTRPCRouter } from "../../trpc";\n${routers.map((r) => `import { ${r.name} } from "./${r.module}";`).join("\n")}\n\nexport const ${camel(domain)}Router = createTRPCRouter({\n${routers.map((r) => `  ${r.key}: ${r.name},`).join("\n")}\n});\n`,
    );
  }
  out.set(
    "packages/api/src/root.ts",
    `import { createTRPCRouter } from "./trpc";\nimport { settingsRouter } from "./router/system-settings";\n${domainNames.map((d) => `import { ${camel(d)}Router } from "./router/${d}";`).join("\n")}\n\nexport const appRouter = createTRPCRouter({\n  settings: settingsRouter,\n${domainNames.map((d) => `  ${camel(d)}: ${camel(d)}Router,`).join("\n")}\n});\n\nexport type AppRouter = typeof appRouter;\n`,
  );
  out.set("packages/api/src/index.ts", `export { appRouter, type AppRouter } from "./root";\nexport { createTRPCRouter, publicProcedure, protectedProcedure, adminProcedure, type Context } from "./trpc";\n`);
  out.set(
    "apps/web/src/app/api/trpc/[trpc]/route.ts",
    `import { NextResponse, type NextRequest } from "next/server";\nimport { appRouter } from "${SCOPE}/api";\n\nconst procedures = Object.keys(appRouter._def.record);\n\nasync function handler(request: NextRequest): Promise<NextResponse> {\n  const path = request.nextUrl.pathname.split("/").pop() ?? "";\n  const [namespace] = path.split(".");\n  if (!namespace || !procedures.includes(namespace)) {\n    return NextResponse.json({ error: "not found" }, { status: 404 });\n  }\n  return NextResponse.json({ path });\n}\n\nexport { handler as GET, handler as POST };\n`,
  );
  if (out.size !== total) throw new Error(`generated ${out.size} TypeScript files, expected ${total}`);

  // Non-TypeScript files.
  const extra = new Map();
  const packages = ["db", "settings", "utils", "ui", "api", ...domainNames];
  extra.set("package.json", JSON.stringify({ name: "acme-monorepo", private: true, type: "module", packageManager: "pnpm@9.15.0", scripts: { typecheck: "tsc --noEmit", dev: "pnpm --filter web dev" } }, null, 2) + "\n");
  extra.set("pnpm-workspace.yaml", `packages:\n  - "apps/*"\n  - "packages/*"\n`);
  extra.set("guardrails.config.json", guardrailsConfig() + "\n");
  extra.set("tsconfig.base.json", tsconfigBase(packages) + "\n");
  extra.set("tsconfig.json", tsconfigRoot() + "\n");
  extra.set(".gitignore", "node_modules/\n.next/\ndist/\n");
  extra.set(".env.example", Object.entries({ DATABASE_URL: "postgresql://localhost/acme" }).map(([k, v]) => `${k}=${v}`).join("\n") + "\nOPENAI_API_KEY=\nSMTP_PASSWORD=\nSTRIPE_SECRET_KEY=\nANONYMIZATION_SEED=\n");
  extra.set("packages/db/prisma/schema.prisma", schemaPrisma(models));
  const pkgDeps = {
    db: ["@prisma/client"],
    settings: [`${SCOPE}/db`],
    utils: [],
    ui: ["react"],
    api: [`${SCOPE}/db`, `${SCOPE}/settings`, `${SCOPE}/utils`, ...domainNames.map((d) => `${SCOPE}/${d}`), "@trpc/server", "zod"],
  };
  for (const pkg of packages) {
    extra.set(`packages/${pkg}/package.json`, packageJson(`${SCOPE}/${pkg}`, pkgDeps[pkg] ?? [`${SCOPE}/db`, `${SCOPE}/utils`, "zod"], { main: "./src/index.ts" }) + "\n");
    const include = pkg === "db" ? ["src", "prisma", "scripts"] : ["src"];
    extra.set(`packages/${pkg}/tsconfig.json`, tsconfigPackage(include) + "\n");
  }
  extra.set("apps/web/package.json", packageJson("web", ["next", "react", ...packages.map((p) => `${SCOPE}/${p}`)], { scripts: { dev: "next dev", build: "next build" } }) + "\n");
  extra.set("apps/web/tsconfig.json", tsconfigPackage(["src", "next.config.ts"]) + "\n");

  const planted = PLANTED.map(([category, file, marker]) => {
    const text = out.get(file) ?? extra.get(file);
    const index = text?.indexOf(marker) ?? -1;
    if (index < 0) throw new Error(`planted marker not found in ${file}: ${marker}`);
    return { category, file, line: text.slice(0, index).split("\n").length };
  });
  const settingsFiles = [...out].filter(([, text]) => SETTINGS_MENTION.test(text)).map(([path]) => path);
  const lines = [...out.values()].reduce((sum, text) => sum + text.split("\n").length - 1, 0);
  const manifest = {
    generator: GENERATOR_VERSION,
    seed,
    profile,
    files: out.size,
    lines,
    domains: domainNames,
    settingsFiles,
    planted,
  };
  for (const [path, text] of extra) out.set(path, text);
  return { files: out, manifest };
}

/** Writes a generated tree to `dir` (emptied first) and its manifest to `dir/.bench-manifest.json`. */
export function writeMonorepo(dir, generated) {
  rmSync(dir, { recursive: true, force: true });
  const made = new Set();
  for (const [path, text] of generated.files) {
    const file = join(dir, path);
    const parent = dirname(file);
    if (!made.has(parent)) {
      mkdirSync(parent, { recursive: true });
      made.add(parent);
    }
    writeFileSync(file, text);
  }
  writeFileSync(join(dir, ".bench-manifest.json"), JSON.stringify(generated.manifest, null, 2) + "\n");
  return dir;
}

// ---------------------------------------------------------------------------------------------------
// Filler files: ordinary application code.

function entityFields(rng) {
  return rng.sample(FIELD_POOL, rng.int(1, 2));
}

function extraBlocks(rng, T, N, hasGuard, min, max) {
  const count = rng.int(min, max);
  return rng.sample(BLOCKS, count).map((block) => block({ T, N, hasGuard })).join("\n");
}

/** Plain business logic; without `T` only the blocks that need no entity type. */
function plainBlocks(rng, T, N, min, max) {
  const pool = T ? PLAIN_BLOCKS : PLAIN_BLOCKS.filter((block) => !block.toString().includes("item: ${T}") && !block.toString().includes("before: ${T}"));
  return rng.sample(pool, rng.int(min, max)).map((block) => block({ T, N })).join("\n");
}

const FILLERS = {
  model({ rng, domain, s, newName, utils }) {
    const E = newName(domain);
    const e = camel(E);
    const statuses = rng.pick(STATUS_SETS);
    const fields = entityFields(rng);
    const path = `packages/${domain.name}/src/model/${kebab(E)}.ts`;
    const useSlug = rng.chance(0.3);
    const util = utils.length > 0 && rng.chance(0.3) ? rng.pick(utils) : undefined;
    const imports = [`import { z } from "zod";`];
    const utilImports = [...(useSlug ? ["slugify"] : []), ...(util ? [util.fn] : [])];
    if (utilImports.length > 0) imports.push(`import { ${utilImports.join(", ")} } from "${SCOPE}/utils";`);
    const text = `${imports.join("\n")}

export const ${e}Statuses = [${statuses.map((status) => `"${status}"`).join(", ")}] as const;
export type ${E}Status = (typeof ${e}Statuses)[number];

export interface ${E} {
  id: string;
  name: string;
  status: ${E}Status;
${fields.map((f) => `  ${f.name}: ${f.ts};`).join("\n")}
}

export const ${e}Schema = z.object({
  id: z.string().uuid(),
  name: z.string().min(1).max(200),
  status: z.enum(${e}Statuses),
${fields.map((f) => `  ${f.name}: ${f.zod},`).join("\n")}
});

export type ${E}Input = z.infer<typeof ${e}Schema>;

export function create${E}(id: string, overrides: Partial<${E}> = {}): ${E} {
  return {
    id,
    name: "",
    status: "${statuses[0]}",
${fields.map((f) => `    ${f.name}: ${f.init},`).join("\n")}
    ...overrides,
  };
}

export function is${E}(value: unknown): value is ${E} {
  if (typeof value !== "object" || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  return typeof record.id === "string" && typeof record.name === "string" && ${e}Statuses.includes(record.status as ${E}Status);
}

export function describe${E}(item: ${E}): string {
  const parts: string[] = [item.name || item.id, item.status];
${fields.map((f) => `  ${f.describe("item")}`).join("\n")}
  return parts.join(" · ");
}

${useSlug ? `\nexport function ${e}Slug(item: ${E}): string {\n  return slugify(\`\${item.name}-\${item.id.slice(0, 8)}\`);\n}\n` : ""}${util ? `\nexport function ${e}Checksum(items: readonly ${E}[]): number {\n  return ${util.fn}(items.map((item) => item.id));\n}\n` : ""}
${extraBlocks(rng, E, `${E}s`, true, ...SIZE.model.extra)}
${plainBlocks(rng, E, E, ...SIZE.model.plain)}`;
    s.entities.push({ name: E, path, statuses });
    return { path, text };
  },

  service({ rng, domain, s, model, newName }) {
    const S = newName(domain);
    const path = `packages/${domain.name}/src/services/${kebab(S)}-service.ts`;
    const entity = rng.pick(s.entities);
    const lib = s.libs.length > 0 && rng.chance(0.5) ? rng.pick(s.libs) : undefined;
    const delegate = camel(model.name);
    const imports = [
      `import type { PrismaClient } from "${SCOPE}/db";`,
      importLine([`create${entity.name}`, `describe${entity.name}`], [entity.name], relativeImport(path, entity.path)),
    ];
    if (lib) imports.push(importLine([`compute${lib.name}`], [], relativeImport(path, lib.path)));
    const text = `${imports.join("\n")}

export interface ${S}Options {
  limit?: number;
  includeArchived?: boolean;
  ownerId?: string;
}

export class ${S}Service {
  constructor(private readonly db: PrismaClient) {}

  async list(options: ${S}Options = {}): Promise<${entity.name}[]> {
    const rows = await this.db.${delegate}.findMany({
      where: { archived: options.includeArchived ? undefined : false, ownerId: options.ownerId },
      orderBy: { createdAt: "desc" },
      take: options.limit ?? 50,
    });
    return rows.map((row) => create${entity.name}(row.id, { name: row.${model.textField} }));
  }

  async labels(options: ${S}Options = {}): Promise<string[]> {
    const items = await this.list(options);
    return items.filter((item) => options.includeArchived || item.status !== "archived").map((item) => describe${entity.name}(item));
  }
${rng.chance(0.4) ? `
  async count(ownerId?: string): Promise<number> {
    return this.db.${delegate}.count({ where: { ownerId } });
  }
` : ""}${rng.chance(0.4) ? `
  async archive(id: string): Promise<void> {
    await this.db.${delegate}.update({ where: { id }, data: { archived: true, updatedAt: new Date() } });
  }
` : ""}}

export function create${S}Service(db: PrismaClient): ${S}Service {
  return new ${S}Service(db);
}

export function compute${S}(values: readonly unknown[]): number {
  ${lib ? `return values.length + compute${lib.name}(values);` : `return values.filter((value) => value !== null && value !== undefined).length;`}
}

${extraBlocks(rng, entity.name, S, false, ...SIZE.service.extra)}
${plainBlocks(rng, entity.name, S, ...SIZE.service.plain)}`;
    s.services.push({ name: S, path });
    return { path, text };
  },

  validators({ rng, domain, s, newName }) {
    const V = newName(domain);
    const path = `packages/${domain.name}/src/validators/${kebab(V)}.ts`;
    const entity = rng.pick(s.entities);
    const e = camel(entity.name);
    const text = `import { z } from "zod";
${importLine([`${e}Schema`], [], relativeImport(path, entity.path))}

export const create${V}InputSchema = ${e}Schema.omit({ id: true }).extend({
  reason: z.string().max(500).optional(),
  notify: z.boolean().default(false),
});

export type Create${V}Input = z.infer<typeof create${V}InputSchema>;

export type ${V}ValidationResult = { ok: true; value: Create${V}Input } | { ok: false; message: string };

export function validate${V}(input: unknown): ${V}ValidationResult {
  const result = create${V}InputSchema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: result.error.message };
}

${rng.chance(0.4) ? `export const update${V}InputSchema = ${e}Schema.partial().extend({ id: z.string().uuid() });

export function validate${V}Update(input: unknown): z.infer<typeof update${V}InputSchema> | undefined {
  const result = update${V}InputSchema.safeParse(input);
  return result.success ? result.data : undefined;
}

` : ""}export function compute${V}(values: readonly unknown[]): number {
  return values.filter((value) => create${V}InputSchema.safeParse(value).success).length;
}

${plainBlocks(rng, undefined, V, ...SIZE.validators.plain)}`;
    return { path, text };
  },

  lib({ rng, domain, s, newName }) {
    const L = newName(domain);
    const path = `packages/${domain.name}/src/lib/${kebab(L)}.ts`;
    const entity = rng.pick(s.entities);
    const other = s.libs.length > 0 && rng.chance(0.6) ? rng.pick(s.libs) : undefined;
    const imports = [importLine([`describe${entity.name}`, `is${entity.name}`], [entity.name], relativeImport(path, entity.path))];
    if (other) imports.push(importLine([`compute${other.name}`], [], relativeImport(path, other.path)));
    const text = `${imports.join("\n")}

export interface ${L}Result {
  total: number;
  labels: string[];
  ratio: number;
}

export function compute${L}(values: readonly unknown[]): number {
  let total = 0;
  for (const value of values) {
    if (is${entity.name}(value)) {
      total += describe${entity.name}(value).length;
    } else if (typeof value === "number" && Number.isFinite(value)) {
      total += value;
    }
  }
  return total${other ? ` + compute${other.name}(values)` : ""};
}

export function summarize${L}(items: readonly ${entity.name}[]): ${L}Result {
  const labels = items.map((item) => describe${entity.name}(item));
  const total = labels.reduce((sum, label) => sum + label.length, 0);
  return { total, labels, ratio: items.length === 0 ? 0 : total / items.length };
}

${extraBlocks(rng, entity.name, L, false, ...SIZE.lib.extra)}
${plainBlocks(rng, entity.name, L, ...SIZE.lib.plain)}`;
    s.libs.push({ name: L, path });
    return { path, text };
  },

  policy({ rng, domain, s, newName }) {
    const P = newName(domain);
    const path = `packages/${domain.name}/src/policies/${kebab(P)}.ts`;
    const entity = rng.pick(s.entities);
    const text = `import type { Session } from "${SCOPE}/utils";
${importLine([], [entity.name], relativeImport(path, entity.path))}

export type ${P}Action = "read" | "update" | "delete" | "export";

export function can${P}(session: Session | null, action: ${P}Action, item: ${entity.name}): boolean {
  if (!session) {
    return false;
  }
  if (session.user.role === "ADMIN") {
    return true;
  }
  switch (action) {
    case "read":
      return item.status !== "archived" || session.user.role === "MANAGER";
    case "update":
      return item.status !== "archived" && session.user.role !== "VIEWER";
    case "delete":
      return false;
    case "export":
      return session.user.role === "MANAGER";
    default:
      return false;
  }
}

export function allowed${P}Actions(session: Session | null, item: ${entity.name}): ${P}Action[] {
  const actions: ${P}Action[] = ["read", "update", "delete", "export"];
  return actions.filter((action) => can${P}(session, action, item));
}

export function compute${P}(values: readonly unknown[]): number {
  return values.length;
}

${plainBlocks(rng, entity.name, P, ...SIZE.policy.plain)}`;
    return { path, text };
  },

  job({ rng, domain, s, model, newName }) {
    const J = newName(domain);
    const path = `packages/${domain.name}/src/jobs/${kebab(J)}-job.ts`;
    const delegate = camel(model.name);
    const service = s.services.length > 0 && rng.chance(0.6) ? rng.pick(s.services) : undefined;
    const imports = [`import { prisma } from "${SCOPE}/db";`];
    if (service) imports.push(importLine([`create${service.name}Service`], [], relativeImport(path, service.path)));
    const text = `${imports.join("\n")}

export interface ${J}Report {
  processed: number;
  failed: number;
  startedAt: Date;
  finishedAt: Date;
}

export async function run${J}(batchSize = 100): Promise<${J}Report> {
  const startedAt = new Date();
  let processed = 0;
  let failed = 0;
  const rows = await prisma.${delegate}.findMany({ where: { archived: false }, take: batchSize, orderBy: { updatedAt: "asc" } });
  for (const row of rows) {
    try {
      await prisma.${delegate}.update({ where: { id: row.id }, data: { position: row.position + 1 } });
      processed += 1;
    } catch (error) {
      failed += 1;
      if (error instanceof Error && error.message.includes("timeout")) {
        break;
      }
    }
  }
${service ? `  const remaining = (await create${service.name}Service(prisma).labels({ limit: batchSize })).length;\n  if (remaining > batchSize * 10) {\n    console.warn(\`${J}: \${remaining} rows left\`);\n  }\n` : ""}  return { processed, failed, startedAt, finishedAt: new Date() };
}

export function compute${J}(values: readonly unknown[]): number {
  return values.length * 2;
}

${plainBlocks(rng, undefined, J, ...SIZE.job.plain)}`;
    return { path, text };
  },

  router({ rng, domain, s, model, newName }) {
    const R = newName(domain);
    const r = camel(R);
    const path = `packages/api/src/router/${domain.name}/${kebab(R)}.ts`;
    const entity = rng.pick(s.entities);
    const delegate = camel(model.name);
    const admin = rng.chance(0.2);
    const procs = ["protectedProcedure", ...(admin ? ["adminProcedure"] : []), ...(rng.chance(0.3) ? ["publicProcedure"] : [])];
    const byId = rng.chance(0.5);
    const rename = rng.chance(0.4);
    const text = `import { z } from "zod";
${byId ? `import { TRPCError } from "@trpc/server";\n` : ""}${importLine([`create${entity.name}`, `describe${entity.name}`], [], `${SCOPE}/${domain.name}`)}
import { createTRPCRouter, ${procs.sort().join(", ")} } from "../../trpc";

const listInput = z.object({
  limit: z.number().int().min(1).max(100).default(20),
  cursor: z.string().nullable().default(null),
  search: z.string().trim().max(100).optional(),
});

export const ${r}Router = createTRPCRouter({
  list: protectedProcedure.input(listInput).query(async ({ ctx, input }) => {
    const rows = await ctx.db.${delegate}.findMany({
      where: { ownerId: ctx.session.user.id, ${model.textField}: input.search ? { contains: input.search } : undefined },
      take: input.limit,
      orderBy: { createdAt: "desc" },
    });
    return rows.map((row) => ({ id: row.id, label: describe${entity.name}(create${entity.name}(row.id, { name: row.${model.textField} })) }));
  }),
${byId ? `
  byId: protectedProcedure.input(z.object({ id: z.string() })).query(async ({ ctx, input }) => {
    const row = await ctx.db.${delegate}.findUnique({ where: { id: input.id } });
    if (!row) {
      throw new TRPCError({ code: "NOT_FOUND" });
    }
    return { id: row.id, ${model.textField}: row.${model.textField}, status: row.status };
  }),
` : ""}${rename ? `
  rename: protectedProcedure.input(z.object({ id: z.string(), name: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await ctx.db.${delegate}.update({ where: { id: input.id }, data: { ${model.textField}: input.name } });
    return { ok: true };
  }),
` : ""}${admin ? `
  purgeArchived: adminProcedure.mutation(async ({ ctx }) => {
    const result = await ctx.db.${delegate}.deleteMany({ where: { archived: true } });
    await ctx.db.auditLog.create({ data: { actorId: ctx.session.user.id, action: "purge", target: "${delegate}" } });
    return { deleted: result.count };
  }),
` : ""}${procs.includes("publicProcedure") ? `
  count: publicProcedure.query(({ ctx }) => ctx.db.${delegate}.count({ where: { archived: false } })),
` : ""}});

${plainBlocks(rng, undefined, R, ...SIZE.router.plain)}`;
    s.routers.push({ name: `${r}Router`, key: r, module: kebab(R) });
    return { path, text };
  },

  component({ rng, domain, s, newName, uiComponents }) {
    const entity = rng.pick(s.entities);
    const suffix = rng.pick(["Card", "Row", "List", "Panel", "Details", "Summary"]);
    const C = `${newName(domain)}${suffix}`;
    const path = `apps/web/src/components/${domain.name}/${kebab(C)}.tsx`;
    const ui = uiComponents.length > 0 && rng.chance(0.5) ? rng.pick(uiComponents) : undefined;
    const uiNames = ["Button", "Card", ...(ui ? [ui.name] : [])];
    const simple = rng.chance(0.6);
    const text = simple
      ? `${importLine(["Card"], [], `${SCOPE}/ui`)}
${importLine([`describe${entity.name}`], [entity.name], `${SCOPE}/${domain.name}`)}

export interface ${C}Props {
  item: ${entity.name};
  compact?: boolean;
}

export function ${C}({ item, compact = false }: ${C}Props): JSX.Element {
  return (
    <Card title={item.name || item.id} subtitle={compact ? undefined : item.status}>
      <p className={item.status === "archived" ? "muted" : undefined}>{describe${entity.name}(item)}</p>
    </Card>
  );
}
`
      : `"use client";

import { useMemo, useState } from "react";
${importLine(uiNames, [], `${SCOPE}/ui`)}
${importLine([`describe${entity.name}`], [entity.name], `${SCOPE}/${domain.name}`)}

export interface ${C}Props {
  items: ${entity.name}[];
  title?: string;
  onSelect?: (id: string) => void;
}

export function ${C}({ items, title = "${C}", onSelect }: ${C}Props): JSX.Element {
  const [query, setQuery] = useState("");
  const [expanded, setExpanded] = useState(false);
  const visible = useMemo(
    () => items.filter((item) => item.name.toLowerCase().includes(query.toLowerCase())),
    [items, query],
  );
  return (
    <Card title={title} subtitle={\`\${visible.length} of \${items.length}\`}>
      <input value={query} placeholder="Filter" onChange={(event: { target: { value: string } }) => setQuery(event.target.value)} />
      <ul>
        {(expanded ? visible : visible.slice(0, 5)).map((item) => (
          <li key={item.id} className={item.status === "archived" ? "muted" : undefined}>
            <button type="button" onClick={() => onSelect?.(item.id)}>
              {describe${entity.name}(item)}
            </button>
          </li>
        ))}
      </ul>
${ui ? `      <${ui.name} label="${C}" count={visible.length} />\n` : ""}      <Button variant="secondary" onClick={() => setExpanded(!expanded)}>
        {expanded ? "Show less" : "Show all"}
      </Button>
    </Card>
  );
}

${plainBlocks(rng, entity.name, C, ...SIZE.component.plain)}`;
    s.components.push({ name: C, path, entity, simple });
    return { path, text };
  },

  page({ rng, domain, s, model, newName }) {
    const P = newName(domain);
    const admin = rng.chance(0.1);
    const path = admin ? `apps/web/src/app/admin/${domain.name}/${kebab(P)}/page.tsx` : `apps/web/src/app/(app)/${domain.name}/${kebab(P)}/page.tsx`;
    const component = s.components.length > 0 ? rng.pick(s.components) : undefined;
    const entity = component ? component.entity : rng.pick(s.entities);
    const delegate = camel(model.name);
    const imports = [
      `import type { Metadata } from "next";`,
      `import { prisma } from "${SCOPE}/db";`,
      importLine([`create${entity.name}`], [], `${SCOPE}/${domain.name}`),
    ];
    if (component) imports.push(importLine([component.name], [], `@/components/${domain.name}/${kebab(component.name)}`));
    else imports.push(`import { Card } from "${SCOPE}/ui";`);
    const text = `${imports.join("\n")}

export const metadata: Metadata = { title: "${P.replace(/([a-z])([A-Z])/g, "$1 $2")}" };

export default async function ${P}Page(): Promise<JSX.Element> {
  const rows = await prisma.${delegate}.findMany({ where: { archived: false }, take: 50 });
  const items = rows.map((row) => create${entity.name}(row.id, { name: row.${model.textField} }));
  return (
    <main>
      <h1>${P}</h1>
${component ? (component.simple ? `      {items.map((item) => (\n        <${component.name} key={item.id} item={item} />\n      ))}` : `      <${component.name} items={items} />`) : `      <Card title="${P}">\n        <p>{items.length} items</p>\n      </Card>`}
    </main>
  );
}
`;
    return { path, text };
  },

  route({ rng, domain, model, newName }) {
    const R = newName(domain);
    const admin = rng.chance(0.15);
    const path = `apps/web/src/app/api/${admin ? "admin/" : ""}${domain.name}/${kebab(R)}/route.ts`;
    const delegate = camel(model.name);
    const text = `import { NextResponse, type NextRequest } from "next/server";
import { prisma } from "${SCOPE}/db";
import { auth } from "@/server/auth";

export async function GET(request: NextRequest): Promise<NextResponse> {
  const session = await auth();
  if (!session${admin ? ` || session.user.role !== "ADMIN"` : ""}) {
    return NextResponse.json({ error: "unauthorized" }, { status: 401 });
  }
  const limit = Math.min(100, Number(request.nextUrl.searchParams.get("limit") ?? "20"));
  const rows = await prisma.${delegate}.findMany({ where: { archived: false }, take: limit });
  return NextResponse.json({ items: rows.map((row) => ({ id: row.id, label: row.${model.textField}, status: row.status })) });
}
${rng.chance(0.4) ? `
export async function POST(request: NextRequest): Promise<NextResponse> {
  const session = await auth();
  if (!session) {
    return NextResponse.json({ error: "unauthorized" }, { status: 401 });
  }
  const body = (await request.json()) as { name?: unknown };
  if (typeof body.name !== "string" || body.name.length === 0) {
    return NextResponse.json({ error: "name is required" }, { status: 400 });
  }
  const created = await prisma.${delegate}.create({ data: { ${model.textField}: body.name, ownerId: session.user.id } });
  return NextResponse.json({ id: created.id }, { status: 201 });
}
` : ""}
${plainBlocks(rng, undefined, R, ...SIZE.route.plain)}`;
    return { path, text };
  },

  util({ rng, newName, domains, utils }) {
    const U = newName(rng.pick(domains));
    const fn = `hash${U}`;
    const module = kebab(U);
    const path = `packages/utils/src/${module}.ts`;
    const text = `export function ${fn}(values: readonly string[]): number {
  let hash = 2166136261;
  for (const value of values) {
    for (let i = 0; i < value.length; i++) {
      hash ^= value.charCodeAt(i);
      hash = Math.imul(hash, 16777619);
    }
  }
  return hash >>> 0;
}

export function ${camel(U)}Window(values: readonly number[], size: number): number[] {
  const result: number[] = [];
  let sum = 0;
  values.forEach((value, index) => {
    sum += value;
    if (index >= size) {
      sum -= values[index - size] ?? 0;
    }
    result.push(index + 1 >= size ? sum / size : Number.NaN);
  });
  return result;
}

export function ${camel(U)}Format(date: Date, locale = "en"): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(date);
}
`;
    utils.push({ fn, module });
    return { path, text };
  },

  ui({ rng, newName, domains, uiComponents }) {
    const U = `${newName(rng.pick(domains))}Badge`;
    const module = kebab(U);
    const path = `packages/ui/src/${module}.tsx`;
    const text = `export interface ${U}Props {
  label: string;
  count?: number;
  tone?: "neutral" | "info" | "warning";
}

export function ${U}({ label, count, tone = "neutral" }: ${U}Props): JSX.Element {
  const text = count === undefined ? label : \`\${label} (\${count})\`;
  return <span className={\`badge badge-\${tone}\`}>{text}</span>;
}
`;
    uiComponents.push({ name: U, module });
    return { path, text };
  },
};

// Clean files that touch the settings: non-secret reads and writes, env-first resolution, presence only.
const SETTINGS_FILLERS = [
  ({ domain, newName }) => {
    const N = newName(domain);
    const path = `packages/${domain.name}/src/settings/${kebab(N)}-settings.ts`;
    return {
      path,
      text: `import type { PrismaClient } from "${SCOPE}/db";

export interface ${N}MailSettings {
  host: string;
  port: number;
  from: string | null;
}

export async function load${N}MailSettings(db: PrismaClient): Promise<${N}MailSettings> {
  const settings = await db.systemSettings.findUnique({
    where: { id: "${SETTINGS_ID}" },
    select: { smtpHost: true, smtpPort: true, smtpFrom: true },
  });
  return { host: settings?.smtpHost ?? "localhost", port: settings?.smtpPort ?? 587, from: settings?.smtpFrom ?? null };
}
`,
    };
  },
  ({ domain, newName }) => {
    const N = newName(domain);
    const path = `packages/${domain.name}/src/lib/${kebab(N)}-ai.ts`;
    return {
      path,
      text: `import type { PrismaClient } from "${SCOPE}/db";
import { resolveRuntimeSecret } from "${SCOPE}/settings";

export async function ${camel(N)}Completion(db: PrismaClient, prompt: string): Promise<string> {
  const apiKey = process.env.OPENAI_API_KEY ?? (await resolveRuntimeSecret(db, "openaiApiKey"));
  if (!apiKey) {
    return "";
  }
  const response = await fetch("https://api.openai.com/v1/responses", {
    method: "POST",
    headers: { authorization: \`Bearer \${apiKey}\`, "content-type": "application/json" },
    body: JSON.stringify({ input: prompt }),
  });
  const body = (await response.json()) as { output_text?: string };
  return body.output_text ?? "";
}
`,
    };
  },
  ({ domain, newName }) => {
    const N = newName(domain);
    const path = `packages/api/src/router/${domain.name}-${kebab(N)}-settings.ts`;
    return {
      path,
      text: `import { z } from "zod";
import { SETTINGS_ID } from "${SCOPE}/settings";
import { adminProcedure, createTRPCRouter } from "../trpc";

export const ${camel(N)}SettingsRouter = createTRPCRouter({
  status: adminProcedure.query(async ({ ctx }) => {
    const settings = await ctx.db.systemSettings.findUnique({ where: { id: SETTINGS_ID } });
    return {
      provider: settings?.aiProvider ?? "openai",
      model: settings?.openaiModel ?? null,
      apiKeyConfigured: Boolean(process.env.OPENAI_API_KEY),
      legacyValueStored: Boolean(settings?.openaiApiKey),
    };
  }),

  updateModel: adminProcedure.input(z.object({ openaiModel: z.string().min(1) })).mutation(async ({ ctx, input }) => {
    await ctx.db.systemSettings.update({ where: { id: SETTINGS_ID }, data: { openaiModel: input.openaiModel } });
    return { ok: true };
  }),
});
`,
    };
  },
  ({ domain, newName }) => {
    const N = newName(domain);
    const path = `apps/web/src/app/api/admin/${domain.name}-${kebab(N)}/route.ts`;
    return {
      path,
      text: `import { NextResponse } from "next/server";
import { prisma } from "${SCOPE}/db";

export async function GET(): Promise<NextResponse> {
  const settings = await prisma.systemSettings.findUnique({ where: { id: "${SETTINGS_ID}" }, select: { smtpHost: true, smtpUser: true } });
  return NextResponse.json({
    smtpHost: settings?.smtpHost ?? null,
    smtpUser: settings?.smtpUser ?? null,
    smtpPasswordConfigured: Boolean(process.env.SMTP_PASSWORD),
  });
}
`,
    };
  },
];

function parseArgs(argv) {
  const args = { files: 2000, seed: 1, out: undefined, profile: "default" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--files") args.files = Number(argv[++i]);
    else if (arg === "--seed") args.seed = Number(argv[++i]);
    else if (arg === "--out") args.out = argv[++i];
    else if (arg === "--profile") args.profile = argv[++i];
    else throw new Error(`unknown argument ${arg}`);
  }
  if (!Number.isInteger(args.files) || args.files <= 0) throw new Error("--files must be a positive integer");
  return args;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
  const dir = resolve(args.out ?? join(repoRoot, ".bench", `monorepo-${args.files}`));
  const generated = generateMonorepo(args);
  writeMonorepo(dir, generated);
  const { manifest } = generated;
  console.log(`${dir}: ${manifest.files} TypeScript files, ${manifest.lines} lines, ${manifest.settingsFiles.length} touch settings, ${manifest.planted.length} planted violations`);
}
