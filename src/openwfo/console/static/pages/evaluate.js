// Scoring a contact against an evaluation form, beside its player (#/evaluate/{contactId}[/{evaluationId}]).
// The form's sections and questions come from the Evaluation Form API (or, for the agent, from the evaluation
// itself); the running score and band follow the form's own rule (recording/evaluations/scoring.py, mirrored
// below) as a preview: what is saved is scored again by the server and shown as the API answers it.
// Save as draft (inProgress) or submit (scored; needsApproval where the form requires approval) with the
// Evaluation API; approvers approve or send back; the evaluated agent acknowledges or disputes; a dispute is
// upheld or rescored; automated QA drafts show which answers were pre-filled and are taken over on save.
import { api, ApiError } from '../api.js';
import { can, ctx, dateTime, duration, h, message, showFieldErrors } from '../dom.js';
import { paint, transcriptView } from './contact.js';

const EVALUATORS = ['Evaluate Contacts', 'Approve Evaluations', 'Administer QM'];
const APPROVERS = ['Approve Evaluations', 'Administer QM'];
const STATE_WORDS = { inProgress: 'in progress (draft)', scored: 'scored', needsApproval: 'waiting for approval', approved: 'approved' };

export async function render(root, arg, params) {
  const [contactId, evalId] = String(arg || '').split('/');
  if (!/^\d+$/.test(contactId || '')) {
    root.append(h('h1', {}, 'Evaluate a contact'),
      message('Pick a contact to evaluate from the Evaluations queue, or open one from Contacts.'));
    return null;
  }
  const base = `/api/rest/recording/contact/${contactId}`;
  // The contact and its media need Search Contacts; its own agent reads the evaluation without them.
  const [contact, evaluations, transcript, hits] = await Promise.all([
    api(base).catch((e) => { if (e.status === 401) throw e; return { error: e }; }),
    api(`${base}/eval`),
    api(`/api/rest/cas/speechtextview?ccrid=${contactId}`).catch(() => null),
    api(`/api/rest/cas/contact?ccrid=${contactId}`).catch(() => null),
  ]);
  // Automated QA's drafts: the Speech Hits API names them; they are the only evaluations without an evaluator.
  const automatic = new Set((hits && hits.automaticEvaluations) || []);
  const ev = evalId ? await api(`${base}/eval/${encodeURIComponent(evalId)}`) : null;
  const me = ctx.session.id;
  const isAgent = ev && ev.agent && ev.agent.id === me;
  const mayScore = can(...EVALUATORS) && !isAgent;

  // The form: read from the Evaluation Form API when the caller may; an agent scores nothing and reads the
  // sections (with answers) from the evaluation itself.
  let forms = [];
  let form = null;
  if (can(...EVALUATORS, 'Search Contacts')) {
    if (ev) form = await api(`/api/rest/recording/evalform/${ev.form.id}`).catch(() => null);
    else forms = (await api('/api/rest/recording/evalform')).filter((f) => f.status === 0);
  }
  if (!ev && !forms.length) {
    root.append(...heading(contact, contactId, null).filter(Boolean), message(
      'There is no active evaluation form. A QM administrator creates one with the Evaluation Form API first.'));
    return null;
  }
  if (!ev) {
    const wanted = Number(params.get('form'));
    form = forms.find((f) => f.id === wanted) || forms.find((f) => f.defaultForm) || forms[0];
  }
  const sections = ev ? ev.sections : form.sections;
  const rules = form || { manualWeighting: false, scoreType: { id: 1 }, bandRanges: [] };

  root.append(...heading(contact, contactId, ev).filter(Boolean));
  const layout = h('div', { class: 'evaluate' });
  root.append(layout);
  layout.append(playerPanel(contact, contactId, transcript));

  const isAuto = ev && !ev.evaluator && (automatic.has(ev.id) || ev.state === 'inProgress');
  const panel = h('section', { class: 'scoring', 'aria-labelledby': 'scoring-h' });
  layout.append(panel);
  panel.append(h('h2', { id: 'scoring-h' }, ev ? `${ev.form.name || 'Evaluation'} — ${STATE_WORDS[ev.state] || ev.state}`
    : 'New evaluation'));
  if (isAuto) {
    panel.append(h('p', { class: 'notice auto-note', id: 'auto-note' },
      'Automatic draft: automated QA pre-filled the marked answers from this contact\'s analytics. Check them; '
      + 'saving makes the evaluation yours.'));
  }
  if (ev) panel.append(facts(ev));
  if (params.get('saved')) {
    panel.append(h('p', { class: 'saved', role: 'status', id: 'eval-saved' },
      `Saved: ${STATE_WORDS[ev.state] || ev.state}${ev.score != null ? `, score ${ev.score}` : ''}${ev.band != null ? ` (band ${ev.band})` : ''}.`));
  }

  const editable = mayScore && (!ev || ev.state !== 'approved' || can(...APPROVERS));
  const form$ = scoringForm({ ev, forms, form, sections, rules, editable, isAuto, contactId, base });
  if (ev && isAgent) panel.append(agentActions(ev, base));
  panel.append(form$);
  if (ev) panel.append(await conversation(ev, base));
  if (evaluations.some((e) => e.calibration) && can(...EVALUATORS)) layout.after(await calibration(base));
  if (!ev) root.append(otherEvaluations(evaluations, contactId));
  else if (evaluations.length > 1) root.append(otherEvaluations(evaluations.filter((e) => e.id !== ev.id), contactId));
  return null;
}

