/** What a command gets instead of `process`: its streams, working directory and environment. */

export interface OutputStream {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
}

export interface MainIo {
  readonly stdout: OutputStream;
  readonly stderr: OutputStream;
  /** Where relative paths (ROOT, --output, --config, files) are resolved. Default `process.cwd()`. */
  readonly cwd?: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
}
