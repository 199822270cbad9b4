// An agent's week: one row per day (Monday to Sunday of the chosen date's week), the day's activities as
// bars on a 24-hour axis in the tenant's zone (Shifts by Agent).
import { api, query } from '../api.js';
import { ctx, h, ink, isoDate, message, time } from '../dom.js';

const DAY = 86400000;

// Epoch ms of local midnight of a YYYY-MM-DD date in a zone.
function midnight(date, zone) {
  const guess = Date.parse(`${date}T00:00:00Z`);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(guess).map((p) => [p.type, p.value]));
  const shown = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
  return guess - (shown - guess);
}

export async function render(root, agentId, params) {
  const chosen = params.get('date') || isoDate(Date.now());
  const d = new Date(`${chosen}T12:00:00Z`);
  const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * DAY);
  const days = [...Array(7)].map((_, i) => new Date(monday.getTime() + i * DAY).toISOString().slice(0, 10));
  const [person, schedule] = await Promise.all([
    api(`/api/rest/org/common/person/${encodeURIComponent(agentId)}`).catch(() => null),
    api(`/api/rest/scheduling/schedule/activity/detail/by/agent/${encodeURIComponent(agentId)}${query({ fromDate: days[0], toDate: days[6] })}`),
  ]);
  const self = ctx.session && String(ctx.session.id) === String(agentId);
  const name = person ? `${person.firstName} ${person.lastName}`
    : (self ? `${ctx.session.firstName} ${ctx.session.lastName}` : `Agent ${agentId}`);
  const shift = (n) => `#/week/${agentId}?date=${new Date(monday.getTime() + n * DAY).toISOString().slice(0, 10)}`;
  root.append(
    h('p', { class: 'crumbs' }, h('a', { href: `#/schedules?date=${chosen}${person ? `&team=${person.teamId}` : ''}` }, 'Schedules'), ` › ${name}`),
    h('h1', {}, `${name}: week of ${days[0]}`),
    h('div', { class: 'toolbar' }, h('a', { href: shift(-7) }, '‹ Previous week'), h('a', { href: shift(7) }, 'Next week ›'),
      h('span', { class: 'hint' }, `Times in ${ctx.zone}; the agent's zone is ${schedule.agentTimeZone}.`)));
  const axis = h('div', { class: 'axis', 'aria-hidden': 'true' });
  for (let hour = 0; hour <= 24; hour += 2) {
    const tick = h('span', { class: 'tick' }, `${String(hour % 24).padStart(2, '0')}:00`);
    tick.style.left = `${(hour / 24) * 100}%`;
    axis.append(tick);
  }
  const table = h('div', { class: 'gantt', role: 'table', 'aria-label': `${name}'s week` },
    h('div', { class: 'g-row g-head', role: 'row' }, h('span', { class: 'g-name', role: 'columnheader' }, 'Day'),
      h('div', { class: 'g-track', role: 'columnheader' }, axis)));
  let any = false;
  for (const date of days) {
    const start = midnight(date, ctx.zone);
    const acts = (schedule.activitiesByDate.find((x) => x.date === date) || { scheduledActivities: [] }).scheduledActivities;
    any = any || acts.length > 0;
    const track = h('div', { class: 'g-track', role: 'cell' });
    for (const a of acts) {
      const label = `${a.activityDetailName || a.activityTypeLabel} ${time(a.startTime)}–${time(a.endTime)}`;
      const bar = h('span', { class: 'bar', title: label }, h('span', {}, a.activityTypeLabel));
      bar.style.left = `${Math.max(0, (a.startTime - start) / DAY) * 100}%`;
      bar.style.width = `${((Math.min(a.endTime, start + 2 * DAY) - Math.max(a.startTime, start)) / DAY) * 100}%`;
      bar.style.backgroundColor = a.color || '#888';
      bar.style.color = ink(a.color || '#888');
      track.append(bar);
    }
    table.append(h('div', { class: 'g-row', role: 'row' },
      h('span', { class: 'g-name', role: 'rowheader' }, h('a', { href: `#/schedules?date=${date}${person ? `&team=${person.teamId}` : ''}` },
        new Date(`${date}T12:00:00Z`).toLocaleDateString(undefined, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' }))),
      track));
  }
  const wrap = h('div', { class: 'gantt-wrap week' }, table);
  root.append(wrap);
  if (!any) wrap.before(message('No shifts this week.'));
}