function heading(contact, contactId, ev) {
  const c = contact && !contact.error ? contact : null;
  const agent = c && c.agent ? `${c.agent.firstName || ''} ${c.agent.lastName || ''}`.trim()
    : ev && ev.agent ? `${ev.agent.firstName || ''} ${ev.agent.lastName || ''}`.trim() : '';
  return [
    h('p', { class: 'crumbs' }, h('a', { href: '#/evaluations' }, 'Evaluations'), ' › ',
      c ? h('a', { href: `#/contact/${contactId}` }, `Contact ${contactId}`) : `Contact ${contactId}`),
    h('h1', {}, `${ev ? 'Evaluation of contact' : 'Evaluate contact'} ${contactId}${agent ? ` with ${agent}` : ''}`),
    c ? h('p', { class: 'hint' }, `${dateTime(c.startTime)} (${ctx.zone}) · ${duration((c.callDuration || 0) / 1000)}`
      + `${c.team && c.team.name ? ` · ${c.team.name}` : ''}`) : null,
  ];
}

// The recording with its waveform and the transcript following playback (as on the contact's page).
function playerPanel(contact, contactId, transcript) {
  const node = h('section', { class: 'player', 'aria-labelledby': 'eval-audio-h' }, h('h2', { id: 'eval-audio-h' }, 'Recording'));
  if (!contact || contact.error) {
    node.append(message(`The recording is not shown: ${contact && contact.error ? contact.error.message : 'not available'}`));
    return node;
  }
  const audio = { url: contact.recordingUrl, duration: contact.callDuration };
  if (!contact.recordingUrl || contact.audioUploaded === false) {
    node.append(message('This contact has no audio recording.'));
    return node;
  }
  const el = h('audio', { controls: true, preload: 'metadata', src: audio.url, id: 'audio' });
  const canvas = h('canvas', { class: 'wave', id: 'waveform', width: 800, height: 90, role: 'img',
    'aria-label': 'Waveform of the recording; silence is marked grey and talk-over red' });
  node.append(el, canvas);
  const total = audio.duration || 1;
  let energy = null;
  let events = [];
  const lines = transcriptView(transcript, (ms) => { el.currentTime = ms / 1000; el.play().catch(() => {}); });
  node.append(lines.node);
  const draw = () => {
    paint(canvas, energy, events, total, (el.currentTime * 1000) / total);
    lines.follow(el.currentTime * 1000);
  };
  el.addEventListener('timeupdate', draw);
  el.addEventListener('seeked', draw);
  canvas.addEventListener('click', (e) => {
    const r = canvas.getBoundingClientRect();
    el.currentTime = (((e.clientX - r.left) / r.width) * total) / 1000;
  });
  Promise.all([
    api(`/api/rest/recording/media/energy/${contactId}?dataPoints=300`).catch(() => null),
    api(`/api/rest/recording/contact/${contactId}/event`).catch(() => []),
  ]).then(([e, evs]) => { energy = e; events = evs || []; draw(); });
  draw();
  return node;
}

