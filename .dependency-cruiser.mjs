// @ts-check
/**
 * The layering of the workspace, checked by `pnpm lint` (`depcruise`): which package may import
 * which, that reporters stay pure functions, and no import cycles (type-only imports included).
 * The layers: core <- analysis <- {eslint-plugin, checker} <- cli (docs/architecture.md: one engine, two drivers).
 */

/**
 * A package of the workspace, by its sources (imports between packages resolve to `src/index.ts`).
 * @param {string} name
 */
const pkg = (name) => `^packages/${name}/`;
/**
 * An npm package, resolved (pnpm's `node_modules/.pnpm/<id>/node_modules/<name>/...`) or not.
 * @param {string} name
 */
const npm = (name) => [`node_modules/${name}/`, `^${name}(/|$)`];
/**
 * A Node.js built-in module, with or without `node:`.
 * @param {string[]} names
 */
const builtin = (names) => `^(node:)?(${names.join("|")})(/|$)`;

/** Tests and test helpers drive several packages at once (a test of the analysis runs both drivers). */
const tests = ["\\.test\\.ts$", "^packages/[^/]+/test/", "^packages/[^/]+/src/testing/"];

const ENGINES = [...npm("ts-morph"), ...npm("eslint"), ...npm("@typescript-eslint"), ...npm("typescript-eslint")];

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "core-imports-no-engine",
      comment:
        "core holds the registry, the config and the finding type that every package shares: it imports no other workspace package and no parser or linter (no typescript, ts-morph, ESLint).",
      severity: "error",
      from: { path: pkg("core"), pathNot: tests },
      to: { path: [pkg("(analysis|eslint-plugin|checker|cli)"), ...npm("typescript"), ...ENGINES] },
    },
    {
      name: "analysis-imports-no-driver",
      comment:
        "The value-flow engine works on the TypeScript syntax tree and is driven by the ESLint plugin and by the checker: it imports neither driver, nor ts-morph, ESLint or the CLI.",
      severity: "error",
      from: { path: pkg("analysis"), pathNot: tests },
      to: { path: [pkg("(eslint-plugin|checker|cli)"), ...ENGINES] },
    },
    {
      name: "plugin-imports-no-ts-morph-checker-or-cli",
      comment:
        "The ESLint plugin runs in the editor: it imports no ts-morph (the root devDependencies would resolve it, a consumer's install would not), no checker and no CLI.",
      severity: "error",
      from: { path: pkg("eslint-plugin"), pathNot: tests },
      to: { path: [pkg("(checker|cli)"), ...npm("ts-morph")] },
    },
    {
      name: "checker-imports-no-plugin-or-cli",
      comment: "The checker is the other driver of the engine: it imports neither the ESLint plugin nor the CLI.",
      severity: "error",
      from: { path: pkg("checker"), pathNot: tests },
      to: { path: [pkg("(eslint-plugin|cli)"), ...npm("eslint"), ...npm("@typescript-eslint")] },
    },
    {
      name: "reporters-do-no-io",
      comment:
        "A reporter is a pure function from a report to a string: the CLI writes files and decides the exit code. (Globals such as process.stdout are forbidden by ESLint's no-restricted-globals in eslint.config.js.)",
      severity: "error",
      from: { path: "^packages/cli/src/reporters/", pathNot: tests },
      to: {
        path: builtin([
          "fs",
          "child_process",
          "process",
          "net",
          "http",
          "https",
          "http2",
          "dgram",
          "dns",
          "tls",
          "readline",
          "worker_threads",
          "cluster",
          "os",
          "tty",
          "module",
          "vm",
          "inspector",
        ]),
      },
    },
    {
      name: "reporters-see-only-the-report",
      comment:
        "Reporters see the report (its types in report.ts), core's vocabulary and each other, never the modules of the CLI that read, spawn or write.",
      severity: "error",
      from: { path: "^packages/cli/src/reporters/", pathNot: tests },
      to: { path: "^packages/cli/src/", pathNot: ["^packages/cli/src/reporters/", "^packages/cli/src/report\\.ts$"] },
    },
    {
      name: "reporters-use-only-report-types",
      comment: "report.ts reads the CLI's package.json when loaded: a reporter imports only its types.",
      severity: "error",
      from: { path: "^packages/cli/src/reporters/", pathNot: tests },
      to: { path: "^packages/cli/src/report\\.ts$", dependencyTypesNot: ["type-only"] },
    },
    {
      name: "packages-meet-at-their-entry-points",
      comment:
        "A package imports another one by its name (its exports map, src/index.ts), never a file inside it by a relative path; a test may use another package's test helpers (src/testing/).",
      severity: "error",
      from: { path: "^packages/([^/]+)/" },
      to: { path: "^packages/", pathNot: ["^packages/$1/", "^packages/[^/]+/src/index\\.ts$", "^packages/[^/]+/src/testing/"] },
    },
    {
      name: "test-helpers-only-in-tests",
      comment: "src/testing/ holds test helpers (temporary trees, scoring): no source imports them.",
      severity: "error",
      from: { path: "^packages/[^/]+/src/", pathNot: tests },
      to: { path: "^packages/[^/]+/src/testing/" },
    },
    {
      name: "checks-are-thin",
      comment:
        "A check is meta and a query: its analysis lives in the engine or in a module of the checker (admin-ui.ts, cleanup.ts), never on the syntax tree in the check file.",
      severity: "error",
      from: { path: "^packages/checker/src/checks/", pathNot: tests },
      to: { path: [...npm("ts-morph"), ...npm("typescript"), "^packages/checker/src/ts-morph\\.ts$"] },
    },
    {
      name: "sources-import-only-declared-packages",
      comment:
        "The sources of a package import only npm packages its own package.json declares as dependencies or peers: the workspace root's devDependencies make anything resolve here, a consumer's install does not.",
      severity: "error",
      from: { path: "^packages/[^/]+/src/", pathNot: tests },
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "sources-import-no-dev-dependency",
      comment: "A devDependency of the package serves its build and tests: its sources import only its types (erased).",
      severity: "error",
      from: { path: "^packages/[^/]+/src/", pathNot: tests },
      to: { dependencyTypes: ["npm-dev"], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "no-unresolvable",
      comment: "An import that resolves to nothing.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-circular",
      comment: "No import cycles, type-only ones included: a cycle makes two modules one in all but name.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    // Build output and the fixtures (code under test, not ours); npm packages are leaves (doNotFollow).
    exclude: { path: ["^packages/[^/]+/dist/", "^fixtures/", "/test-fixtures/"] },
    doNotFollow: { path: "node_modules" },
    // Type-only imports are dependencies too (`import type`): they count for the layers and for cycles.
    tsPreCompilationDeps: true,
    // Imports between packages resolve to their sources, as in the tests and the typecheck.
    tsConfig: { fileName: "tsconfig.tests.json" },
    // Each package's own package.json decides what its sources may import.
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "types", "node", "default"],
      mainFields: ["module", "types", "main"],
      extensions: [".ts", ".mjs", ".js", ".json", ".d.ts"],
    },
    moduleSystems: ["es6", "cjs"],
  },
};
