// A person's page: details, roles, scope, views, WFM settings; editing for those who may (UpdateOrg):
// names, team and zone, and roles and scope (the Person API's roles/scopeTenant/scopeGroups/scopeTeams,
// whose guard refuses giving more than the editor holds: its refusal is shown on the field).
import { api, ApiError } from '../api.js';
import { can, dateTime, h, showFieldErrors } from '../dom.js';

const EDITABLE = [['firstName', 'First name'], ['lastName', 'Last name'], ['email', 'Email'],
  ['displayId', 'Display id'], ['acdId', 'ACD id']];

export async function render(root, id) {
  const [p, zone] = await Promise.all([
    api(`/api/rest/org/common/person/${encodeURIComponent(id)}`),
    api(`/api/rest/org/person/${encodeURIComponent(id)}/timezone`).catch(() => null),
  ]);
  const title = h('h1', {}, `${p.firstName} ${p.lastName}`);
  const agent = p.agentDetail || {};
  const dl = (rows) => h('dl', { class: 'facts' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
  const list = (xs) => (xs && xs.length ? xs.join(', ') : 'None');
  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: '#/org' }, 'Organization'), ' › ', p.teamName || ''),
    title,
    h('div', { class: 'columns' },
      h('section', { 'aria-labelledby': 'details-h' }, h('h2', { id: 'details-h' }, 'Details'),
        dl([['Email', p.email], ['Team', p.teamName], ['Time zone', zone ? zone.name : p.timeZone],
          ['ACD id', p.acdId], ['Active since', dateTime(p.activated)],
          ['Deactivated', p.deactivated && p.deactivated < 32503600000000 ? dateTime(p.deactivated) : 'No']])),
      h('section', { 'aria-labelledby': 'access-h' }, h('h2', { id: 'access-h' }, 'Roles and scope'),
        dl([['Roles', list((p.roles || []).map((r) => r.name))], ['Whole tenant in scope', p.scopeTenant ? 'Yes' : 'No'],
          ['Groups in scope', list(p.scopeGroups)], ['Teams in scope', list(p.scopeTeams)],
          ['QM views', list((p.qmViews || []).map((v) => v.name || v))]])),
      h('section', { 'aria-labelledby': 'wfm-h' }, h('h2', { id: 'wfm-h' }, 'WFM settings'),
        p.agentDetail ? dl([['Employee id', agent.employeeId], ['Scheduling', p.enabledForScheduling ? 'Enabled' : 'Disabled'],
          ['Views', list((agent.views || []).map((v) => v.name + (v.mainView ? ' (main)' : '')))],
          ['Work shifts', list((agent.workShifts || []).map((w) => w.workShiftName))],
          ['Rank', agent.agentRank]]) : h('p', { class: 'hint' }, 'Not set up for workforce management.')),
    ),
  );
  if (!can('UpdateOrg')) return;
  const drill = await api('/api/rest/org/common/common/permission/UpdateOrg').catch(() => []);
  const teams = drill.flatMap((g) => (g.teams || []).map((t) => ({ id: t.groupId, name: `${g.name} › ${t.name}` })));
  const zones = Intl.supportedValuesOf ? Intl.supportedValuesOf('timeZone') : [];
  const currentZone = zone ? zone.name : '';
  if (currentZone && !zones.includes(currentZone)) zones.unshift(currentZone);

  const form = h('form', { class: 'edit', id: 'person-form', novalidate: true, 'aria-labelledby': 'edit-h' },
    h('h2', { id: 'edit-h' }, 'Edit'),
    EDITABLE.map(([key, label]) => h('label', {}, label, h('input', { name: key, value: p[key] ?? '' }))),
    teams.length ? h('label', {}, 'Team', h('select', { name: 'teamId' }, teams.map((t) => h('option', { value: t.id, selected: t.id === p.teamId }, t.name)))) : null,
    zones.length ? h('label', {}, 'Time zone', h('select', { name: 'timeZone' }, zones.map((z) => h('option', { value: z, selected: z === currentZone }, z)))) : null,
    h('p', { class: 'form-error error', role: 'alert', hidden: true }),
    h('p', { class: 'saved', role: 'status' }),
    h('button', { type: 'submit' }, 'Save'));
  root.append(form);
  root.append(await accessForm(p, drill, root));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = {};
    for (const [key] of EDITABLE) {
      const value = form.elements[key].value.trim();
      if (value !== (p[key] ?? '')) body[key] = value === '' ? null : value;
    }
    if (form.elements.teamId && Number(form.elements.teamId.value) !== p.teamId) body.teamId = Number(form.elements.teamId.value);
    if (form.elements.timeZone && form.elements.timeZone.value !== currentZone) body.timeZone = form.elements.timeZone.value;
    form.querySelector('.saved').textContent = '';
    form.querySelector('.form-error').hidden = true;
    try {
      const saved = await api(`/api/rest/org/common/person/${p.id}`, { method: 'PUT', body: { ...body, id: p.id } });
      Object.assign(p, saved);
      title.textContent = `${saved.firstName} ${saved.lastName}`;
      showFieldErrors(form, { message: '', errors: [] }, () => null);
      form.querySelector('.form-error').hidden = true;
      form.querySelector('.saved').textContent = 'Saved.';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showFieldErrors(form, e, (field) => form.elements[field.split('.').pop()] || null);
    }
  });
}