function facts(ev) {
  const who = (p) => (p ? `${p.firstName || ''} ${p.lastName || ''}`.trim() : '');
  const rows = [['Form', ev.form.name], ['Evaluator', who(ev.evaluator) || (ev.state === 'inProgress' ? 'automated QA (nobody yet)' : '—')],
    ['Agent', who(ev.agent)], ['Score', ev.score != null ? `${ev.score}${ev.band != null ? ` (band ${ev.band})` : ''}` : 'not scored yet'],
    ['Evaluated', ev.evaluated ? dateTime(ev.evaluated) : '—'],
    ['Acknowledged', ev.acknowledged ? dateTime(ev.acknowledged) : 'not yet'], ['Dispute', ev.dispute || 'none'],
    ['Flags', [ev.hr && 'HR', ev.training && 'training', ev.calibration && 'calibration', ev.kpiFailed && 'KPI failed'].filter(Boolean).join(', ') || 'none']];
  return h('dl', { class: 'facts eval-facts', id: 'eval-facts' }, rows.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v || '—')]));
}

function scoringForm({ ev, forms, form, sections, rules, editable, isAuto, contactId, base }) {
  const node = h('form', { class: 'eval-form', id: 'eval-form', novalidate: true });
  const scoreOut = h('output', { id: 'eval-score', class: 'eval-score', 'aria-live': 'polite' });
  if (!ev && forms.length > 1) {
    const pick = h('select', { name: 'formId', id: 'eval-form-pick' }, forms.map((f) => h('option', { value: f.id, selected: f.id === form.id },
      `${f.name}${f.approvalRequired ? ' (needs approval)' : ''}`)));
    pick.addEventListener('change', () => { location.hash = `#/evaluate/${contactId}?form=${pick.value}`; });
    node.append(h('label', {}, 'Evaluation form', pick));
  } else if (!ev) {
    node.append(h('p', { class: 'hint' }, `Form: ${form.name}`));
  }
  node.append(h('div', { class: 'score-bar' }, scoreOut,
    h('span', { class: 'hint' }, editable ? 'Running score as the form scores it; the server scores what you save.' : '')));
  const questions = [];
  for (const s of sections) {
    const sectionScore = h('span', { class: 'section-score', dataset: { section: s.id } });
    const fs = h('fieldset', { class: 'eval-section' }, h('legend', {}, s.name, ' ', sectionScore));
    if (s.endColor) fs.style.borderLeftColor = s.endColor;
    for (const q of s.questions) {
      const answer = q.answer || null;
      // A new evaluation on the tenant's default form starts from the options marked default (the server
      // answers an unanswered question of that form with them).
      const preset = !ev && form.defaultForm ? (q.options.find((o) => o.isDefault) || {}).id : null;
      const chosen = answer ? answer.optionId : (preset ?? null);
      const auto = isAuto && answer && String(answer.comment || '').startsWith('automatic');
      const options = [...q.options].sort((a, b) => a.order - b.order);
      const qfs = h('fieldset', { class: `eval-question${auto ? ' auto' : ''}`, dataset: { question: q.id } },
        h('legend', {}, q.text, auto ? h('span', { class: 'badge' }, 'automatic') : null),
        q.description ? h('p', { class: 'hint' }, q.description) : null,
        h('div', { class: 'options' }, options.map((o) => h('label', { class: 'check' },
          h('input', { type: 'radio', name: `q${q.id}`, value: o.id, checked: chosen === o.id, disabled: !editable }),
          o.type === 'NOTAPPLICABLE' ? `${o.label} (not counted)` : `${o.label} (${o.points})`,
          o.type === 'KPI' ? h('span', { class: 'badge kpi', title: 'A KPI: any other scoring answer fails it' }, 'KPI') : null))),
        editable ? h('label', { class: 'comment' }, auto ? 'Comment (automated QA\'s reason)' : 'Comment',
          h('input', { name: `c${q.id}`, value: answer && answer.comment ? answer.comment : '', maxlength: 4000 }))
          : answer && answer.comment ? h('p', { class: 'hint answer-comment' }, `Comment: ${answer.comment}`) : null);
      questions.push(q);
      fs.append(qfs);
    }
    node.append(fs);
  }
  const flags = h('fieldset', { class: 'eval-flags' }, h('legend', {}, 'Flags'),
    [['hr', 'HR'], ['training', 'Training'], ['calibration', 'Calibration (blind to other evaluators)']].map(([name, label]) =>
      h('label', { class: 'check' }, h('input', { type: 'checkbox', name, checked: ev ? !!ev[name] : false, disabled: !editable || (ev && name === 'calibration') }), label)));
  node.append(flags);
  if (editable) node.append(h('label', { class: 'wide' }, 'Comment for the agent (added to the evaluation\'s comments)',
    h('textarea', { name: 'comment', rows: 2, maxlength: 4000 })));
  node.append(h('p', { class: 'form-error error', role: 'alert', hidden: true }));

  const chosenAnswers = () => new Map(questions.map((q) => {
    const checked = node.querySelector(`input[name="q${q.id}"]:checked`);
    return [q.id, checked ? Number(checked.value) : null];
  }));
  const update = () => {
    // Read-only (the agent, or an approved evaluation for a non-approver): the score the server gave.
    const result = editable || !ev ? scoreOf(rules, sections, chosenAnswers())
      : { score: ev.score, band: ev.band, kpiFailed: ev.kpiFailed,
        sections: Object.fromEntries(sections.map((s) => [s.id, s.score])) };
    const answered = [...chosenAnswers().values()].filter((v) => v != null).length;
    scoreOut.textContent = result.score == null ? `Score: — (${answered} of ${questions.length} answered)`
      : `Score: ${result.score}${result.band != null ? ` · band ${result.band}` : ''}${result.kpiFailed ? ' · KPI failed' : ''}`
        + ` (${answered} of ${questions.length} answered)`;
    scoreOut.dataset.score = result.score == null ? '' : String(result.score);
    node.querySelectorAll('.section-score').forEach((el) => {
      const v = result.sections[el.dataset.section];
      el.textContent = v == null ? '' : `— ${v}`;
    });
  };
  node.addEventListener('change', update);
  update();
  if (!editable) return node;

  const buttons = h('div', { class: 'actions' });
  node.append(buttons);
  const send = async (state, extra = {}) => {
    const answers = [];
    const inputs = [];
    for (const q of questions) {
      const checked = node.querySelector(`input[name="q${q.id}"]:checked`);
      const comment = node.elements[`c${q.id}`].value.trim();
      if (!checked && !comment) continue;
      answers.push({ questionId: q.id, optionId: checked ? Number(checked.value) : null, comment: comment || null });
      inputs.push(node.querySelector(`[data-question="${q.id}"] .options`));
    }
    const body = { answers, hr: node.elements.hr.checked, training: node.elements.training.checked };
    if (state) body.state = state;
    const text = node.elements.comment.value.trim();
    if (text) body.comment = text;
    const all = [...node.querySelectorAll('button')];
    all.forEach((b) => { b.disabled = true; });
    try {
      let saved;
      if (extra.resolve) {
        saved = await api(`${base}/eval/${ev.id}/dispute/resolve`, { method: 'POST', body: { ...body, action: extra.resolve } });
      } else if (ev) {
        // An automated QA draft without evaluator is taken over first (an approver may change it as it is).
        if (isAuto && !can(...APPROVERS)) await api(`/api/rest/cas/qa/evaluation/${ev.id}/claim`, { method: 'PUT' });
        saved = await api(`${base}/eval/${ev.id}`, { method: 'PUT', body });
      } else {
        body.formId = form.id;
        body.calibration = node.elements.calibration.checked;
        saved = await api(base + '/eval', { method: 'POST', body });
      }
      const target = `#/evaluate/${contactId}/${saved.id}?saved=1`;
      if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
      else location.hash = target;
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      showFieldErrors(node, e, (field) => {
        const m = /^answers\[(\d+)\]/.exec(field);
        return m ? inputs[Number(m[1])] : null;
      });
    } finally {
      all.forEach((b) => { b.disabled = false; });
    }
  };
  const button = (label, id, fn, cls) => h('button', { type: 'button', id, class: cls, onclick: fn }, label);
  if (ev && ev.dispute === 'open') {
    buttons.append(button('Uphold the score', 'eval-uphold', () => send(null, { resolve: 'uphold' })),
      button('Rescore with these answers', 'eval-rescore', () => send(null, { resolve: 'rescore' }), 'quiet'));
  } else if (ev && ev.state === 'needsApproval' && can(...APPROVERS)) {
    buttons.append(button('Approve', 'eval-approve', () => send('approved')),
      button('Send back to the evaluator', 'eval-reject', () => send('inProgress'), 'quiet'));
  } else {
    buttons.append(button('Submit', 'eval-submit', () => send('scored')),
      button('Save as draft', 'eval-draft', () => send('inProgress'), 'quiet'));
  }
  return node;
}

