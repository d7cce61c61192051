// GET /groups?$filter=&$top=&$skip= and GET /groups/{groupId}.
import type { SandboxWorkspace } from '../types';
import { compileFilter } from './odataFilter';
import { odataList, ok, type Router } from './router';
import { pbiBadRequest } from './errors';
import { findGroup } from './lookup';

const FILTER_FIELDS = ['id', 'name', 'type', 'isReadOnly', 'isOnDedicatedCapacity', 'capacityId'];

export function groupJson(w: SandboxWorkspace): Record<string, unknown> {
  return {
    id: w.id,
    isReadOnly: false,
    isOnDedicatedCapacity: !!w.capacityId,
    ...(w.capacityId ? { capacityId: w.capacityId, defaultDatasetStorageFormat: 'Small' } : {}),
    type: w.type,
    name: w.name,
  };
}

/** Parses $top/$skip: undefined when absent, an error message when not a non-negative integer. */
export function pagingParam(q: URLSearchParams, name: '$top' | '$skip'): number | undefined | string {
  const v = q.get(name);
  if (v === null) return undefined;
  if (!/^\d+$/.test(v.trim())) return `${name} must be a non-negative integer, got "${v}".`;
  return Number(v);
}

export function registerGroupRoutes(r: Router): void {
  r.add('GET', '/groups', ({ req, state }) => {
    let list = state.workspaces.map(groupJson);
    const filter = req.query.get('$filter');
    if (filter !== null && filter.trim() !== '') {
      try {
        const pred = compileFilter(filter, FILTER_FIELDS);
        list = list.filter(pred);
      } catch (e) {
        return pbiBadRequest('InvalidRequest', `Invalid $filter: ${(e as Error).message}`);
      }
    }
    const top = pagingParam(req.query, '$top');
    const skip = pagingParam(req.query, '$skip');
    if (typeof top === 'string') return pbiBadRequest('InvalidRequest', top);
    if (typeof skip === 'string') return pbiBadRequest('InvalidRequest', skip);
    list = list.slice(skip ?? 0, top === undefined ? undefined : (skip ?? 0) + top);
    return odataList(req, 'groups', list);
  });
  r.add('GET', '/groups/:groupId', (c) => {
    const g = findGroup(c);
    if (!g.ok) return g.response;
    return ok({ '@odata.context': `${c.req.serviceRoot}/$metadata#groups/$entity`, ...groupJson(g.value) });
  });
}