// Roles and scope: checkboxes over the tenant's roles and the groups and teams the editor may see.
async function accessForm(p, drill, root) {
  const roles = await api('/api/rest/org/role').catch(() => []);
  const held = new Set((p.roles || []).map((r) => r.id));
  const groups = drill.map((g) => ({ id: g.groupId, name: g.name }));
  const teams = drill.flatMap((g) => (g.teams || []).map((t) => ({ id: t.groupId, name: `${g.name} › ${t.name}` })));
  const inGroups = new Set(p.scopeGroups || []);
  const inTeams = new Set(p.scopeTeams || []);
  const box = (name, value, label, checked) => h('label', { class: 'check' },
    h('input', { type: 'checkbox', name, value, checked }), label);
  const rolesSet = h('fieldset', { class: 'checks', id: 'access-roles', 'data-field': 'roles' },
    h('legend', {}, 'Roles'), roles.map((r) => box('role', r.id, r.name, held.has(r.id))));
  const tenantBox = box('scopeTenant', 'true', 'The whole tenant', !!p.scopeTenant);
  const scopeSet = h('fieldset', { class: 'checks', id: 'access-scope', 'data-field': 'scope' },
    h('legend', {}, 'Scope'), tenantBox,
    h('div', { class: 'check-group', 'data-field': 'scopeGroups' }, h('span', { class: 'hint' }, 'Groups'),
      groups.map((g) => box('scopeGroup', g.id, g.name, inGroups.has(g.id)))),
    h('div', { class: 'check-group', 'data-field': 'scopeTeams' }, h('span', { class: 'hint' }, 'Teams'),
      teams.map((t) => box('scopeTeam', t.id, t.name, inTeams.has(t.id)))));
  const form = h('form', { class: 'edit access', id: 'access-form', novalidate: true, 'aria-labelledby': 'access-edit-h' },
    h('h2', { id: 'access-edit-h' }, 'Roles and scope'),
    rolesSet, scopeSet,
    h('p', { class: 'form-error error', role: 'alert', hidden: true }),
    h('p', { class: 'saved', role: 'status' }),
    h('button', { type: 'submit' }, 'Save roles and scope'));

  // The facts above name the groups and teams in scope (the Person API answers their ids).
  const byId = (xs) => new Map(xs.map((x) => [x.id, x.name]));
  const groupNames = byId(groups);
  const teamNames = byId(teams);
  function facts() {
    const dds = new Map([...root.querySelectorAll('section[aria-labelledby=access-h] dt')].map((dt) => [dt.textContent, dt.nextElementSibling]));
    const names = (ids, known) => (ids && ids.length ? ids.map((x) => known.get(x) || `#${x}`).join(', ') : 'None');
    const put = (key, text) => { if (dds.get(key)) dds.get(key).textContent = text; };
    put('Roles', (p.roles || []).length ? p.roles.map((r) => r.name).join(', ') : 'None');
    put('Whole tenant in scope', p.scopeTenant ? 'Yes' : 'No');
    put('Groups in scope', names(p.scopeGroups, groupNames));
    put('Teams in scope', names(p.scopeTeams, teamNames));
  }
  facts();
  const checkedIds = (name) => [...form.querySelectorAll(`input[name=${name}]:checked`)].map((i) => Number(i.value));
  const same = (a, b) => a.length === b.size && a.every((x) => b.has(x));
  // Where the API's refusal belongs: its errors' fields, else what its words name.
  function fieldFor(error) {
    const named = (error.errors || []).map((e) => String(e.field || '')).find(Boolean) || '';
    if (named.startsWith('roles') || /^Role '|administrator|Administer Tenant/i.test(error.message)) return rolesSet;
    if (named.startsWith('scopeGroups')) return scopeSet.querySelector('[data-field=scopeGroups]');
    if (named.startsWith('scopeTeams')) return scopeSet.querySelector('[data-field=scopeTeams]');
    if (named.startsWith('scope') || /scope/i.test(error.message)) return scopeSet;
    return null;
  }
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const body = { id: p.id };
    const roleIds = checkedIds('role');
    if (!same(roleIds, held)) body.roles = roleIds;
    const tenantWide = tenantBox.querySelector('input').checked;
    if (tenantWide !== !!p.scopeTenant) body.scopeTenant = tenantWide;
    const groupIds = checkedIds('scopeGroup');
    if (!same(groupIds, inGroups)) body.scopeGroups = groupIds;
    const teamIds = checkedIds('scopeTeam');
    if (!same(teamIds, inTeams)) body.scopeTeams = teamIds;
    const error = form.querySelector('.form-error');
    const saved = form.querySelector('.saved');
    form.querySelectorAll('.field-error').forEach((e) => e.remove());
    form.querySelectorAll('.invalid').forEach((e) => e.classList.remove('invalid'));
    error.hidden = true;
    saved.textContent = '';
    try {
      const answer = await api(`/api/rest/org/common/person/${p.id}`, { method: 'PUT', body });
      held.clear(); (answer.roles || []).forEach((r) => held.add(r.id));
      p.scopeTenant = answer.scopeTenant;
      inGroups.clear(); (answer.scopeGroups || []).forEach((x) => inGroups.add(x));
      inTeams.clear(); (answer.scopeTeams || []).forEach((x) => inTeams.add(x));
      Object.assign(p, { roles: answer.roles, scopeTenant: answer.scopeTenant, scopeGroups: answer.scopeGroups,
        scopeTeams: answer.scopeTeams });
      facts();
      saved.textContent = 'Saved.';
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      const field = fieldFor(e);
      if (field) {
        field.classList.add('invalid');
        field.append(h('span', { class: 'field-error', role: 'alert' }, e.message));
      } else {
        error.hidden = false;
        error.textContent = e.message;
      }
    }
  });
  return form;
}