// The evaluated agent: acknowledge the score, or dispute it with a reason.
function agentActions(ev, base) {
  const node = h('section', { class: 'agent-actions', 'aria-labelledby': 'agent-actions-h' }, h('h2', { id: 'agent-actions-h' }, 'Your evaluation'));
  const note = h('p', { role: 'status', class: 'hint', id: 'agent-status' });
  if (!['scored', 'approved'].includes(ev.state) || ev.calibration) {
    node.append(message('This evaluation is not final yet: you can acknowledge or dispute it once it is scored.'));
    return node;
  }
  const ack = h('button', { type: 'button', id: 'eval-acknowledge', disabled: !!ev.acknowledged }, ev.acknowledged ? 'Acknowledged' : 'Acknowledge');
  ack.addEventListener('click', async () => {
    try {
      const r = await api(`${base}/eval/${ev.id}/acknowledge`, { method: 'POST' });
      ack.textContent = 'Acknowledged';
      ack.disabled = true;
      note.textContent = `Acknowledged ${dateTime(r.acknowledged)}.`;
    } catch (e) { note.textContent = e.message; }
  });
  const reason = h('input', { name: 'reason', id: 'dispute-reason', maxlength: 4000 });
  const dispute = h('button', { type: 'button', id: 'eval-dispute', class: 'quiet', disabled: ev.dispute === 'open' }, 'Dispute');
  dispute.addEventListener('click', async () => {
    try {
      await api(`${base}/eval/${ev.id}/dispute`, { method: 'POST', body: { reason: reason.value } });
      note.textContent = 'Disputed: the evaluator or an approver will uphold or rescore it.';
      dispute.disabled = true;
    } catch (e) { note.textContent = e.message; }
  });
  node.append(h('div', { class: 'toolbar' }, ack, h('label', {}, 'Why you dispute the score', reason), dispute), note);
  return node;
}

