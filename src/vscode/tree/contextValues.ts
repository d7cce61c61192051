// contextValue tokens for tree nodes. A node's contextValue is `kind;token;token;` and menus
// match with `viewItem =~ /;token;/` (or /^kind;/ for the kind), so adding a token never breaks
// an existing when clause.
export const Tokens = {
  refreshable: 'refreshable',
  enhanced: 'enhanced',
  deployable: 'deployable',
  editable: 'editable',
  cancellable: 'cancellable',
  running: 'running',
  hasSchedule: 'schedule',
  flowOn: 'on',
  flowOff: 'off',
  portal: 'portal',
  copyable: 'copyable',
  workspaceDeployable: 'workspaceDeployable',
} as const;

export function contextValue(kind: string, ...tokens: Array<string | false | undefined>): string {
  return [kind, ...tokens.filter((t): t is string => !!t)].join(';') + ';';
}
