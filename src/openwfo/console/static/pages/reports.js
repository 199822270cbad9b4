// Reports: the Data Explorer catalog (#/reports) and one report (#/reports/{id}): its parameter form (value
// filters, date ranges in the tenant's zone, relative periods), a preview of the first rows and the CSV
// download. Everything is the Bulk Report Data Export API: the preview asks for the first rows; a download
// the server answers at once is saved as it comes, one it queues (or one asked to run in the background) is
// polled with a progress bar until its CSV is ready.
import { api, ApiError } from '../api.js';
import { can, clear, ctx, dateTime, h, message, showFieldErrors } from '../dom.js';

const BASE = '/api/rest/dataexplorer/report';
const PREVIEW_ROWS = 20;
const UNITS = [['DayOfMonthPeriod', 'days'], ['WeekOfYearPeriod', 'weeks (from Monday)'], ['MonthOfYearPeriod', 'months'],
  ['QuarterOfYearPeriod', 'quarters'], ['YearPeriod', 'years'], ['HourOfDayPeriod', 'hours']];
const FINAL = ['FAILED', 'CANCELED', 'EXPIRED', 'BLACKLISTED'];

export async function render(root, arg) {
  if (arg) return report(root, arg);
  const reports = await api(BASE);
  root.append(h('h1', {}, 'Reports'));
  if (!reports.length) { root.append(message('No report is available to you.')); return null; }
  root.append(h('table', { class: 'grid', id: 'report-catalog' },
    h('caption', {}, 'Built-in reports and your tenant\'s saved definitions'),
    h('thead', {}, h('tr', {}, ['Report', 'What it shows', 'Filters', 'Columns'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, reports.map((r) => h('tr', { dataset: { report: r.reportId } },
      h('td', {}, h('a', { href: `#/reports/${r.reportId}` }, r.name), r.builtIn ? null : h('span', { class: 'badge' }, 'saved'),
        r.runnable ? null : h('p', { class: 'hint' }, `Needs ${r.requiredPermissions.join(' or ')}`)),
      h('td', {}, r.description || ''),
      h('td', {}, r.parameters.map((p) => p.label).join(', ')),
      h('td', {}, String(r.columns.length)))))));
  return null;
}

async function report(root, id) {
  const r = await api(`${BASE}/${encodeURIComponent(id)}`);
  root.append(h('p', { class: 'crumbs' }, h('a', { href: '#/reports' }, 'Reports'), ` › ${r.name}`),
    h('h1', {}, r.name), h('p', { class: 'hint' }, r.description || ''));
  const defaults = Object.fromEntries((r.defaultParamValues || []).map((e) => [String(e.name).toLowerCase(), e.value]));
  const form = h('form', { class: 'filters report-form', id: 'report-form', novalidate: true });
  const inputs = {};
  for (const p of r.parameters) {
    const given = defaults[p.name.toLowerCase()];
    const field = p.kind === 'DATE' ? dateField(p, given) : valueField(p, given);
    inputs[p.name] = field;
    form.append(field.node);
  }
  const background = h('input', { type: 'checkbox', name: 'background', id: 'report-background' });
  const previewBtn = h('button', { type: 'submit', id: 'report-preview-btn' }, 'Preview');
  const downloadBtn = h('button', { type: 'button', id: 'report-download', class: 'quiet' }, 'Download CSV');
  const allowed = can('ReportAuthoring');
  form.append(...[h('p', { class: 'form-error error', role: 'alert', hidden: true }),
    h('div', { class: 'actions' }, previewBtn, downloadBtn,
      h('label', { class: 'check' }, background, 'Run in the background (for large exports)')),
    allowed ? null : h('p', { class: 'hint' }, 'Running a report needs the ReportAuthoring permission; you can read the catalog only.')]
    .filter(Boolean));
  const preview = h('section', { class: 'report-preview', 'aria-labelledby': 'preview-h' }, h('h2', { id: 'preview-h' }, 'Preview'),
    h('div', { id: 'report-preview' }, message('Set the filters and press Preview to see the first rows.')));
  const progress = h('progress', { id: 'report-progress', hidden: true, 'aria-label': 'Export progress' });
  const status = h('p', { class: 'hint', role: 'status', id: 'report-status' });
  const cancel = h('button', { type: 'button', class: 'quiet', hidden: true, id: 'report-cancel' }, 'Cancel');
  const download = h('section', { class: 'report-download card', 'aria-labelledby': 'download-h', hidden: true },
    h('h2', { id: 'download-h' }, 'Download'), h('div', { class: 'toolbar' }, progress, status, cancel));
  root.append(form, download, preview);

  const body = (limit) => {
    const entries = [];
    for (const p of r.parameters) {
      const value = inputs[p.name].value();
      if (value !== undefined) entries.push({ name: p.name, value });
    }
    const out = { schemaName: 'com.stytch.rest.api.v4.data.report.action.ExportActionData', action: 'EXPORT_CSV',
      state: { qname: r.qname }, paramValues: { encodedParamValues: JSON.stringify(entries) } };
    if (limit) out.pageSpecification = [{ offset: 0, limit }];
    return out;
  };
  const fieldOf = (name) => {
    const m = /\((p\w+)\)/.exec(name);
    return m && inputs[m[1]] ? inputs[m[1]].focus : null;
  };
  let busy = false;
  const run = async (limit, asked) => {
    if (busy) return null;
    busy = true;
    previewBtn.disabled = true;
    downloadBtn.disabled = true;
    form.querySelector('.form-error').hidden = true;
    form.querySelectorAll('.field-error').forEach((e) => e.remove());
    form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
    try {
      let spec;
      try {
        spec = body(limit);
      } catch (e) {
        showFieldErrors(form, new ApiError(400, { errorMessage: e.message }), () => null);
        return null;
      }
      const response = await api(`${BASE}/${encodeURIComponent(id)}/export`, { method: 'POST', body: spec, raw: true,
        headers: asked ? { Prefer: 'respond-async' } : {} });
      return await finish(response);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.status === 401) return null;
      showFieldErrors(form, e, fieldOf);
      status.textContent = '';
      return null;
    } finally {
      busy = false;
      previewBtn.disabled = false;
      downloadBtn.disabled = false;
    }
  };
  // A CSV answer is the result; a {requestId, status} one is polled (status words and a progress bar).
  const finish = async (response) => {
    if (isCsv(response)) return { text: await response.text(), total: response.headers.get('X-Total-Rows') };
    const queued = await response.json();
    progress.hidden = false;
    progress.removeAttribute('value');
    cancel.hidden = false;
    let canceled = false;
    cancel.onclick = async () => {
      canceled = true;
      await api(`${BASE}/export/request/${queued.requestId}`, { method: 'DELETE' }).catch(() => {});
    };
    try {
      for (let tries = 0; ; tries += 1) {
        const answer = await api(`${BASE}/export/request/${queued.requestId}`, { raw: true });
        if (isCsv(answer)) {
          progress.value = 1;
          progress.max = 1;
          return { text: await answer.text(), total: answer.headers.get('X-Total-Rows') };
        }
        const state = await answer.json();
        if (FINAL.includes(state.status) || canceled) {
          throw new ApiError(409, { errorMessage: `The export ended ${String(state.status || 'CANCELED').toLowerCase()}`
            + `${state.errorMessage || state.reason ? `: ${state.errorMessage || state.reason}` : ''}` });
        }
        status.textContent = state.status === 'PROCESSING' ? 'The server is writing the CSV…' : 'Waiting in the export queue…';
        await new Promise((done) => { setTimeout(done, Math.min(2000, 300 + tries * 100)); });
      }
    } finally {
      progress.hidden = true;
      cancel.hidden = true;
    }
  };

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const out = clear(preview.querySelector('#report-preview'));
    out.append(h('p', { class: 'loading', role: 'status' }, 'Reading the first rows…'));
    const result = await run(PREVIEW_ROWS, false);
    clear(out);
    if (!result) { out.append(message('No preview: see the error above.')); return; }
    const rows = parseCsv(result.text);
    if (rows.length <= 1) { out.append(message('No rows match these filters. Widen the dates or clear a filter.')); return; }
    out.append(table(r, rows, result.total));
  });
  downloadBtn.addEventListener('click', async () => {
    download.hidden = false;
    status.textContent = 'Exporting…';
    const result = await run(null, background.checked);
    if (!result) return;
    const rows = Math.max(0, parseCsv(result.text).length - 1);
    const url = URL.createObjectURL(new Blob([result.text], { type: 'text/csv' }));
    const name = `${r.name.replace(/[^\w.-]+/g, '-').replace(/^-|-$/g, '') || 'report'}.csv`;
    const link = h('a', { href: url, download: name, id: 'report-file' }, `Save ${name} again`);
    status.replaceChildren(`Downloaded ${rows} rows at ${dateTime(Date.now())}. `, link);
    link.click();
  });
  return null;
}

