import { github } from "./github.js";
import { json } from "./json.js";
import { markdown } from "./markdown.js";
import { sarif } from "./sarif.js";
import { stylish } from "./stylish.js";
import type { Reporter } from "./shared.js";

export type { Reporter, ReporterOptions } from "./shared.js";

/** Every output format, by its `--format` name. */
export const reporters = { stylish, json, sarif, markdown, github } satisfies Record<string, Reporter>;

export type Format = keyof typeof reporters;

export const FORMATS = Object.keys(reporters) as Format[];

export function isFormat(name: string): name is Format {
  return Object.hasOwn(reporters, name);
}
