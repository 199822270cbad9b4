// Planning: per queue and date range, forecast vs. actual volume and staffing requirement vs. scheduled agents
// per interval; a schedule-generation run started here, watched with a progress bar, inspected (coverage,
// unmet requirement, rule violations, why each agent got what they got), then published or discarded.
// Everything is the planning API's (extension) and the reference's reads; nothing is computed that the API lacks.
import { api, ApiError, query } from '../api.js';
import { intervalChart } from '../chart.js';
import { clear, ctx, dateTime, day, h, isoDate, message, showFieldErrors, time } from '../dom.js';

const GEN = '/api/rest/planning/generation';
const POLL_MS = 500;
const sum = (xs) => xs.reduce((a, b) => a + (b || 0), 0);
const num = (v, d = 1) => (v == null ? '–' : Number(v).toLocaleString(undefined, { maximumFractionDigits: d, minimumFractionDigits: d }));

export async function render(root, _rest, params) {
  const queues = await api('/api/rest/scheduling/service');
  // Names of the agents in scope, for the run's per-agent table (without ViewOrg: their ids).
  const names = new Map();
  const namesRead = api('/api/rest/org/common/common/permission/ViewOrg').then((groups) => {
    for (const g of groups) for (const t of g.teams || []) for (const a of t.agents || []) names.set(a.personId, `${a.firstName} ${a.lastName}`);
  }).catch(() => {});

  const today = isoDate(Date.now());
  const queueSelect = h('select', { id: 'plan-queue' }, queues.map((q) => h('option', { value: q.id }, q.name)));
  if (params.get('queue')) queueSelect.value = params.get('queue');
  const fromInput = h('input', { type: 'date', id: 'plan-from', value: params.get('from') || today });
  const toInput = h('input', { type: 'date', id: 'plan-to', value: params.get('to') || params.get('from') || today });
  const volume = h('section', { class: 'plan-part', id: 'volume', 'aria-labelledby': 'volume-h' });
  const staffing = h('section', { class: 'plan-part', id: 'staffing', 'aria-labelledby': 'staffing-h' });
  const generation = h('section', { class: 'plan-part', id: 'generation', 'aria-labelledby': 'generation-h' });
  root.append(
    h('h1', {}, 'Planning'),
    h('form', { class: 'toolbar', id: 'plan-range', onsubmit: (e) => { e.preventDefault(); load(); } },
      h('label', {}, 'Queue ', queueSelect), h('label', {}, 'From ', fromInput), h('label', {}, 'To ', toInput),
      h('button', { type: 'submit' }, 'Show'),
      h('span', { class: 'hint' }, `Dates and times in ${ctx.zone}.`)),
    volume, staffing, generation,
  );
  if (!queues.length) {
    volume.append(message('No service queues are in your views. An administrator adds queues (Service API) and their views.'));
    return;
  }

  let polling = null;
  let alive = true;
  const stop = () => { if (polling) { clearTimeout(polling); polling = null; } };

  function range() {
    const queue = queues.find((q) => String(q.id) === queueSelect.value) || queues[0];
    return { queue, from: fromInput.value, to: toInput.value || fromInput.value };
  }

  // The address keeps the queue, the dates and the run on screen (a reload comes back to them).
  function remember() {
    const { queue, from, to } = range();
    history.replaceState(null, '', `#/planning${query({ queue: queue.id, from, to, run: params.get('run') })}`);
  }

  function load() {
    const { queue, from, to } = range();
    remember();
    drawVolume(volume, queue, from, to).catch((e) => fail(volume, e));
    drawStaffing(staffing, queue, from, to).catch((e) => fail(staffing, e));
    if (!generation.firstChild) drawGeneration();
  }
  queueSelect.addEventListener('change', load);
  fromInput.addEventListener('change', () => { if (toInput.value < fromInput.value) toInput.value = fromInput.value; load(); });
  toInput.addEventListener('change', load);

  // ---- Volume: forecast (the newest ready version per day) vs. actual (the interval history).
  async function drawVolume(part, queue, from, to) {
    clear(part).append(h('h2', { id: 'volume-h' }, `Volume: forecast vs. actual, ${queue.name}`),
      h('p', { class: 'loading', role: 'status' }, 'Reading the forecast and the interval history…'));
    const [forecast, actual] = await Promise.all([
      api(`/api/rest/planning/forecast/service/${queue.id}${query({ fromDate: from, toDate: to })}`),
      api(`/api/rest/scheduling/historical/service/${queue.id}${query({ fromDate: from, toDate: to })}`),
    ]);
    part.querySelector('.loading').remove();
    const step = stepOf(forecast.map((i) => i.startTime)) || stepOf(actual.map((i) => i.startTime)) || 1800000;
    // Actual history at another interval than the forecast's is summed into (or spread over) its intervals.
    const want = new Map();
    for (const i of forecast) want.set(i.startTime, i.contacts);
    const got = new Map();
    const aStep = stepOf(actual.map((i) => i.startTime)) || step;
    for (const i of actual) {
      if (aStep <= step) {
        const k = Math.floor(i.startTime / step) * step;
        got.set(k, (got.get(k) || 0) + i.receivedCalls);
      } else {
        for (let k = i.startTime; k < i.startTime + aStep; k += step) got.set(k, (got.get(k) || 0) + i.receivedCalls * (step / aStep));
      }
    }
    const times = [...new Set([...want.keys(), ...got.keys()])].sort((a, b) => a - b);
    const notes = [];
    if (!forecast.length) notes.push('No ready forecast covers these dates.');
    if (!actual.length) notes.push('No actual volume is recorded on these dates (the interval history holds past days only).');
    part.append(h('p', { class: 'hint', id: 'volume-notes' }, notes.join(' ') || null));
    if (times.length) {
      const both = times.filter((t) => want.has(t) && got.has(t));
      const facts = [`Forecast ${num(sum(forecast.map((i) => i.contacts)), 0)} contacts`, `actual ${num(sum([...got.values()]), 0)}`];
      if (both.length) {
        const a = sum(both.map((t) => got.get(t)));
        if (a > 0) facts.push(`WAPE over the ${both.length} intervals with both ${num((100 * sum(both.map((t) => Math.abs(got.get(t) - want.get(t))))) / a)} %`);
      }
      part.append(h('p', { class: 'facts-line', id: 'volume-facts' }, facts.join('; ')),
        intervalChart({ id: 'volume-chart', label: `Contacts per ${step / 60000} minutes on ${queue.name}, ${from} to ${to}: actual (bars) and forecast (line)`,
          times, stepMs: step, bars: times.map((t) => (got.has(t) ? got.get(t) : null)),
          line: times.map((t) => (want.has(t) ? want.get(t) : null)), barName: 'actual contacts', lineName: 'forecast contacts' }));
    }
    // A forecast of these dates from the history before them (then the two can be compared).
    const status = h('p', { class: 'hint', id: 'forecast-status', role: 'status' });
    const button = h('button', { type: 'button', id: 'forecast-start', class: 'quiet' }, 'Forecast these dates');
    button.addEventListener('click', async () => {
      button.disabled = true;
      status.textContent = 'Forecast queued…';
      try {
        let row = await api('/api/rest/planning/forecast', { method: 'POST', body: { serviceQueueId: queue.id, fromDate: from, toDate: to } });
        while (alive && (row.status === 'queued' || row.status === 'running')) {
          status.textContent = `Forecast version ${row.version}: ${row.status}…`;
          await new Promise((r) => { setTimeout(r, POLL_MS); });
          row = await api(`/api/rest/planning/forecast/${row.id}`);
        }
        if (row.status === 'failed') { status.textContent = `The forecast failed: ${row.error}`; button.disabled = false; return; }
        if (alive) await drawVolume(part, queue, from, to);
        if (alive) drawStaffing(staffing, queue, from, to).catch((e) => fail(staffing, e));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        status.textContent = e.message;
        button.disabled = false;
      }
    });
    part.append(h('div', { class: 'actions' }, button,
      h('span', { class: 'hint' }, ' A new version from the history before the first date, with its held-out accuracy.')), status);
  }

  // ---- Staffing: required FTE per interval (Erlang C / workload on the stored forecast) vs. agents scheduled.
  async function drawStaffing(part, queue, from, to) {
    clear(part).append(h('h2', { id: 'staffing-h' }, `Staffing: requirement vs. scheduled, ${queue.name}`),
      h('p', { class: 'loading', role: 'status' }, 'Reading the requirement and the schedules…'));
    const [need] = await api(`/api/rest/planning/staffing/requirements${query({ serviceQueueId: queue.id, fromDate: from, toDate: to })}`);
    const minutes = (need && need.intervalMinutes) || 30;
    const scheduled = await api('/api/rest/scheduling/agents/scheduled/by/servicequeue', { method: 'POST',
      body: { serviceQueueIds: [queue.id], interval: minutes, fromDate: from, toDate: to } });
    part.querySelector('.loading').remove();
    const required = new Map(((need && need.intervals) || []).map((i) => [i.startTime, i.required]));
    const have = new Map();
    for (const q of scheduled) for (const d of q.agentsScheduledByDate) for (const i of d.intervals) have.set(i.intervalStartTime, i.agentsScheduled);
    const times = [...new Set([...required.keys(), ...have.keys()])].sort((a, b) => a - b)
      .filter((t) => (required.get(t) || 0) > 0 || (have.get(t) || 0) > 0);
    if (!required.size) part.append(message('No requirement: no ready forecast covers these dates. Forecast them above first.'));
    if (!times.length) { part.append(message('No one is scheduled on this queue on these dates, and nothing is required.')); return; }
    const short = times.filter((t) => (have.get(t) || 0) + 1e-9 < (required.get(t) || 0));
    const under = sum(short.map((t) => required.get(t) - (have.get(t) || 0))) * (minutes / 60);
    part.append(h('p', { class: 'facts-line', id: 'staffing-facts' },
      `Required ${num(sum([...required.values()]) * (minutes / 60))} FTE-hours, scheduled ${num(sum(times.map((t) => have.get(t))) * (minutes / 60))}; `
      + `${short.length} of ${times.length} intervals short by ${num(under)} FTE-hours in all.`),
    intervalChart({ id: 'staffing-chart', label: `Agents per ${minutes} minutes on ${queue.name}, ${from} to ${to}: scheduled (bars) and required (line)`,
      times, stepMs: minutes * 60000, bars: times.map((t) => have.get(t) || 0), line: times.map((t) => (required.has(t) ? required.get(t) : null)),
      barName: 'agents scheduled', lineName: 'required FTE', flag: (i) => (have.get(times[i]) || 0) + 1e-9 < (required.get(times[i]) || 0) }));
  }

  // ---- Generation: the form, then one run at a time (its id in the address, so a reload comes back to it).
  function drawGeneration() {
    clear(generation).append(h('h2', { id: 'generation-h' }, 'Generate schedules'));
    const boxes = queues.filter((q) => !q.notAllowForecast).map((q) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', name: 'serviceQueueIds', value: q.id, checked: String(q.id) === queueSelect.value }), ` ${q.name}`));
    const paid = h('input', { type: 'number', name: 'paidHours', min: 4, max: 12, step: 0.25, value: 8 });
    const rest = h('input', { type: 'number', name: 'restHours', min: 0, max: 24, step: 0.5, value: 11 });
    const shrink = h('input', { type: 'number', name: 'shrinkagePercent', min: 0, max: 99, step: 1, value: 0 });
    const form = h('form', { id: 'gen-form', class: 'gen-form', novalidate: true },
      h('fieldset', { id: 'gen-queues' }, h('legend', {}, 'Queues'), boxes.length ? boxes : h('p', { class: 'hint' }, 'No queue here allows generated schedules.')),
      h('p', { class: 'hint' }, 'For the dates above (at most 31 days), for every scheduling-enabled agent with a skill on these queues.'),
      h('label', {}, 'Paid hours a shift ', paid), h('label', {}, 'Rest between shifts (hours) ', rest),
      h('label', {}, 'Shrinkage (%) ', shrink),
      h('p', { class: 'form-error error', role: 'alert', hidden: true }),
      h('button', { type: 'submit', id: 'gen-start' }, 'Generate'));
    const run = h('div', { id: 'gen-run' });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      form.querySelector('.form-error').hidden = true;
      form.querySelectorAll('.field-error').forEach((x) => x.remove());
      form.querySelectorAll('[aria-invalid]').forEach((x) => x.removeAttribute('aria-invalid'));
      const ids = boxes.map((b) => b.querySelector('input')).filter((i) => i.checked).map((i) => Number(i.value));
      const { from, to } = range();
      const button = form.querySelector('#gen-start');
      button.disabled = true;
      try {
        const job = await api(GEN, { method: 'POST', body: { serviceQueueIds: ids, fromDate: from, toDate: to,
          paidHours: Number(paid.value), restHours: Number(rest.value), shrinkagePercent: Number(shrink.value) } });
        params.set('run', job.id);
        remember();
        watch(run, job.id);
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        showFieldErrors(form, err, (field) => ({ paidHours: paid, restHours: rest, shrinkagePercent: shrink,
          serviceQueueIds: form.querySelector('#gen-queues legend') })[field.replace(/\[\d+\]$/, '')] || null);
      } finally {
        button.disabled = false;
      }
    });
    generation.append(form, run);
    if (params.get('run')) watch(run, Number(params.get('run')));
  }

  // Poll the run: a progress bar while queued or running, then its proposal.
  function watch(part, jobId) {
    stop();
    const bar = h('progress', { id: 'gen-progress', max: 100, value: 0, 'aria-labelledby': 'gen-progress-label' });
    const label = h('span', { id: 'gen-progress-label' }, `Run ${jobId}: starting…`);
    const cancel = h('button', { type: 'button', id: 'gen-cancel', class: 'quiet' }, 'Cancel the run');
    const note = h('p', { class: 'hint', role: 'status', id: 'gen-status' });
    clear(part).append(h('div', { class: 'progress-row' }, label, bar, cancel), note);
    cancel.addEventListener('click', async () => {
      try { await api(`${GEN}/${jobId}/cancel`, { method: 'POST' }); } catch (e) { note.textContent = e.message; }
    });
    const tick = async () => {
      polling = null;
      let job;
      try {
        job = await api(`${GEN}/${jobId}`);
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return;
        clear(part).append(message(e instanceof ApiError ? e.message : `Could not read run ${jobId}: ${e.message}`, 'error'));
        return;
      }
      if (!alive) return;
      bar.value = job.progress;
      label.textContent = `Run ${jobId}: ${job.status}, ${job.progress} %`;
      if (job.status === 'queued' || job.status === 'running') { polling = setTimeout(tick, POLL_MS); return; }
      bar.value = job.status === 'succeeded' ? 100 : bar.value;
      cancel.remove();
      if (job.status === 'failed') {
        part.append(message(job.error === 'canceled' ? 'The run was cancelled; nothing was written.' : `The run failed: ${job.error}`, 'error'));
        return;
      }
      await namesRead;
      part.append(proposal(job));
    };
    tick();
  }

  function proposal(job) {
    const r = job.result || {};
    const wrap = h('div', { class: 'proposal', id: 'proposal' });
    const state = h('p', { id: 'gen-state', class: `state-${r.state}`, role: 'status' }, stateText(r.state));
    const facts = [
      ['Dates', `${r.fromDate} to ${r.toDate}`],
      ['Finished', dateTime(job.finishedTime)],
      ['Method', r.method],
      ['Solver', solverText(r.solver)],
      ['Optimality gap', gapText(r)],
      ['Shifts the solver could not assign', r.solver && r.solver.unassignedShifts ? r.solver.unassignedShifts : null],
      ['Shifts', (r.shifts || []).length],
      ['Required', r.requiredFteHours == null ? null : `${num(r.requiredFteHours)} FTE-hours`],
      ['Unmet (under-staffed)', r.underStaffedFteHours == null ? null : `${num(r.underStaffedFteHours)} FTE-hours`],
      ['Over-staffed', r.overStaffedFteHours == null ? null : `${num(r.overStaffedFteHours)} FTE-hours`],
      ['Greedy pass alone', r.greedyDeviationFteHours == null ? null : `${num(r.greedyDeviationFteHours)} FTE-hours off the requirement`],
      ['After the local search', r.localSearchDeviationFteHours == null ? null : `${num(r.localSearchDeviationFteHours)} FTE-hours off the requirement`],
    ].filter(([, v]) => v !== null && v !== undefined && v !== '');
    wrap.append(h('h3', {}, `Run ${job.id}: the proposal`), state,
      h('dl', { class: 'facts', id: 'gen-facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, String(v))])));

    const publish = h('button', { type: 'button', id: 'gen-publish' }, 'Publish as schedules');
    const discard = h('button', { type: 'button', id: 'gen-discard', class: 'danger' }, 'Discard');
    const settle = (verb) => async () => {
      publish.disabled = true; discard.disabled = true;
      state.textContent = verb === 'publish' ? 'Publishing…' : 'Discarding…';
      try {
        const out = await api(`${GEN}/${job.id}/${verb}`, { method: 'POST' });
        r.state = out.state;
        state.className = `state-${out.state}`;
        state.textContent = stateText(out.state);
        if (verb === 'publish') drawStaffing(staffing, range().queue, range().from, range().to).catch((e) => fail(staffing, e));
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
        state.textContent = e.message;
      }
      const open = r.state === 'proposed';
      publish.disabled = !open; discard.disabled = !open;
    };
    publish.addEventListener('click', settle('publish'));
    discard.addEventListener('click', settle('discard'));
    const open = r.state === 'proposed';
    publish.disabled = !open; discard.disabled = !open;
    wrap.append(h('div', { class: 'actions' }, publish, discard,
      h('span', { class: 'hint' }, ' Publishing replaces these agents\' shifts on these dates; discarding writes nothing.')));

    // Coverage per queue and interval: scheduled vs. required.
    const coverage = r.coverage || [];
    const covPart = h('div', { id: 'gen-coverage' });
    const covSelect = h('select', { id: 'gen-coverage-queue' }, coverage.map((c, i) => h('option', { value: i }, c.name)));
    const drawCoverage = () => {
      const c = coverage[Number(covSelect.value) || 0];
      clear(covPart);
      if (!c || !c.intervals.length) { covPart.append(message('No requirement on this queue for these dates (no ready forecast covers them).')); return; }
      const rows = c.intervals;
      covPart.append(intervalChart({ id: 'gen-coverage-chart', label: `Proposal coverage on ${c.name}: scheduled (bars) vs. required (line) per ${c.intervalMinutes} minutes`,
        times: rows.map((i) => i.startTime), stepMs: c.intervalMinutes * 60000, bars: rows.map((i) => i.scheduled),
        line: rows.map((i) => i.required), barName: 'scheduled', lineName: 'required', flag: (i) => rows[i].scheduled + 1e-9 < rows[i].required }));
      // Unmet requirement: the intervals furthest short.
      const short = rows.filter((i) => i.scheduled + 1e-9 < i.required)
        .map((i) => ({ ...i, gap: i.required - i.scheduled })).sort((a, b) => b.gap - a.gap);
      covPart.append(h('h4', {}, 'Unmet requirement'), short.length
        ? h('table', { class: 'list', id: 'gen-unmet' }, h('caption', {}, `${short.length} intervals short on ${c.name}; the ${Math.min(10, short.length)} furthest:`),
          h('thead', {}, h('tr', {}, ['Interval', 'Required', 'Scheduled', 'Short by'].map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, short.slice(0, 10).map((i) => h('tr', {}, h('td', {}, `${day(i.startTime)} ${time(i.startTime)}`),
            h('td', {}, num(i.required, 2)), h('td', {}, num(i.scheduled, 2)), h('td', {}, num(i.gap, 2))))))
        : h('p', { class: 'empty', id: 'gen-unmet' }, 'Every interval\'s requirement is met.'));
    };
    covSelect.addEventListener('change', drawCoverage);
    wrap.append(h('h3', {}, 'Coverage'), h('div', { class: 'toolbar' }, coverage.length > 1 ? h('label', {}, 'Queue ', covSelect) : null), covPart);
    drawCoverage();

    // Rule violations, when the run reports any (the shape is the run's: a list of strings or objects).
    const violations = r.ruleViolations || r.violations || [];
    wrap.append(h('h3', {}, 'Rule violations'), violations.length
      ? h('ul', { id: 'gen-violations', class: 'violations' }, violations.map((v) => h('li', {}, violationText(v))))
      : h('p', { class: 'empty', id: 'gen-violations' }, 'The run reports no rule violations.'));

    // Per agent: order, skills, hours, shifts and days off by reason (why they got what they got).
    const qname = new Map(queues.map((q) => [q.id, q.name]));
    const agents = r.agents || [];
    wrap.append(h('h3', {}, 'Agents'), agents.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'list', id: 'gen-agents' },
        h('caption', {}, 'In scheduling order: what each agent got, and the days they were left off and why'),
        h('thead', {}, h('tr', {}, ['#', 'Agent', 'Skills', 'Weekly hours', 'Shifts', 'Paid hours', 'Days off, by reason'].map((t) => h('th', { scope: 'col' }, t)))),
        h('tbody', {}, agents.map((a) => h('tr', { dataset: { agent: a.agentId } },
          h('td', {}, a.order), h('th', { scope: 'row' }, names.get(a.agentId) || `Agent ${a.agentId}`),
          h('td', {}, (a.skills || []).map((q) => qname.get(q) || `Queue ${q}`).join(', ')),
          h('td', {}, num(a.weeklyHours, 1)), h('td', {}, a.shifts), h('td', {}, num(a.paidHours, 1)),
          h('td', {}, Object.entries(a.daysOff || {}).map(([why, n]) => `${why}: ${n}`).join('; ') || '–'))))))
      : message('No agent could be scheduled: none is scheduling-enabled, active and skilled on these queues.'));
    return wrap;
  }

  load();
  return () => { alive = false; stop(); };
}

