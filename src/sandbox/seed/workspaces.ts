// Seeded workspaces: the deployment pipeline stages the demo uses, one hostile name that
// exercises encoding everywhere, and enough filler for paging ($top/$skip, continuation tokens).
import type { SandboxContext, SandboxWorkspace } from '../types';

/** Names the seeders and tests refer to. */
export const WS = {
  salesDev: 'Sales [Dev]',
  salesTest: 'Sales [Test]',
  salesProd: 'Sales [Prod]',
  financeDev: 'Finance [Dev]',
  financeProd: 'Finance [Prod]',
  hostile: 'R&D / "Ops" #1 – Zürich ✓',
} as const;

const FILLER_TEAMS = ['Marketing', 'HR', 'Operations', 'Supply Chain', 'Customer Care', 'Legal',
  'Procurement', 'IT Service', 'Quality', 'Research'];
export const FILLER_COUNT = 25;

export function seedWorkspaces(ctx: SandboxContext): SandboxWorkspace[] {
  const capacityId = ctx.newGuid();
  const ws = (name: string, description: string, onCapacity: boolean): SandboxWorkspace => ({
    id: ctx.newGuid(), name, description, type: 'Workspace', ...(onCapacity ? { capacityId } : {}),
  });
  const out: SandboxWorkspace[] = [
    ws(WS.salesDev, 'Sales analytics: development stage', true),
    ws(WS.salesTest, 'Sales analytics: test stage', true),
    ws(WS.salesProd, 'Sales analytics: production', true),
    ws(WS.financeDev, 'Finance reporting: development', true),
    ws(WS.financeProd, 'Finance reporting: production', true),
    ws(WS.hostile, 'A workspace whose name needs escaping in URLs, JSON, file names and shells', false),
  ];
  for (let i = 0; i < FILLER_COUNT; i++) {
    const team = FILLER_TEAMS[i % FILLER_TEAMS.length];
    out.push(ws(`${team} Analytics ${String(i + 1).padStart(2, '0')}`, `Filler workspace ${i + 1}`, i % 3 === 0));
  }
  return out;
}

export function workspaceByName(list: SandboxWorkspace[], name: string): SandboxWorkspace {
  const w = list.find((x) => x.name === name);
  if (!w) throw new Error(`Seed: no workspace named ${name}`);
  return w;
}
