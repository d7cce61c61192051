// A commented starter environments.jsonc from the workspaces a user picked.

/** "Sales [Dev]" → "dev"; falls back to env1, env2… */
export function environmentKey(name: string, i: number): string {
  const m = /\[(\w+)\]|[-_ (](dev|test|uat|acc|prod|qa)\)?$/i.exec(name);
  return (m?.[1] ?? m?.[2] ?? `env${i + 1}`).toLowerCase();
}

export function starterEnvironments(workspaces: string[]): string {
  const envs = workspaces.map((w, i) => {
    const key = environmentKey(w, i);
    const rules = i === 0 ? '' : `,
      "rules": [
        // Replace text in every definition deployed here (regex: true for a regular expression).
        // { "type": "replace", "find": "dev-sql.contoso.com", "replace": "${key}-sql.contoso.com" },
        // Set an M parameter (a query with IsParameterQuery=true) by name.
        // { "type": "parameter", "name": "ServerName", "value": "${key}-sql.contoso.com" },
        // Map a flow's connection reference.
        // { "type": "connectionReference", "from": "cr_sql_dev", "to": "cr_sql_${key}" }
      ]`;
    return `    ${JSON.stringify(key)}: {
      "powerbi": { "workspace": ${JSON.stringify(w)} },
      // "fabric": { "workspace": "…" },            // defaults to the Power BI workspace
      // "dataverse": { "environment": "contoso-${key}" },
      "flowState": "keep"${rules}
    }`;
  });
  return `// Dataflow Workbench environments: Dev → Test → … → Prod.
// Right-click an item → "Deploy to workspace…" and pick an environment; its rules apply.
{
  "$schema": "https://dataflow-workbench.local/schemas/environments.schema.json",
  "environments": {
${envs.join(',\n')}
  }
}
`;
}
