// The console's shell: sign in/out, the header (user, tenant, time zone), the navigation and the router.
import { api, ApiError, onSessionEnded } from './api.js';
import { can, clear, ctx, h, message } from './dom.js';

const PAGES = {
  org: () => import('./pages/org.js'),
  person: () => import('./pages/person.js'),
  schedules: () => import('./pages/schedules.js'),
  week: () => import('./pages/week.js'),
  requests: () => import('./pages/requests.js'),
  live: () => import('./pages/live.js'),
  contacts: () => import('./pages/contacts.js'),
  contact: () => import('./pages/contact.js'),
  planning: () => import('./pages/planning.js'),
  evaluations: () => import('./pages/evaluations.js'),
  evaluate: () => import('./pages/evaluate.js'),
  reports: () => import('./pages/reports.js'),
  imports: () => import('./pages/imports.js'),
};

const $ = (id) => document.getElementById(id);
let cleanup = null;

function showSignIn(notice) {
  if (cleanup) { cleanup(); cleanup = null; }
  ctx.session = null;
  $('top').hidden = true;
  clear($('page'));
  $('signin').hidden = false;
  $('signin-notice').hidden = !notice;
  $('signin-notice').textContent = notice || '';
  $('signin-error').hidden = true;
  $('userId').focus();
}

async function signedIn(session) {
  ctx.session = session;
  ctx.tenant = null;
  ctx.zone = session.timezoneString || 'UTC';
  try {
    const tenants = await api('/api/rest/org/tenant');
    ctx.tenant = tenants[0] || null;
    if (ctx.tenant && ctx.tenant.timeZone) ctx.zone = ctx.tenant.timeZone;
  } catch (e) {
    if (!(e instanceof ApiError) || e.status === 401) throw e;
  }
  $('signin').hidden = true;
  $('top').hidden = false;
  const who = $('who');
  clear(who).append(
    h('span', { class: 'user', id: 'user-name' }, `${session.firstName} ${session.lastName}`),
    h('span', { class: 'tenant', id: 'tenant-name' }, ctx.tenant ? ctx.tenant.name : `Tenant ${session.tenantId}`),
    h('span', { class: 'zone', id: 'time-zone', title: 'Times are shown in this time zone' }, ctx.zone),
  );
  // The menu offers what the API would let this person use (the API still decides every call).
  document.querySelectorAll('[data-perm]').forEach((a) => { a.hidden = !can(...a.dataset.perm.split('|')); });
  // Home: the organization, or for those who may not read it, their own week (or the API's refusal of it).
  const home = can('ViewOrg') ? '#/org' : `#/week/${session.id}`;
  if (!location.hash || location.hash === '#' || location.hash === '#/') location.hash = home;
  else route();
}

async function submitSignIn(event) {
  event.preventDefault();
  const err = $('signin-error');
  err.hidden = true;
  const body = { userId: $('userId').value.trim(), password: $('password').value };
  const tenant = $('tenantId').value.trim();
  if (tenant) body.tenantId = tenant;
  const button = event.target.querySelector('button');
  button.disabled = true;
  try {
    const session = await api('/api/rest/authorize', { method: 'POST', body, headers: { 'X-OpenWFO-Console': '1' } });
    $('password').value = '';
    await signedIn(session);
  } catch (e) {
    err.hidden = false;
    err.textContent = e instanceof ApiError ? e.message : 'The server could not be reached. Try again.';
  } finally {
    button.disabled = false;
  }
}

async function signOut() {
  try { await api('/api/rest/authorize', { method: 'DELETE' }); } catch { /* already ended */ }
  location.hash = '';
  showSignIn('You are signed out.');
}

async function route() {
  if (!ctx.session) return;
  if (cleanup) { cleanup(); cleanup = null; }
  const [path, search = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [name = 'org', ...rest] = (path || 'org').split('/');
  document.querySelectorAll('[data-nav]').forEach((a) => {
    const current = a.dataset.nav === name || (a.dataset.nav === 'org' && name === 'person') || (a.dataset.nav === 'schedules' && name === 'week')
      || (a.dataset.nav === 'contacts' && name === 'contact') || (a.dataset.nav === 'evaluations' && name === 'evaluate');
    if (current) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  });
  const page = clear($('page'));
  const load = PAGES[name];
  if (!load) { page.append(message('There is no such page. Pick one from the menu above.')); return; }
  page.append(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  try {
    const module = await load();
    const params = new URLSearchParams(search);
    const node = h('div', { class: `page page-${name}` });
    cleanup = (await module.render(node, rest.join('/'), params)) || null;
    clear(page).append(node);
    const heading = node.querySelector('h1');
    if (heading) document.title = `${heading.textContent} — OpenWFO`;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return;
    clear(page).append(message(e instanceof ApiError ? e.message : `This page failed: ${e.message}`, 'error'));
  }
}

onSessionEnded(() => showSignIn('Your session has ended (signed out or timed out). Sign in again.'));

async function boot() {
  $('signin-form').addEventListener('submit', submitSignIn);
  $('signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  try {
    await signedIn(await api('/api/rest/authorize'));
  } catch {
    showSignIn();
  }
}

boot();
