/** Extracts the first file part of a multipart/form-data body (part name "file" or empty). */
export function firstFilePart(body: Buffer, contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  if (!m) return undefined;
  const boundary = `--${m[1] ?? m[2]}`;
  const text = body.toString('utf8');
  for (const chunk of text.split(boundary).slice(1)) {
    if (chunk.startsWith('--')) break;
    const sep = chunk.indexOf('\r\n\r\n');
    if (sep < 0) continue;
    const head = chunk.slice(0, sep);
    if (!/content-disposition:\s*form-data/i.test(head)) continue;
    const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
    if (name !== 'file' && name !== '') continue;
    return chunk.slice(sep + 4).replace(/\r\n$/, '');
  }
  return undefined;
}
