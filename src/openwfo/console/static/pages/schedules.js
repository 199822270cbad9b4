// Schedules: a team's day, one row per agent, a bar per activity in its colour on the tenant-zone axis;
// click a bar to move, resize or remove it (or add one to the agent's day), with the API's errors on the field.
// Those who may edit can also drag a bar (its middle moves it, its edges resize it) or use the keyboard on a
// focused bar (arrows move it, Shift+arrows change its end, Enter saves, Escape cancels): the change is the
// same PUT of the agent's day, and a refusal opens the bar's form with the API's errors on the fields.
import { api, ApiError, query } from '../api.js';
import { can, clear, ctx, h, ink, isoDate, message, showFieldErrors, time } from '../dom.js';

const DETAIL = '/api/rest/scheduling/schedule/activity/detail';
const HOUR = 3600000;
const STEP = 5 * 60000; // drags and arrow keys move by 5 minutes (Page Up/Down: 15)
const EDGE_PX = 6; // this close to a bar's edge, a drag resizes it

export async function render(root, _rest, params) {
  const drill = await api('/api/rest/org/common/common/permission/ViewOrg').catch(() => []);
  const teams = drill.flatMap((g) => (g.teams || []).map((t) => ({ id: t.groupId, name: `${g.name} › ${t.name}`, agents: t.agents || [] })));
  const teamSelect = h('select', { id: 'team' }, teams.map((t) => h('option', { value: t.id }, t.name)));
  const dateInput = h('input', { type: 'date', id: 'date', value: params.get('date') || isoDate(Date.now()) });
  if (params.get('team')) teamSelect.value = params.get('team');
  const board = h('div', { class: 'gantt-wrap' });
  const editor = h('div', { class: 'editor' });
  const staffing = h('section', { class: 'staffing', 'aria-labelledby': 'staffing-h' });
  root.append(
    h('h1', {}, 'Schedules'),
    h('div', { class: 'toolbar' }, h('label', {}, 'Team ', teamSelect), h('label', {}, 'Date ', dateInput),
      h('span', { class: 'hint', id: 'gantt-help' }, `Times in ${ctx.zone}; hover a bar for the agent's own time.`
        + (can('Edit Schedules', 'Administer WFM') ? ' Drag a bar to move it, its edge to resize it; or focus it and use'
          + ' the arrow keys (Shift: its end), Enter to save, Escape to cancel.' : ''))),
    board, editor, staffing,
  );
  if (!teams.length) { board.append(message('No teams are in your scope.')); return; }

  let rows = [];
  async function load() {
    clear(editor);
    const team = teams.find((t) => String(t.id) === teamSelect.value) || teams[0];
    history.replaceState(null, '', `#/schedules?team=${team.id}&date=${dateInput.value}`);
    clear(board).append(h('p', { class: 'loading', role: 'status' }, 'Loading schedules…'));
    if (!team.agents.length) { clear(board).append(message('This team has no agents.')); return; }
    const date = dateInput.value;
    const schedules = await api(DETAIL + query({ fromDate: date, toDate: date }), {
      method: 'POST', body: { agentIds: team.agents.map((a) => a.personId) } });
    const byId = new Map(schedules.map((s) => [s.agentId, s]));
    rows = team.agents.map((a) => ({ agent: a, schedule: byId.get(a.personId) }))
      .filter((r) => r.schedule)
      .map((r) => ({ ...r, activities: (r.schedule.activitiesByDate.find((d) => d.date === date) || { scheduledActivities: [] }).scheduledActivities }));
    draw();
    staffingChart(staffing, rows, date).catch((e) => clear(staffing).append(message(e.message, 'error')));
  }

  const editable = can('Edit Schedules', 'Administer WFM');

  function draw() {
    clear(board);
    const all = rows.flatMap((r) => r.activities);
    if (!rows.length) { board.append(message('No one in this team has a schedule you may see.')); return; }
    if (!all.length) board.append(message('No shifts on this date. Pick another date or team.'));
    const from = all.length ? Math.floor(Math.min(...all.map((a) => a.startTime)) / HOUR) * HOUR : Date.parse(`${dateInput.value}T08:00:00Z`);
    const to = all.length ? Math.ceil(Math.max(...all.map((a) => a.endTime)) / HOUR) * HOUR : from + 9 * HOUR;
    const span = Math.max(to - from, HOUR);
    const pct = (ms) => `${((ms - from) / span) * 100}%`;
    const axis = h('div', { class: 'axis', 'aria-hidden': 'true' });
    for (let t = from; t <= to; t += HOUR) {
      const tick = h('span', { class: 'tick' }, time(t));
      tick.style.left = pct(t);
      axis.append(tick);
    }
    const table = h('div', { class: 'gantt', role: 'table', 'aria-label': `Schedules on ${dateInput.value}`,
      dataset: { from, span } },
      h('div', { class: 'g-row g-head', role: 'row' }, h('span', { class: 'g-name', role: 'columnheader' }, 'Agent'),
        h('div', { class: 'g-track', role: 'columnheader' }, axis)));
    for (const row of rows) {
      const track = h('div', { class: 'g-track', role: 'cell' });
      row.activities.forEach((a, i) => {
        const agentZone = row.schedule.agentTimeZone;
        const label = `${a.activityDetailName || a.activityTypeLabel} ${time(a.startTime)}–${time(a.endTime)}`;
        const hover = `${label} (${ctx.zone}); agent's time ${time(a.startTime, agentZone)}–${time(a.endTime, agentZone)} (${agentZone})`;
        const bar = h('button', { type: 'button', class: 'bar', title: hover, 'aria-label': `${row.agent.firstName} ${row.agent.lastName}: ${hover}`,
          'aria-describedby': editable ? 'gantt-help' : null,
          onclick: () => { if (!bar.dataset.dragged) edit(row, i); delete bar.dataset.dragged; } }, h('span', {}, a.activityTypeLabel));
        const place = (start, end) => {
          bar.style.left = pct(start);
          bar.style.width = pct(from + (end - start));
        };
        place(a.startTime, a.endTime);
        if (editable) draggable(bar, track, span, a, place, (start, end) => edit(row, i, { startTime: start, endTime: end }));
        bar.style.backgroundColor = a.color || '#888';
        bar.style.color = ink(a.color || '#888');
        track.append(bar);
      });
      const add = can('Edit Schedules', 'Administer WFM')
        ? h('button', { type: 'button', class: 'quiet add', title: 'Add an activity', onclick: () => edit(row, -1) }, '+') : null;
      table.append(h('div', { class: 'g-row', role: 'row' },
        h('span', { class: 'g-name', role: 'rowheader' }, h('a', { href: `#/week/${row.agent.personId}?date=${dateInput.value}`,
          title: 'This agent\'s week' }, `${row.agent.firstName} ${row.agent.lastName}`), add), track));
    }
    board.append(table);
  }

  // proposed: new {startTime, endTime} (epoch ms) from a drag or the keyboard, saved at once.
  function edit(row, index, proposed) {
    const zone = row.schedule.agentTimeZone;
    const act = row.activities[index];
    const types = [...new Map(rows.flatMap((r) => r.activities).map((a) => [a.activityType + (a.activityDetailName || ''), a])).values()];
    const typeSelect = index < 0 ? h('select', { name: 'type' }, types.map((a, i) => h('option', { value: i }, a.activityDetailName || a.activityTypeLabel))) : null;
    const start = h('input', { name: 'startTime', value: act ? time(act.startTime, zone) : '', placeholder: 'HH:MM', required: true });
    const end = h('input', { name: 'endTime', value: act ? time(act.endTime, zone) : '', placeholder: 'HH:MM', required: true });
    const editable = can('Edit Schedules', 'Administer WFM');
    const form = h('form', { class: 'edit', id: 'shift-form', novalidate: true },
      h('h2', {}, `${row.agent.firstName} ${row.agent.lastName}: ${act ? act.activityDetailName || act.activityTypeLabel : 'new activity'}`),
      typeSelect ? h('label', {}, 'Activity ', typeSelect) : null,
      h('label', {}, `Start (${zone}) `, start), h('label', {}, `End (${zone}) `, end),
      h('p', { class: 'form-error error', role: 'alert', hidden: true }),
      editable ? h('button', { type: 'submit' }, 'Save') : h('p', { class: 'hint' }, 'You may not edit schedules.'),
      editable && act ? h('button', { type: 'button', class: 'danger', onclick: () => save(null) }, 'Remove activity') : null,
      h('button', { type: 'button', class: 'quiet', onclick: () => clear(editor) }, 'Close'));
    form.addEventListener('submit', (e) => { e.preventDefault(); save({ startTime: start.value.trim(), endTime: end.value.trim() }); });
    clear(editor).append(form);
    if (proposed) {
      start.value = time(proposed.startTime, zone);
      end.value = time(proposed.endTime, zone);
      save(proposed);
      return;
    }
    start.focus();

    async function save(change) {
      const write = (a) => ({ activityType: a.activityType, activityDetailName: a.activityDetailName,
        serviceQueueId: a.serviceQueueId, multiSkillGroupId: a.multiSkillGroupId, paid: a.paid,
        startTime: a.startTime, endTime: a.endTime, activityMetadata: a.activityMetadata });
      const list = row.activities.map(write);
      let at = index;
      if (index < 0) {
        list.push({ ...write(types[Number(typeSelect.value)] || row.activities[0] || {}), ...change });
        at = list.length - 1;
      } else if (change) list[index] = { ...list[index], ...change };
      else list.splice(index, 1);
      const body = { agentId: row.agent.personId, activitiesByDate: [{ date: dateInput.value, scheduledActivities: list }] };
      try {
        const saved = await api(`${DETAIL}/by/agent/${row.agent.personId}`, { method: 'PUT', body });
        row.schedule = saved;
        row.activities = (saved.activitiesByDate.find((d) => d.date === dateInput.value) || { scheduledActivities: [] }).scheduledActivities;
        clear(editor).append(h('p', { class: 'saved', role: 'status' }, 'Saved.'));
        draw();
        if (proposed) {
          const moved = board.querySelectorAll('.g-row:not(.g-head)')[rows.indexOf(row)];
          const bar = moved && moved.querySelectorAll('.bar')[index];
          if (bar) bar.focus();
        }
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        if (proposed) draw(); // the bar back where the API keeps it
        showFieldErrors(form, e, (field) => {
          // An activity's own problem (an overlap names the activity, not a time) goes on its start.
          const whole = /scheduledActivities\[(\d+)\](?:\.(startTime|endTime))?$/.exec(field);
          if (whole) return Number(whole[1]) === at ? (whole[2] === 'endTime' ? end : start) : null;
          const bare = /^(startTime|endTime)$/.exec(field);
          return bare ? (bare[1] === 'startTime' ? start : end) : null;
        });
      }
    }
  }

  teamSelect.addEventListener('change', () => load().catch(fail));
  dateInput.addEventListener('change', () => load().catch(fail));
  function fail(e) { clear(board).append(message(e.message, 'error')); }
  await load();
}


