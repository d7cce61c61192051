// multipart/form-data parsing for Power BI imports. Real clients hand-build these bodies, so the
// parser is lenient: CRLF or bare LF line breaks, quoted or bare boundary, any part name.

export interface MultipartPart {
  /** Content-Disposition name; "" when the part has name="" or no name at all. */
  name: string;
  filename?: string;
  headers: Record<string, string>;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^\s*multipart\/form-data\b/i.test(contentType)) return undefined;
  const m = /;\s*boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Parses the parts; throws an Error describing what is malformed. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delim = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let pos = body.indexOf(delim);
  if (pos < 0) throw new Error('The multipart body does not contain its boundary.');
  for (;;) {
    pos += delim.length;
    if (body.subarray(pos, pos + 2).toString() === '--') return parts;
    pos = skipLineBreak(body, pos);
    const next = body.indexOf(delim, pos);
    if (next < 0) throw new Error('The multipart body is not terminated by its closing boundary.');
    let end = next;
    if (body[end - 1] === 0x0a) end--;
    if (body[end - 1] === 0x0d) end--;
    parts.push(parsePart(body.subarray(pos, Math.max(pos, end))));
    pos = next;
  }
}

function skipLineBreak(b: Buffer, pos: number): number {
  if (b[pos] === 0x0d && b[pos + 1] === 0x0a) return pos + 2;
  if (b[pos] === 0x0a) return pos + 1;
  return pos;
}

function parsePart(raw: Buffer): MultipartPart {
  let sep = raw.indexOf('\r\n\r\n');
  let sepLen = 4;
  const lf = raw.indexOf('\n\n');
  if (sep < 0 || (lf >= 0 && lf < sep)) { sep = lf; sepLen = 2; }
  if (sep < 0) throw new Error('A multipart part has no blank line between its headers and its content.');
  const headers: Record<string, string> = {};
  for (const line of raw.subarray(0, sep).toString('utf8').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const disp = headers['content-disposition'] ?? '';
  const name = /;\s*name="([^"]*)"/i.exec(disp)?.[1] ?? /;\s*name=([^;\s]+)/i.exec(disp)?.[1] ?? '';
  const filename = /;\s*filename="([^"]*)"/i.exec(disp)?.[1] ?? /;\s*filename=([^;\s]+)/i.exec(disp)?.[1];
  return { name, filename, headers, data: raw.subarray(sep + sepLen) };
}
