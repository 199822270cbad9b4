// A person's page: details, roles, scope, views, WFM settings; editing for those who may (UpdateOrg).
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
