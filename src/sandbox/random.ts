// Seeded randomness for the sandbox: with a seed, ids and "random" failures repeat run after run.
import { createHash, randomUUID } from 'node:crypto';

/** mulberry32 over a SHA-256 of the seed. Without a seed: Math.random. */
export function seededRandom(seed: string | undefined): () => number {
  if (seed === undefined) return Math.random;
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A version-4-shaped GUID from `random`; crypto.randomUUID when `random` is undefined. */
export function guidFrom(random: (() => number) | undefined): string {
  if (!random) return randomUUID();
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join('');
  const variant = '89ab'[Math.floor(random() * 4)];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
