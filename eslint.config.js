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
  // Dogfooding: our own code is linted with our own plugin.
  secretGuardrails.configs.recommended,
);
