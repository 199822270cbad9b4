// Organization: the group → team → person tree of what the caller may see (one drill-down call), with search.
import { api } from '../api.js';
import { h, message } from '../dom.js';

export async function render(root) {
  const groups = await api('/api/rest/org/common/common/permission/ViewOrg');
  const children = new Map();
  for (const g of groups) {
    const key = g.parentGroupId ?? 'root';
    if (!children.has(key)) children.set(key, []);
    children.get(key).push(g);
  }
  const ids = new Set(groups.map((g) => g.groupId));
  const tops = groups.filter((g) => g.parentGroupId == null || !ids.has(g.parentGroupId));

  const search = h('input', { type: 'search', id: 'org-search', placeholder: 'Name, email, team or group',
    'aria-describedby': 'org-count' });
  const count = h('p', { id: 'org-count', class: 'hint', role: 'status' });
  const tree = h('ul', { class: 'tree', role: 'tree', 'aria-label': 'Organization' });
  root.append(
    h('h1', {}, 'Organization'),
    h('div', { class: 'toolbar' }, h('label', {}, 'Search ', search), count),
    tree,
  );
  if (!groups.length) { tree.replaceWith(message('No groups are in your scope. Ask an administrator to add some to it.')); return; }

  function person(p) {
    const name = `${p.firstName} ${p.lastName}`;
    return h('li', { role: 'treeitem', class: 'person', dataset: { text: `${name} ${p.email || ''}`.toLowerCase() } },
      h('a', { href: `#/person/${p.personId}` }, name), ' ', h('span', { class: 'hint' }, p.email || ''));
  }
  function team(t) {
    const agents = t.agents || [];
    return h('li', { role: 'treeitem', class: 'team', dataset: { text: t.name.toLowerCase() } },
      h('details', {},
        h('summary', {}, h('span', { class: 'kind' }, 'Team'), ' ', t.name, ' ',
          h('span', { class: 'hint' }, `${agents.length} ${agents.length === 1 ? 'person' : 'people'}`), ' ',
          h('a', { href: `#/schedules?team=${t.groupId}`, class: 'chip' }, 'Schedule'), ' ',
          h('a', { href: `#/live?team=${t.groupId}`, class: 'chip' }, 'Real-time')),
        agents.length ? h('ul', { role: 'group' }, agents.map(person)) : h('p', { class: 'hint' }, 'No one in this team yet.')));
  }
  function group(g) {
    const sub = children.get(g.groupId) || [];
    return h('li', { role: 'treeitem', class: 'group', dataset: { text: g.name.toLowerCase() } },
      h('details', { open: tops.includes(g) },
        h('summary', {}, h('span', { class: 'kind' }, 'Group'), ' ', g.name),
        h('ul', { role: 'group' }, sub.map(group), (g.teams || []).map(team))));
  }
  tree.append(...tops.map(group));

  search.addEventListener('input', () => {
    const q = search.value.trim().toLowerCase();
    let people = 0;
    tree.querySelectorAll('li').forEach((li) => { li.hidden = false; });
    if (!q) { count.textContent = ''; return; }
    // Bottom up: an item shows when it or anything below it matches; matches open their parents.
    const items = [...tree.querySelectorAll('li')].reverse();
    for (const li of items) {
      const self = li.dataset.text.includes(q);
      const below = [...li.querySelectorAll(':scope > details > ul > li, :scope > ul > li')].some((c) => !c.hidden);
      li.hidden = !(self || below);
      const d = li.querySelector(':scope > details');
      if (d && below) d.open = true;
      if (self && li.classList.contains('person')) people += 1;
    }
    count.textContent = people ? `${people} ${people === 1 ? 'person matches' : 'people match'}` : 'No one matches; try part of a name or an email.';
  });
}