// Comments (anyone who reads the evaluation adds one) and the history of states and scores.
async function conversation(ev, base) {
  const path = `${base}/eval/${ev.id}`;
  const [comments, history] = await Promise.all([api(`${path}/comment`).catch(() => []), api(`${path}/history`).catch(() => [])]);
  const who = (p) => (p ? `${p.firstName || ''} ${p.lastName || ''}`.trim() : 'automated QA');
  const list = h('ul', { class: 'comments', id: 'eval-comments' }, comments.map((c) =>
    h('li', {}, h('span', { class: 'hint' }, `${who(c.author)}, ${dateTime(c.created)}: `), c.text)));
  const text = h('input', { name: 'text', maxlength: 4000 });
  const add = h('form', { class: 'toolbar' }, h('label', {}, 'Add a comment', text), h('button', { type: 'submit' }, 'Comment'));
  const err = h('p', { class: 'error', role: 'alert', hidden: true });
  add.addEventListener('submit', async (e) => {
    e.preventDefault();
    err.hidden = true;
    try {
      const c = await api(`${path}/comment`, { method: 'POST', body: { text: text.value } });
      list.append(h('li', {}, h('span', { class: 'hint' }, `${who(c.author)}, ${dateTime(c.created)}: `), c.text));
      text.value = '';
    } catch (x) { err.hidden = false; err.textContent = x.message; }
  });
  return h('section', { class: 'conversation', 'aria-labelledby': 'eval-comments-h' },
    h('h2', { id: 'eval-comments-h' }, 'Comments'), comments.length ? list : [message('No comments yet.'), list], add, err,
    h('details', {}, h('summary', {}, `History (${history.length})`),
      h('ol', { class: 'history' }, history.map((x) => h('li', {},
        `${dateTime(x.at)} — ${x.action} by ${who(x.actor)}${x.scoreAfter != null ? `, score ${x.scoreBefore ?? '—'} → ${x.scoreAfter}` : ''}`
        + `${x.note ? ` (${x.note})` : ''}`)))));
}

