import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliCommand } from '../command';
import { UsageError } from '../args';
import { createIO } from '../context';
import { validate as validateM } from '../../core/pq';
import { jsonNestingProblem, mNestingProblem, utf8Problem } from '../../core/definitions';

export interface FileDiagnostic { file: string; line: number; column: number; severity: 'error' | 'warning'; message: string }

function jsonProblem(file: string, text: string): FileDiagnostic | undefined {
  const deep = jsonNestingProblem(text, file);
  if (deep) return { file, line: deep.line, column: deep.column, severity: 'error', message: deep.message };
  try { JSON.parse(text.replace(/^\uFEFF/, '')); return undefined; } catch (err) {
    const m = /position (\d+)/.exec((err as Error).message);
    const offset = m ? Number(m[1]) : 0;
    const before = text.slice(0, offset).split('\n');
    return { file, line: before.length, column: before[before.length - 1].length + 1, severity: 'error', message: `Invalid JSON: ${(err as Error).message}` };
  }
}

async function mProblems(file: string, text: string, lineOffset = 0, note = ''): Promise<FileDiagnostic[]> {
  // The M parser's error recovery is quadratic in unclosed brackets: refuse absurd nesting first.
  const deep = mNestingProblem(text, file);
  if (deep) return [{ file, line: deep.line + lineOffset, column: deep.column, severity: 'error', message: note + deep.message }];
  const diags = await validateM(text);
  return diags.map((d) => ({ file, line: d.range.start.line + 1 + lineOffset, column: d.range.start.character + 1,
    severity: d.severity === 'warning' ? 'warning' : 'error', message: note + d.message }));
}

/** Validates one file or a definition folder; returns diagnostics with 1-based positions. */
export async function validatePath(p: string): Promise<FileDiagnostic[]> {
  const stat = fs.statSync(p, { throwIfNoEntry: false });
  if (!stat) return [{ file: p, line: 1, column: 1, severity: 'error', message: 'No such file or folder.' }];
  if (stat.isDirectory()) {
    const out: FileDiagnostic[] = [];
    for (const name of fs.readdirSync(p)) {
      const child = path.join(p, name);
      if (fs.statSync(child).isDirectory() || /\.(pq|pqm|m|json|platform|pbism|pbir)$/i.test(name) || name === '.platform') out.push(...await validatePath(child));
    }
    if (/\.Dataflow$/i.test(p)) {
      for (const required of ['mashup.pq', 'queryMetadata.json']) {
        if (!fs.existsSync(path.join(p, required)) && !fs.existsSync(path.join(p, 'model.json'))) {
          out.push({ file: path.join(p, required), line: 1, column: 1, severity: 'error', message: `Missing required part ${required} of a Dataflow Gen2 definition.` });
        }
      }
    }
    return out;
  }
  const bytes = fs.readFileSync(p);
  const notUtf8 = utf8Problem(bytes, p);
  if (notUtf8) return [{ file: p, line: 1, column: 1, severity: 'error', message: notUtf8.message }];
  const text = bytes.toString('utf8');
  if (/\.(pq|pqm|m)$/i.test(p)) return mProblems(p, text);
  if (/\.(json|platform|pbism|pbir)$/i.test(p) || path.basename(p) === '.platform') {
    const problem = jsonProblem(p, text);
    if (problem) return [problem];
    const doc = JSON.parse(text.replace(/^\uFEFF/, ''));
    const document = doc?.['pbi:mashup']?.document;
    if (typeof document === 'string') return mProblems(p, document, 0, 'in pbi:mashup.document (line/column inside the M document): ');
  }
  return [];
}

export const validateCommand: CliCommand = {
  name: 'validate',
  summary: 'Check M (.pq) and definition files; prints file:line:col diagnostics',
  usage: 'dfw validate FILE|FOLDER… [--json]',
  help: `Validates Power Query M files (.pq, .pqm, .m), Gen1 model.json (its embedded M document),
Fabric definition folders (Name.Dataflow/ with mashup.pq and queryMetadata.json) and JSON parts.
Exit code 1 when any error is found, so a pipeline stops before deploying broken M.

Example:
  dfw validate "export/Sales Orders.Dataflow"`,
  flags: {},
  async run(args) {
    if (!args.positionals.length) throw new UsageError('Name at least one file or folder to validate.');
    const io = createIO(args);
    const diags: FileDiagnostic[] = [];
    for (const p of args.positionals) diags.push(...await validatePath(p));
    const errors = diags.filter((d) => d.severity === 'error').length;
    io.result({ diagnostics: diags, errors }, diags.map((d) => `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`).join('\n') || `No problems in ${args.positionals.length} path(s).`);
    return errors ? 1 : 0;
  },
};