function isCsv(response) { return (response.headers.get('Content-Type') || '').startsWith('text/csv'); }

// A value filter: ids or texts separated by commas (or the choices the report lists); empty = all.
function valueField(p, given) {
  const chosen = given && Array.isArray(given.values) ? given.values.map(String) : [];
  if (p.choices && p.choices.length) {
    const boxes = p.choices.map((c) => h('input', { type: 'checkbox', name: `${p.name}-${c}`, value: c, checked: chosen.includes(c) }));
    const node = h('fieldset', { class: 'param', dataset: { param: p.name } }, h('legend', {}, `${p.label} (none ticked: all)`),
      boxes.map((b) => h('label', { class: 'check' }, b, b.value)));
    return { node, focus: node, value: () => {
      const values = boxes.filter((b) => b.checked).map((b) => b.value);
      return values.length ? { isAll: false, values, containsNull: false } : undefined;
    } };
  }
  const input = h('input', { name: p.name, value: chosen.join(', '), inputmode: p.valueType === 'id' ? 'numeric' : null,
    placeholder: 'all', 'aria-describedby': `${p.name}-hint` });
  const node = h('label', { class: 'param', dataset: { param: p.name } }, p.label, input,
    h('span', { class: 'hint', id: `${p.name}-hint` }, p.valueType === 'id' ? `${p.description || 'ids'}, separated by commas` : 'values, separated by commas'));
  return { node, focus: input, value: () => {
    const values = input.value.split(',').map((x) => x.trim()).filter(Boolean)
      .map((x) => (p.valueType === 'id' && /^\d+$/.test(x) ? Number(x) : x));
    return values.length ? { isAll: false, values, containsNull: false } : undefined;
  } };
}

