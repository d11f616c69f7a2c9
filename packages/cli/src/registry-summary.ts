import { relative, sep } from "node:path";
import type { LoadedRegistry } from "@secret-guardrails/core";
import type { ReportRegistry } from "./report.js";

/** What a run checks, as the report states it: names only, never values. */
export function summarizeRegistry(loaded: Pick<LoadedRegistry, "registry" | "configFile">, root: string): ReportRegistry {
  const { registry, configFile } = loaded;
  return {
    source: registry.source === "config" ? "config" : "discovery",
    ...(configFile !== undefined ? { config: relative(root, configFile).split(sep).join("/") } : {}),
    settingsModels: registry.settingsModels.map((model) => model.name),
    schemas: [...new Set(registry.settingsModels.flatMap((model) => (model.schema ? [model.schema.file] : [])))].sort(),
    secrets: registry.secrets.map((secret) => ({ secret: secret.field, env: [...secret.envVars] })),
  };
}
