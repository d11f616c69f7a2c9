/**
 * `--shard i/n`: a deterministic split of the files across a CI matrix. The analysis runs once, in
 * shard 1, over the whole tree; each shard reports its own files that cannot be read.
 */
export interface Shard {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
}

export function parseShard(text: string): Shard | undefined {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return undefined;
  const index = Number(match[1]);
  const count = Number(match[2]);
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined;
}

/** FNV-1a (32 bit) of the POSIX path: the same file lands in the same shard on every machine. */
export function shardOf(file: string, count: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < file.length; i++) {
    hash ^= file.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % count) + 1;
}

export function inShard(file: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(file, shard.count) === shard.index;
}

/** The cross-file checker runs once, in the first shard. */
export function runsChecker(shard: Shard | undefined): boolean {
  return !shard || shard.index === 1;
}
