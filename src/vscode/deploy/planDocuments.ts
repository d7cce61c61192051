// Read-only documents for reviewing a plan: a Markdown summary and, per item and file, the
// current target text and the text that will be deployed, for VS Code's diff editor.
import * as vscode from 'vscode';
import type { Plan } from '../../core/deploy/planner';

export const PLAN_SCHEME = 'dataflow-plan';

export class PlanDocuments implements vscode.TextDocumentContentProvider {
  private readonly plans = new Map<string, Plan>();
  private counter = 0;

  add(plan: Plan): string {
    const id = String(++this.counter);
    this.plans.set(id, plan);
    if (this.plans.size > 10) this.plans.delete(this.plans.keys().next().value!);
    return id;
  }

  summaryUri(id: string): vscode.Uri { return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${id}/plan.md` }); }
  fileUri(id: string, index: number, side: 'current' | 'proposed', file: string): vscode.Uri {
    return vscode.Uri.from({ scheme: PLAN_SCHEME, path: `/${id}/${index}/${side}/${file}` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const [id, index, side, ...file] = uri.path.split('/').filter(Boolean);
    const plan = this.plans.get(id);
    if (!plan) return 'This plan is no longer available; plan the deployment again.';
    if (index === 'plan.md') return renderPlan(plan);
    const item = plan.items[Number(index)];
    const name = file.join('/');
    return (side === 'current' ? item?.current?.[name] : item?.files[name]) ?? '';
  }
}

const ICON: Record<string, string> = { create: '➕ create', update: '✏️ update', unchanged: '✔️ unchanged', blocked: '⛔ blocked' };

export function renderPlan(plan: Plan): string {
  const lines = [`# Deployment plan → ${plan.target}`, ''];
  const count = (a: string) => plan.items.filter((i) => i.action === a).length;
  lines.push(`${count('create')} to create · ${count('update')} to update · ${count('unchanged')} unchanged · ${count('blocked')} blocked`, '');
  for (const e of plan.errors) lines.push(`> ⛔ ${e}`, '');
  for (const w of plan.warnings ?? []) lines.push(`> ⚠️ ${w}`, '');
  lines.push('| # | Item | Kind | Action | Rules applied | References |', '|---|---|---|---|---|---|');
  plan.items.forEach((i, n) => {
    const rules = i.rulesApplied.map((a) => `${a.rule.type}${a.rule.type === 'parameter' ? ` ${a.rule.name}` : ''} in ${a.file} (×${a.count})`).join('; ') || '—';
    const refs = i.references.map((r) => `${r.name ?? r.from.dataflowId} → ${r.via === 'deployment' ? 'deployed in this run' : r.to ? r.to.dataflowId : r.via}`).join('; ') || '—';
    lines.push(`| ${n + 1} | ${i.source.name.replace(/\|/g, '\\|')} | ${i.source.kind} | ${ICON[i.action]} | ${rules.replace(/\|/g, '\\|')} | ${refs.replace(/\|/g, '\\|')} |`);
  });
  const problems = plan.items.filter((i) => i.problems.length || i.warnings.length);
  if (problems.length) {
    lines.push('', '## Problems and warnings', '');
    for (const i of problems) {
      for (const p of i.problems) lines.push(`- ⛔ **${i.source.name}**: ${p}`);
      for (const w of i.warnings) lines.push(`- ⚠️ **${i.source.name}**: ${w}`);
    }
  }
  if (plan.unusedRules.length) {
    lines.push('', '## Rules that changed nothing', '', ...plan.unusedRules.map((r) => `- ${JSON.stringify(r)}`));
  }
  if (plan.checklist.length) lines.push('', '## After deploying (no API can do these)', '', ...plan.checklist.map((c) => `- [ ] ${c}`));
  return lines.join('\n') + '\n';
}
