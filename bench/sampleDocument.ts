// The benchmark's M document: about `bytes` characters of section members taken from the real
// dataflows in ../shared/samples, repeated under new names. Real queries have more varied
// constructs (records, lists, functions, metadata, comments, long strings) than the generated
// document the parser workers warm up on, so the figure is not flattered by a warm-up on the same
// text. Falls back to the generated document when the samples are not there.
import { existsSync } from 'node:fs';
import { generateSectionDocument } from '../src/core/pq/generatedDocument';
import { isTriviaOnly, normalizeForLexer, splitOnSemicolons } from '../src/core/pq/sectionSplitter';
import { fabricMashups, isPlaceholder, modelJsonDocuments, SAMPLES } from '../test/unit/pq/sampleDocuments';

export interface BenchDocument {
  readonly text: string;
  readonly description: string;
}

/** `[attributes] shared Name =` at the start of a member: the name is group 2. */
const MEMBER_HEAD = /^(\s*(?:\[(?:[^\]"]|"(?:[^"]|"")*")*\]\s*)?(?:shared\s+)?)(#"(?:[^"]|"")*"|[A-Za-z_][\w.]*)(\s*=)/;

function renamed(member: string, copy: number): string | undefined {
  const head = MEMBER_HEAD.exec(member);
  if (!head) return undefined;
  const name = head[2].startsWith('#"') ? head[2].slice(2, -1) : head[2];
  return `${head[1]}#"${name} ${copy}"${head[3]}${member.slice(head[0].length)}`;
}

export function benchDocument(bytes: number): BenchDocument {
  const members = !existsSync(SAMPLES) ? [] : [...fabricMashups(), ...modelJsonDocuments()]
    .filter((d) => !isPlaceholder(d))
    .flatMap((d) => splitOnSemicolons(normalizeForLexer(d.text)).slice(1).map((c) => c.text.trim()))
    .filter((m) => !isTriviaOnly(m) && MEMBER_HEAD.test(m));
  if (members.length < 5) return { text: generateSectionDocument(bytes), description: 'generated Gen2-style queries (samples not found)' };
  const parts = ['section Section1;\r\n'];
  let size = parts[0].length;
  for (let copy = 0; size < bytes; copy++) {
    for (const member of members) {
      if (size >= bytes) break;
      const text = `${renamed(member, copy)!.replace(/\r?\n/g, '\r\n')}\r\n\r\n`;
      parts.push(text);
      size += text.length;
    }
  }
  return { text: parts.join(''), description: `${members.length} real queries from ../shared/samples, repeated under new names` };
}
