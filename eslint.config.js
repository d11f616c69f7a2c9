// @ts-check
import tseslint from "typescript-eslint";
import secretGuardrails from "eslint-plugin-secret-guardrails";

export default tseslint.config(
  {
    ignores: ["**/dist/**", "**/node_modules/**", "fixtures/**", "**/*.d.ts", ".bench/**", "coverage/**"],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-non-null-assertion": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // Big logic gets its own module, not a bigger function: a closure that needs the state is a
    // function that takes it, and can be tested alone.
    files: ["packages/*/src/**/*.ts"],
    ignores: ["packages/analysis/src/**"],
    rules: { "max-lines-per-function": ["error", { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  {
    // The engine is being rewritten on its own branch: reported, not failing, until it lands.
    files: ["packages/analysis/src/**/*.ts"],
    rules: { "max-lines-per-function": ["warn", { max: 150, skipBlankLines: true, skipComments: true }] },
  },
  {
    // Reporters are pure functions (report) => string: the CLI writes and decides the exit code.
    // (Their imports are checked by dependency-cruiser: no node:fs, node:child_process...)
    files: ["packages/cli/src/reporters/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "process", message: "A reporter returns a string; the CLI does the I/O and reads the environment." },
        { name: "console", message: "A reporter returns a string; the CLI writes it." },
      ],
    },
  },
  // Dogfooding: our own code is linted with our own plugin.
  secretGuardrails.configs.recommended,
);