// The optimiser's report where the run has one (`solver`: engine, status, time limit, gap); shown, not relied on.
function solverText(solver) {
  if (!solver || typeof solver !== 'object') return null;
  const limit = solver.timeLimitSeconds != null ? `, time limit ${solver.timeLimitSeconds} s` : '';
  return [solver.engine, solver.status].filter(Boolean).join(': ') + limit || null;
}

function gapText(r) {
  const gap = r.solver && typeof r.solver === 'object' ? r.solver.gapPercent : r.optimalityGapPercent;
  if (gap != null) return `${num(gap, 2)} %`;
  if (r.solver && r.solver.status) return 'not proven (no bound)';
  return null;
}

function stateText(state) {
  return { proposed: 'Proposed: nothing is written until it is published.', published: 'Published: these are now the agents\' schedules.',
    discarded: 'Discarded: nothing was written.' }[state] || `State: ${state}`;
}

function violationText(v) {
  if (typeof v !== 'object' || v === null) return String(v);
  return [v.agentId != null ? `Agent ${v.agentId}` : null, v.date, v.rule, v.reason || v.message].filter(Boolean).join(': ') || JSON.stringify(v);
}

function stepOf(starts) {
  let step = 0;
  for (let i = 1; i < starts.length; i += 1) {
    const d = starts[i] - starts[i - 1];
    if (d > 0 && (!step || d < step)) step = d;
  }
  return step;
}

function fail(part, e) {
  if (e instanceof ApiError && e.status === 401) return;
  part.querySelector('.loading')?.remove();
  part.append(message(e instanceof ApiError ? e.message : `This part failed: ${e.message}`, 'error'));
}