// A bar that moves or resizes with the pointer (snapped to 5 minutes) or the keyboard; commit(start, end)
// saves the new times. A press without movement stays a click (the bar's form).
function draggable(bar, track, span, act, place, commit) {
  let start = act.startTime;
  let end = act.endTime;
  const snap = (ms) => Math.round(ms / STEP) * STEP;
  const reset = () => { start = act.startTime; end = act.endTime; place(start, end); bar.classList.remove('pending'); };

  bar.addEventListener('pointerdown', (down) => {
    if (down.button !== 0) return;
    const box = bar.getBoundingClientRect();
    const mode = down.clientX - box.left <= EDGE_PX ? 'start' : box.right - down.clientX <= EDGE_PX ? 'end' : 'move';
    const msPerPx = span / track.getBoundingClientRect().width;
    let moved = false;
    const onMove = (ev) => {
      const dx = ev.clientX - down.clientX;
      if (!moved && Math.abs(dx) < 4) return;
      moved = true;
      bar.classList.add('dragging');
      const delta = snap(dx * msPerPx);
      start = act.startTime;
      end = act.endTime;
      if (mode === 'move') { start += delta; end += delta; }
      if (mode === 'start') start = Math.min(act.startTime + delta, end - STEP);
      if (mode === 'end') end = Math.max(act.endTime + delta, start + STEP);
      place(start, end);
    };
    const onUp = () => {
      document.removeEventListener('pointermove', onMove);
      document.removeEventListener('pointerup', onUp);
      bar.classList.remove('dragging');
      if (!moved) return;
      bar.dataset.dragged = '1'; // the click that follows is not an edit
      if (start !== act.startTime || end !== act.endTime) commit(start, end);
      else reset();
    };
    document.addEventListener('pointermove', onMove);
    document.addEventListener('pointerup', onUp);
    down.preventDefault();
  });
  bar.addEventListener('mousemove', (ev) => {
    const box = bar.getBoundingClientRect();
    bar.classList.toggle('edge', ev.clientX - box.left <= EDGE_PX || box.right - ev.clientX <= EDGE_PX);
  });
  bar.addEventListener('keydown', (ev) => {
    const steps = { ArrowLeft: -1, ArrowRight: 1, PageDown: -3, PageUp: 3 }[ev.key];
    if (steps) {
      ev.preventDefault();
      const delta = steps * STEP;
      if (ev.shiftKey) end = Math.max(end + delta, start + STEP);
      else { start += delta; end += delta; }
      place(start, end);
      bar.classList.toggle('pending', start !== act.startTime || end !== act.endTime);
    } else if (ev.key === 'Enter' && (start !== act.startTime || end !== act.endTime)) {
      ev.preventDefault();
      commit(start, end);
    } else if (ev.key === 'Escape') {
      reset();
    }
  });
}

