// Imports: an organization or schedule CSV checked first (the import's dryRun: every row checked as the
// import would, nothing written), its row errors in a table, then imported (all or nothing).
import { api, ApiError } from '../api.js';
import { can, clear, h, message } from '../dom.js';

const KINDS = [
  { key: 'persons', label: 'Persons', upload: '/api/upload/persons', fields: '/api/rest/fileimport/persons',
    perms: ['Bulk Import'], note: 'Columns in any order; persons are matched on personId, email, adLogin or acdId.' },
  { key: 'teams', label: 'Teams', upload: '/api/upload/teams', fields: '/api/rest/fileimport/teams',
    perms: ['Bulk Import'], note: 'Exactly these columns, in this order; id 0 creates a team.' },
  { key: 'groups', label: 'Groups', upload: '/api/upload/groups', fields: '/api/rest/fileimport/groups',
    perms: ['Bulk Import'], note: 'Exactly these columns, in this order; id 0 creates a group.' },
  { key: 'schedules', label: 'Schedules', upload: '/api/rest/fileimport/schedules', fields: '/api/rest/fileimport/schedules',
    perms: ['Bulk Import', 'Edit Schedules'],
    note: 'One activity per row; the rows of an agent and date replace that day\'s shift. Times of day are the agent\'s.' },
];

export async function render(root, _arg, params) {
  const kinds = KINDS.filter((k) => can(...k.perms));
  root.append(h('h1', {}, 'Imports'));
  if (!kinds.length) {
    root.append(message('Importing needs the Bulk Import permission (or Edit Schedules for schedules).', 'error'));
    return;
  }
  const chosen = kinds.find((k) => k.key === params.get('type')) || kinds[0];
  const kindSelect = h('select', { name: 'type', id: 'import-type' },
    kinds.map((k) => h('option', { value: k.key, selected: k === chosen }, k.label)));
  const file = h('input', { type: 'file', name: 'file', id: 'import-file', accept: '.csv,text/csv,text/plain' });
  const columns = h('div', { class: 'import-columns', id: 'import-columns' });
  const check = h('button', { type: 'submit', id: 'import-check' }, 'Check the file');
  const apply = h('button', { type: 'button', id: 'import-apply', disabled: true }, 'Import');
  const progress = h('p', { class: 'progress-line', role: 'status', id: 'import-progress' });
  const result = h('div', { id: 'import-result', 'aria-live': 'polite' });
  const form = h('form', { class: 'edit import-form', id: 'import-form', novalidate: true },
    h('label', {}, 'What the file holds', kindSelect),
    h('label', {}, 'CSV file', file),
    columns,
    h('p', { class: 'hint' }, 'Checking reads every row against the stored data and writes nothing; importing applies the whole file, or nothing when any row has a problem.'),
    h('div', { class: 'actions' }, check, ' ', apply),
    progress);
  root.append(form, result);

  const kind = () => kinds.find((k) => k.key === kindSelect.value);
  let checked = null; // the file and kind a check passed for

  async function showColumns() {
    const k = kind();
    clear(columns).append(h('p', { class: 'hint' }, 'Reading the columns…'));
    try {
      const { fields } = await api(k.fields);
      clear(columns).append(
        h('p', { class: 'hint' }, k.note),
        h('p', { class: 'columns-list' }, 'Columns: ', fields.map((f, i) => [i ? ', ' : '',
          h('code', { title: f.label }, f.key), f.required ? ' (required)' : ''])));
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      clear(columns).append(h('p', { class: 'hint' }, k.note));
    }
  }

  function reset() {
    checked = null;
    apply.disabled = true;
    clear(result);
  }
  kindSelect.addEventListener('change', () => { reset(); showColumns(); });
  file.addEventListener('change', reset);

  async function send(dryRun) {
    const k = kind();
    const f = file.files[0];
    clear(result);
    if (!f) {
      result.append(message('Choose a CSV file first.', 'error'));
      file.focus();
      return;
    }
    const data = new FormData();
    data.append('file', f, f.name);
    check.disabled = true;
    apply.disabled = true;
    clear(progress).append(h('progress', { 'aria-label': dryRun ? 'Checking' : 'Importing' }),
      dryRun ? ` Checking ${f.name}…` : ` Importing ${f.name}…`);
    try {
      const answer = await api(k.upload + (dryRun ? '?dryRun=true' : ''), { method: 'POST', form: data });
      result.append(summary(k, answer, dryRun));
      checked = dryRun ? { kind: k.key, file: f } : null;
      apply.disabled = !dryRun;
      if (dryRun) apply.focus();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      result.append(problems(e, dryRun));
      checked = null;
    } finally {
      clear(progress);
      check.disabled = false;
    }
  }

  form.addEventListener('submit', (event) => { event.preventDefault(); send(true); });
  apply.addEventListener('click', () => {
    if (checked && checked.kind === kind().key && checked.file === file.files[0]) send(false);
  });
  await showColumns();
}

function summary(k, answer, dryRun) {
  const box = h('section', { class: 'import-summary', 'aria-labelledby': 'import-summary-h' });
  if (k.key === 'schedules') {
    box.append(h('h2', { id: 'import-summary-h' }, dryRun ? 'The file can be imported' : 'Imported'),
      h('p', { class: dryRun ? 'notice' : 'saved' }, answer.responseText));
    return box;
  }
  const counts = `${answer.created} to create, ${answer.updated} to update, ${answer.unchanged} unchanged`;
  box.append(
    h('h2', { id: 'import-summary-h' }, dryRun ? 'The file can be imported' : 'Imported'),
    h('p', { class: dryRun ? 'notice' : 'saved' }, dryRun ? `${counts}. Import it to apply.`
      : `${answer.created} created, ${answer.updated} updated, ${answer.unchanged} unchanged.`));
  const rows = answer.rows.slice(0, 500);
  box.append(h('div', { class: 'table-wrap' }, h('table', { class: 'list', id: 'import-rows' },
    h('caption', {}, answer.rows.length > rows.length ? `The first ${rows.length} of ${answer.rows.length} lines` : 'Each line of the file'),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, dryRun ? 'Would be' : 'Result'),
      dryRun ? null : h('th', { scope: 'col' }, 'Id'))),
    h('tbody', {}, rows.map((r) => h('tr', {}, h('td', {}, r.line), h('td', {}, r.status), dryRun ? null : h('td', {}, r.id)))))));
  return box;
}

function problems(error, dryRun) {
  const box = h('section', { class: 'import-problems', 'aria-labelledby': 'import-problems-h' },
    h('h2', { id: 'import-problems-h' }, dryRun ? 'The file has problems' : 'Nothing was imported'),
    h('p', { class: 'error', role: 'alert' }, error.message));
  const errors = error.errors || [];
  if (!errors.length) return box;
  const shown = errors.slice(0, 1000);
  box.append(h('div', { class: 'table-wrap' }, h('table', { class: 'list', id: 'import-errors' },
    h('caption', {}, `${errors.length} problem${errors.length === 1 ? '' : 's'}${errors.length > shown.length ? ` (the first ${shown.length} shown)` : ''}: fix them in the file and check it again`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Column'), h('th', { scope: 'col' }, 'Problem'))),
    h('tbody', {}, shown.map((e) => h('tr', {}, h('td', {}, e.row ?? '—'), h('td', {}, e.column ?? e.field ?? '—'), h('td', {}, e.reason)))))));
  return box;
}
