// The README's quick start as the consumer smoke test runs it: the fenced blocks between
// `<!-- quick-start:start` and `<!-- quick-start:end -->`, in order (shell blocks: one command a line;
// JavaScript blocks: a file named by its first line, `// eslint.config.mjs`), and the block after
// `<!-- typed-config`.

/** @typedef {{ kind: "command", command: string } | { kind: "file", name: string, text: string }} Step */

const FENCE = /^```(\w+)\n([\s\S]*?)^```$/gm;

/** @returns {{ steps: Step[], typedConfig: string }} */
export function quickStart(readme) {
  const start = readme.indexOf("<!-- quick-start:start");
  const end = readme.indexOf("<!-- quick-start:end -->");
  if (start < 0 || end < start) throw new Error("README.md: no <!-- quick-start:start --> ... <!-- quick-start:end --> section");
  /** @type {Step[]} */
  const steps = [];
  for (const [, language, body] of readme.slice(start, end).matchAll(FENCE)) {
    if (language === "sh") {
      for (const line of body.split("\n")) if (line.trim() !== "" && !line.trim().startsWith("#")) steps.push({ kind: "command", command: line.trim() });
    } else if (language === "js") {
      const name = /^\/\/ (\S+)\n/.exec(body)?.[1];
      if (!name) throw new Error("README.md: a js block of the quick start must start with `// <file name>`");
      steps.push({ kind: "file", name, text: body });
    } else {
      throw new Error(`README.md: the quick start has a \`${language}\` block the smoke test cannot run`);
    }
  }
  const typed = readme.indexOf("<!-- typed-config");
  const typedBlock = typed < 0 ? undefined : [...readme.slice(typed).matchAll(FENCE)][0];
  if (!typedBlock || typedBlock[1] !== "js") throw new Error("README.md: no js block after <!-- typed-config -->");
  return { steps, typedConfig: typedBlock[2] };
}

/** The packages an install command names (`npm install --save-dev a b`): every operand after the flags. */
export function installedPackages(command) {
  const [tool, verb, ...rest] = command.split(/\s+/);
  if (tool !== "npm" || !["install", "i", "add"].includes(verb)) return undefined;
  return rest.filter((word) => !word.startsWith("-"));
}

/** The bare packages a JavaScript module imports (`eslint/config` -> `eslint`, `@scope/x/y` -> `@scope/x`). */
export function importedPackages(text) {
  const specifiers = [...text.matchAll(/^import\s[^;]*?from\s+"([^"]+)"/gm)].map((match) => match[1]);
  return [...new Set(specifiers.filter((specifier) => !specifier.startsWith(".") && !specifier.startsWith("node:")).map((specifier) => specifier.split("/").slice(0, specifier.startsWith("@") ? 2 : 1).join("/")))];
}
