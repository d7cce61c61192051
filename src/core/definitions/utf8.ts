// UTF-8 checks for parts that are text by type. A definition part is exact bytes; text parts
// that are not valid UTF-8 cannot be edited or validated without changing bytes, so they are
// refused with the offset of the first bad byte instead of being decoded with U+FFFD.
import type { DefinitionProblem } from './types';

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Offset of the first byte that is not part of valid UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  try { decoder.decode(bytes); return -1; } catch { /* locate it below */ }
  let lo = 0, hi = bytes.length;
  // Binary search on prefixes: a valid prefix decodes, so the first failure is at the boundary.
  // A prefix cut inside a valid multi-byte sequence also fails, hence the `stream` decode.
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    try { new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid + 1), { stream: true }); lo = mid + 1; } catch { hi = mid; }
  }
  // A lead byte whose sequence is cut short fails at the byte after it: report the lead byte.
  let start = lo;
  while (start > 0 && lo - start < 3 && (bytes[start - 1] & 0xc0) === 0x80) start--;
  const lead = start - 1;
  if (lead < 0 || bytes[lead] < 0xc0) return lo;
  const need = bytes[lead] >= 0xf0 ? 4 : bytes[lead] >= 0xe0 ? 3 : 2;
  return lo - lead < need ? lead : lo;
}

/** A problem naming the part and byte offset when `bytes` is not UTF-8, else undefined. */
export function utf8Problem(bytes: Uint8Array, path: string): DefinitionProblem | undefined {
  const at = firstInvalidUtf8(bytes);
  if (at < 0) return undefined;
  const hex = bytes[at]?.toString(16).toUpperCase().padStart(2, '0') ?? 'end of file';
  return {
    severity: 'error', path,
    message: `${path} is not UTF-8 text: byte 0x${hex} at offset ${at} is invalid. Save the file as UTF-8 (in VS Code: "Save with Encoding" → UTF-8) and try again.`,
  };
}