// The calibration report: each calibration evaluator's score against the reference and each question's spread.
async function calibration(base) {
  const node = h('section', { class: 'calibration', id: 'calibration', 'aria-labelledby': 'calibration-h' },
    h('h2', { id: 'calibration-h' }, 'Calibration'));
  let report;
  try {
    report = await api(`${base}/calibration`);
  } catch (e) {
    if (e.status === 401) throw e;
    node.append(message(e.message));
    return node;
  }
  const who = (p) => (p ? `${p.firstName || ''} ${p.lastName || ''}`.trim() : '—');
  node.append(h('p', { class: 'hint' }, `Form ${report.form.name || report.form.id}; reference score ${report.reference.score ?? '—'} `
    + `(${report.reference.source === 'evaluation' ? 'the contact\'s own evaluation' : 'the calibration mean'}); `
    + `mean absolute deviation ${report.meanAbsoluteDeviation ?? '—'}.`),
  h('table', { class: 'grid' }, h('caption', {}, 'Evaluators'),
    h('thead', {}, h('tr', {}, ['Evaluator', 'Score', 'Deviation'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, report.evaluators.map((x) => h('tr', {}, h('td', {}, who(x.evaluator)), h('td', {}, x.score ?? '—'),
      h('td', {}, x.deviation == null ? '—' : (x.deviation > 0 ? `+${x.deviation}` : String(x.deviation))))))),
  h('table', { class: 'grid' }, h('caption', {}, 'Questions'),
    h('thead', {}, h('tr', {}, ['Question', 'Answers', 'Spread', 'Agreement'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, report.questions.map((q) => h('tr', {}, h('td', {}, q.text),
      h('td', {}, q.answers.map((a) => a.label || '—').join(', ')), h('td', {}, q.spread ?? '—'),
      h('td', {}, q.agreement ? 'all agree' : 'differ'))))));
  return node;
}

function otherEvaluations(evaluations, contactId) {
  const node = h('section', { class: 'card other-evals', 'aria-labelledby': 'other-evals-h' },
    h('h2', { id: 'other-evals-h' }, evaluations.length ? 'Evaluations of this contact' : 'No other evaluations of this contact'));
  if (evaluations.length) {
    node.append(h('ul', {}, evaluations.map((e) => h('li', {},
      h('a', { href: `#/evaluate/${contactId}/${e.id}` }, `${e.form.name || `Form ${e.form.id}`}: ${STATE_WORDS[e.state] || e.state}`),
      `${e.score != null ? `, score ${e.score}` : ''}${e.evaluator ? ` by ${e.evaluator.firstName || ''} ${e.evaluator.lastName || ''}` : ' (automatic draft)'}`
      + `${e.calibration ? ' (calibration)' : ''}`))));
  }
  return node;
}

// The form's score for the answers chosen (question id -> option id): recording/evaluations/scoring.py.
export function scoreOf(form, sections, answers) {
  const manual = !!form.manualWeighting;
  const points = !!(form.scoreType && form.scoreType.id === 2);
  const round = (x) => Math.round(x * 100) / 100;
  const result = { score: null, band: null, kpiFailed: false, sections: {}, questions: {} };
  let formFailed = false;
  let totalW = 0;
  let total = 0;
  let any = false;
  for (const s of sections) {
    const sw = manual ? s.weight : 1;
    let qwSum = 0; let acc = 0; let pts = 0; let counted = false; let failed = false;
    for (const q of s.questions) {
      result.questions[q.id] = null;
      const oid = answers.get(q.id);
      if (oid == null) continue;
      const o = q.options.find((x) => x.id === oid);
      const scoring = q.options.filter((x) => x.type !== 'NOTAPPLICABLE').map((x) => x.points);
      const top = scoring.length ? Math.max(...scoring) : 0;
      if (!o || o.type === 'NOTAPPLICABLE' || top <= 0) continue;
      const frac = o.points / top;
      result.questions[q.id] = round(100 * frac);
      const kpis = q.options.filter((x) => x.type === 'KPI');
      if (kpis.length && o.type !== 'KPI') {
        result.kpiFailed = true;
        formFailed = formFailed || Math.max(...kpis.map((k) => k.kpiPriority)) > 0;
        failed = true;
      }
      const qw = manual ? q.weight : 1;
      qwSum += qw; acc += qw * frac; pts += o.points; counted = true;
    }
    if (!counted || (!points && qwSum <= 0)) { result.sections[s.id] = null; continue; }
    let value = points ? pts : (100 * acc) / qwSum;
    if (failed) value = 0;
    result.sections[s.id] = round(value);
    any = true;
    if (points) total += value; else { total += sw * value; totalW += sw; }
  }
  if (any) {
    if (points) result.score = total; else if (totalW > 0) result.score = total / totalW;
    if (result.score != null) result.score = formFailed ? 0 : round(result.score);
  }
  result.band = bandOf(form.bandRanges || [], result.score);
  return result;
}

function bandOf(bands, score) {
  if (score == null || !bands.length) return null;
  const top = bands.reduce((a, b) => (b.end > a.end ? b : a));
  const hit = bands.find((b) => (b.begin <= score && score < b.end) || (b === top && score === b.end));
  return hit ? hit.band : null;
}
