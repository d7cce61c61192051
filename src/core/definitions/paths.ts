// File and path safety for definitions written to disk (export folders) or served as virtual files.

const ESCAPED = new Set(['/', '\\', ':', '*', '?', '"', '<', '>', '|', '#', '%']);
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
const MAX_CHARS = 200;
/** ext4/APFS allow 255 bytes per name; leave room for suffixes like ".Dataflow". */
const MAX_BYTES = 240;

const pct = (ch: string) => [...Buffer.from(ch, 'utf8')].map((b) => '%' + b.toString(16).toUpperCase().padStart(2, '0')).join('');

/**
 * A folder or file name for a display name: `/ \ : * ? " < > | # %`, control characters, leading
 * dots, trailing dots/spaces and Windows device names are percent-escaped (so the name decodes back
 * with decodeURIComponent when not trimmed); emoji and other non-ASCII text are kept. The result is
 * at most 200 characters and 240 UTF-8 bytes, never cut inside an escape or a surrogate pair.
 */
export function safeFileName(displayName: string): string {
  const pieces = [...displayName].map((ch, i) => {
    const code = ch.codePointAt(0)!;
    return ESCAPED.has(ch) || code < 0x20 || code === 0x7f || (ch === '.' && i === 0) ? pct(ch) : ch;
  });
  const fits = (list: string[]) => {
    const s = list.join('');
    return s.length <= MAX_CHARS && Buffer.byteLength(s, 'utf8') <= MAX_BYTES;
  };
  const kept: string[] = [];
  let chars = 0;
  let bytes = 0;
  for (const p of pieces) {
    chars += p.length;
    bytes += Buffer.byteLength(p, 'utf8');
    if (chars > MAX_CHARS || bytes > MAX_BYTES) break;
    kept.push(p);
  }
  // Windows drops trailing dots and spaces: escape them, dropping whole pieces if that overflows.
  for (;;) {
    for (let i = kept.length - 1; i >= 0 && (kept[i] === '.' || kept[i] === ' '); i--) kept[i] = pct(kept[i]);
    if (fits(kept)) break;
    kept.pop();
  }
  let out = kept.join('');
  if (RESERVED.test(out)) out = pct(out[0]) + out.slice(1);
  return out.length ? out : '_';
}

/**
 * True when a relative part path stays inside its folder on every OS: `/`-separated, no empty,
 * `.` or `..` segment, no backslash, no absolute or drive prefix, no control characters.
 */
export function isSafeRelativePath(path: string): boolean {
  if (typeof path !== 'string' || path.length === 0 || path.length > 1024) return false;
  if (path.includes('\\') || /^[A-Za-z]:/.test(path) || /[\x00-\x1f\x7f]/.test(path)) return false;
  return path.split('/').every((seg) => seg.length > 0 && seg !== '.' && seg !== '..');
}