// A date parameter: any time, a range of days in the tenant's zone (end day included), or a relative period.
function dateField(p, given) {
  const rel = given && Array.isArray(given.relativeDates) ? given.relativeDates[0] : null;
  const mode = h('select', { name: `${p.name}-mode` }, [['any', 'Any time'], ['range', 'Between dates'], ['relative', 'Relative period']]
    .map(([v, t]) => h('option', { value: v, selected: rel ? v === 'relative' : v === 'any' }, t)));
  const from = h('input', { type: 'date', name: `${p.name}-from` });
  const to = h('input', { type: 'date', name: `${p.name}-to` });
  const unit = h('select', { name: `${p.name}-unit` }, UNITS.map(([v, t]) => h('option', { value: v, selected: rel && rel.periodType === v }, t)));
  const start = h('input', { type: 'number', name: `${p.name}-start`, value: rel ? rel.rangeStart : -7, step: 1 });
  const end = h('input', { type: 'number', name: `${p.name}-end`, value: rel ? rel.rangeEnd : -1, step: 1 });
  const range = h('div', { class: 'sub' }, h('label', {}, 'From', from), h('label', {}, 'To (included)', to));
  const relative = h('div', { class: 'sub' }, h('label', {}, 'Unit', unit), h('label', {}, 'From (0 = current)', start),
    h('label', {}, 'To', end));
  const show = () => { range.hidden = mode.value !== 'range'; relative.hidden = mode.value !== 'relative'; };
  mode.addEventListener('change', show);
  show();
  const node = h('fieldset', { class: 'param date', dataset: { param: p.name } },
    h('legend', {}, `${p.label} (${ctx.zone})`), h('label', {}, 'Period', mode), range, relative);
  return { node, focus: mode, value: () => {
    if (mode.value === 'relative') {
      const a = Number(start.value); const b = Number(end.value);
      if (!Number.isInteger(a) || !Number.isInteger(b)) throw new Error(`${p.label}: the period's bounds are whole numbers`);
      return { relativeDates: [{ periodType: unit.value, referenceTime: 'NL', rangeStart: a, rangeEnd: b }] };
    }
    if (mode.value === 'range') {
      if (!from.value) throw new Error(`${p.label}: choose the first day`);
      const out = { start: zonedMidnight(from.value, ctx.zone) };
      if (to.value) out.end = zonedMidnight(to.value, ctx.zone, 1);
      return out;
    }
    return undefined;
  } };
}

// Epoch ms of midnight at the start of the day (plus `days`) in the zone.
export function zonedMidnight(isoDay, zone, days = 0) {
  const [y, m, d] = isoDay.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d + days);
  const offset = (at) => {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric',
      month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(at).map((x) => [x.type, x.value]));
    return Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second) - at;
  };
  let guess = wall - offset(wall);
  guess = wall - offset(guess);
  return guess;
}

export function parseCsv(text) {
  const rows = [];
  let row = []; let cell = ''; let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i += 1; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell); rows.push(row); row = []; cell = '';
    } else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

function table(r, rows, total) {
  const [head, ...body] = rows;
  const types = head.map((label) => (r.columns.find((c) => c.label === label) || {}).type);
  const show = (v, type) => (type === 'epochMs' && /^\d+$/.test(v) ? dateTime(Number(v)) : v);
  return h('div', { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Preview rows (scrolls sideways)' }, h('table', { class: 'grid', id: 'report-rows' },
    h('caption', {}, `The first ${body.length} rows${total ? ` of ${total}` : ''} (times in ${ctx.zone})`),
    h('thead', {}, h('tr', {}, head.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, body.map((row) => h('tr', {}, row.map((v, i) => h('td', {}, show(v, types[i]))))))));
}