// Below the day view: agents scheduled per half hour on the queues this team works (Agents Scheduled by
// Service Queue) against the requirement from the stored forecasts (the planning API), where there is one.
async function staffingChart(root, rows, date) {
  clear(root).append(h('h2', { id: 'staffing-h' }, 'Scheduled agents vs. requirement per half hour'));
  const queues = [...new Set(rows.flatMap((r) => r.activities).map((a) => a.serviceQueueId).filter((q) => q != null))];
  if (!queues.length) { root.append(message('No one in this team is scheduled on a service queue this day.')); return; }
  const HALF = 1800000;
  const [scheduled, required] = await Promise.all([
    api('/api/rest/scheduling/agents/scheduled/by/servicequeue', { method: 'POST',
      body: { serviceQueueIds: queues, interval: 30, fromDate: date, toDate: date } }),
    api(`/api/rest/planning/staffing/requirements${query({ serviceQueueId: queues, fromDate: date, toDate: date })}`)
      .catch((e) => ({ error: e.message })),
  ]);
  const have = new Map();
  const need = new Map();
  for (const q of scheduled) {
    for (const d of q.agentsScheduledByDate) {
      for (const i of d.intervals) have.set(i.intervalStartTime, (have.get(i.intervalStartTime) || 0) + i.agentsScheduled);
    }
  }
  const requirementNote = required.error ? `Requirement not shown: ${required.error}` : null;
  for (const q of (Array.isArray(required) ? required : [])) {
    const buckets = new Map();
    for (const i of q.intervals) {
      const b = Math.floor(i.startTime / HALF) * HALF;
      const [sum, n] = buckets.get(b) || [0, 0];
      buckets.set(b, [sum + i.required, n + 1]);
    }
    for (const [b, [sum, n]] of buckets) need.set(b, (need.get(b) || 0) + sum / n);
  }
  const times = [...new Set([...have.keys(), ...need.keys()])].sort((a, b) => a - b)
    .filter((t) => (have.get(t) || 0) > 0 || (need.get(t) || 0) > 0);
  if (!times.length) { root.append(message('Nothing scheduled or required on these queues this day.')); return; }
  const top = Math.max(1, ...times.map((t) => Math.max(have.get(t) || 0, need.get(t) || 0)));
  const names = scheduled.map((q) => q.serviceQueueName).join(', ');
  const chart = h('div', { class: 'ibars fte', role: 'list', tabindex: 0, 'aria-label': `Scheduled agents and requirement on ${names}` });
  for (const t of times) {
    const got = have.get(t) || 0;
    const want = need.has(t) ? need.get(t) : null;
    const label = `${time(t)}: ${got.toFixed(1)} scheduled${want == null ? '' : `, ${want.toFixed(1)} required`}`;
    const fill = h('span', { class: `fill ${want == null || got >= want ? 'good' : 'bad'}` });
    fill.style.height = `${(got / top) * 100}%`;
    const bar = h('div', { class: 'ibar', role: 'listitem', title: label, 'aria-label': label }, fill,
      h('span', { class: 'ilabel' }, time(t)));
    if (want != null) {
      const mark = h('span', { class: 'need' });
      mark.style.bottom = `${(want / top) * 100}%`;
      bar.append(mark);
    }
    chart.append(bar);
  }
  root.append(h('p', { class: 'hint' }, `Queues: ${names}. Bars: agents scheduled; line: required agents`
    + `${need.size ? '' : ' (no forecast requirement stored for these queues)'}. Times in ${ctx.zone}.`), chart);
  if (requirementNote) root.append(h('p', { class: 'hint' }, requirementNote));
}
