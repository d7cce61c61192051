// Core M positions are 0-based UTF-16 line/character, the same as VS Code's.
import * as vscode from 'vscode';
import type { PqDiagnostic, PqRange } from '../../core/pq';

export const toRange = (r: PqRange): vscode.Range =>
  new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);

export function toDiagnostic(d: PqDiagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message,
    d.severity === 'warning' ? vscode.DiagnosticSeverity.Warning : vscode.DiagnosticSeverity.Error);
  diagnostic.source = 'powerquery';
  diagnostic.code = d.code;
  return diagnostic;
}
