// Exception requests: the inbox of pending requests (what the workflow rule suggested, if one matched);
// approve (the exception goes onto the agent's schedule at once) or deny, with a comment.
import { api, ApiError, query } from '../api.js';
import { clear, ctx, dateTime, day, h, message, time } from '../dom.js';

const PATH = '/api/rest/scheduling/changeRequest/exception';

export async function render(root, _rest, params) {
  const status = params.get('status') || 'pending';
  const [requests, drill] = await Promise.all([
    api(PATH + query({ status })),
    api('/api/rest/org/common/common/permission/ViewOrg').catch(() => []),
  ]);
  const names = new Map(drill.flatMap((g) => (g.teams || []).flatMap((t) => (t.agents || [])
    .map((a) => [a.personId, `${a.firstName} ${a.lastName}`]))));
  const filter = h('select', { id: 'status' }, ['pending', 'approved', 'denied'].map((s) => h('option', { value: s, selected: s === status }, s)));
  filter.addEventListener('change', () => { location.hash = `#/requests?status=${filter.value}`; });
  const list = h('div', { class: 'cards', id: 'requests' });
  root.append(h('h1', {}, 'Exception requests'),
    h('div', { class: 'toolbar' }, h('label', {}, 'Status ', filter), h('span', { class: 'hint' }, `Times in ${ctx.zone}`)),
    list);
  if (!requests.length) {
    list.append(message(status === 'pending' ? 'No requests are waiting for a decision.' : `No ${status} requests.`));
    return;
  }
  for (const r of requests) list.append(card(r));

  function card(r) {
    const who = names.get(r.agentId) || `Agent ${r.agentId}`;
    const when = r.entireDay ? `${day(Date.parse(`${r.date}T12:00:00Z`), 'UTC')} (entire day)`
      : `${dateTime(r.startTimeEpoch)} – ${dateTime(r.endTimeEpoch)}`;
    const comment = h('input', { name: 'comment', 'aria-label': `Comment for ${who}'s request`, placeholder: 'Comment (optional)' });
    const note = h('p', { class: 'error', role: 'alert', hidden: true });
    const node = h('article', { class: 'card', dataset: { id: r.id } },
      h('h2', {}, `${who}: ${r.genericExceptionName}`),
      h('p', {}, when),
      r.comment ? h('p', { class: 'quote' }, r.comment) : null,
      r.workflowRuleName ? h('p', { class: 'hint' }, `Workflow rule: ${r.workflowRuleName}`)
        : (r.status === 'pending' ? h('p', { class: 'hint' }, 'No workflow rule decided it; approving places the exception on the schedule.') : null),
      r.status === 'pending'
        ? h('div', { class: 'actions' }, comment,
          h('button', { type: 'button', onclick: () => decide('approve') }, 'Approve'),
          h('button', { type: 'button', class: 'danger', onclick: () => decide('deny') }, 'Deny'))
        : h('p', { class: `status-${r.status}` }, `${r.status}${r.decisionComment ? `: ${r.decisionComment}` : ''}`),
      r.status === 'pending' ? impact(r) : null,
      note);
    async function decide(action) {
      node.querySelectorAll('button').forEach((b) => { b.disabled = true; });
      try {
        const body = comment.value.trim() ? { comment: comment.value.trim() } : {};
        const decided = await api(`${PATH}/${r.id}/${action}`, { method: 'POST', body });
        const next = card(decided);
        node.replaceWith(next);
        next.querySelector('h2').focus?.();
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        note.hidden = false;
        note.textContent = e.message;
        node.querySelectorAll('button').forEach((b) => { b.disabled = false; });
      }
    }
    return node;
  }
  return () => clear(list);
}

// What approving would change: the agent's scheduled activities the exception covers, read from the schedule.
function impact(r) {
  const node = h('p', { class: 'hint impact' }, 'Reading the schedule…');
  api(`/api/rest/scheduling/schedule/activity/detail/by/agent/${r.agentId}${query({ fromDate: r.date, toDate: r.date })}`)
    .then((s) => {
      const acts = (s.activitiesByDate.find((d) => d.date === r.date) || { scheduledActivities: [] }).scheduledActivities
        .filter((a) => r.entireDay || (a.endTime > r.startTimeEpoch && a.startTime < r.endTimeEpoch));
      node.textContent = acts.length
        ? `Approving places it over: ${acts.map((a) => `${a.activityDetailName || a.activityTypeLabel} ${time(a.startTime)}–${time(a.endTime)}`).join(', ')}`
        : 'Nothing is scheduled then; approving adds the exception to the schedule.';
    })
    .catch((e) => { node.textContent = `The schedule could not be read: ${e.message}`; });
  return node;
}
