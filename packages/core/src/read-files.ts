/**
 * Reading the source files: each once, as text (BOM stripped, CRLF kept), or the reason it cannot be
 * analysed; never a FIFO, a device or a file too large.
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";

/** A file that was read: its root-relative POSIX path and its text (BOM stripped, line endings kept). */
export interface SourceText {
  readonly file: string;
  readonly text: string;
}

/** A file that could not be read, with a reason that never contains its content. */
export interface SourceReadError {
  readonly file: string;
  readonly error: string;
}

export type SourceReadResult = SourceText | SourceReadError;

export function isSourceText(result: SourceReadResult): result is SourceText {
  // `in`, not a read of `text`: an indexed source reads its text lazily (see `indexSourceFiles`).
  return !("error" in result);
}

export interface ReadSourceFilesOptions {
  /** Files larger than this are not read (an `analysis-error`). Default 4 MB: hand-written sources are far smaller, and parsing a bigger one could take more memory than a whole run may. */
  readonly maxBytes?: number;
}

export const DEFAULT_MAX_FILE_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Reads each file (root-relative POSIX) once. Returns, in the same order, the text (BOM stripped,
 * CRLF kept) or the reason it cannot be analysed: missing or dangling symlink, symlink loop,
 * permission denied, a directory, not a regular file, too large, not valid UTF-8.
 */
export function readSourceFiles(
  root: string,
  files: readonly string[],
  options: ReadSourceFilesOptions = {},
): SourceReadResult[] {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_FILE_BYTES;
  return files.map((file) => readSourceFile(root, file, maxBytes));
}

function readSourceFile(root: string, file: string, maxBytes: number): SourceReadResult {
  const path = join(root, file);
  try {
    const stats = statSync(path);
    if (stats.isDirectory()) return { file, error: "is a directory" };
    // Reading a FIFO blocks until someone writes; a device (a symlink to /dev/zero) never ends.
    if (!stats.isFile()) return { file, error: "is not a regular file (a FIFO, socket or device)" };
    if (stats.size > maxBytes) return { file, error: `too large (${stats.size} bytes; the limit is ${maxBytes})` };
    const bytes = readFileSync(path);
    let text: string;
    try {
      text = utf8.decode(bytes); // strips a UTF-8 BOM
    } catch {
      return { file, error: "not valid UTF-8" };
    }
    return { file, text };
  } catch (error) {
    return { file, error: readErrorReason(error as NodeJS.ErrnoException) };
  }
}

/** Why a file or directory cannot be read, in words (never its content). */
export function readErrorReason(error: { readonly code?: string }): string {
  switch (error.code) {
    case "ENOENT":
      return "does not exist (missing file or dangling symlink)";
    case "ELOOP":
      return "is a symlink loop";
    case "EACCES":
    case "EPERM":
      return "cannot be read (permission denied)";
    case "EISDIR":
      return "is a directory";
    default:
      return `cannot be read (${error.code ?? "I/O error"})`;
  }
}

/** Is `path` a directory (following symlinks)? False when it cannot be stated. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
