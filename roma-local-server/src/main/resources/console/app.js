// The ROMA Local console: one page, hash routes (#/instances, #/instances/{id}, #/create, #/control, #/identity).
// Everything shown comes from the server's API, called with the signed-in user's token; the API's refusals (403)
// decide what a user sees and may do, and their messages are shown as they come.
import { session, call, signIn, signOut, useProject, live, onCall, onUnauthorized } from './api.js';
import { h, show, badge, coarseOf, time, json, refusal, field } from './views.js';

const $ = (id) => document.getElementById(id);
const enc = encodeURIComponent;

const COARSE = ['CREATING', 'RUNNING', 'CREATE_FAILED', 'ERROR', 'FREEZING', 'FROZEN', 'DELETING', 'DELETE_FALIED'];
const STATUSES = ['Creating', 'CreateSuccess', 'CreateFail', 'Initing', 'Registering', 'Running', 'InitingFailed',
  'RegisterFailed', 'Installing', 'InstallFailed', 'Updating', 'UpdateFailed', 'Rollbacking', 'RollbackSuccess',
  'RollbackFailed', 'Deleting', 'DeleteFailed', 'Unregistering', 'UnRegisterFailed', 'CreateTimeout', 'InitTimeout',
  'RegisterTimeout', 'InstallTimeout', 'UpdateTimeout', 'RollbackTimeout', 'DeleteTimeout', 'UnregisterTimeout',
  'Starting', 'Freezing', 'Frozen', 'Restarting', 'RestartFail', 'Unhealthy', 'RestartTimeout'];

let current = null;      // the mounted view: {update()}
let stopLive = null;

// --- the call log: every call an action makes (reads are not logged: the views refresh them live) ------------

onCall((e) => {
  if (e.method === 'GET') return;
  const line = `${e.method} ${e.path} → ${e.status || 'no answer'}`;
  const body = e.body == null ? null : h('pre.call-body', JSON.stringify(e.body, null, 2));
  const last = $('last-call');
  show(last, h('code.call-line', { class: e.error ? 'call-line failed' : 'call-line' }, line), body && body.cloneNode(true),
    e.error ? h('p.refusal', { role: 'alert' }, e.error) : null);
  const log = $('call-log');
  log.prepend(h('li', h('code', line), body, e.error ? h('div.call-error', e.error) : null));
  while (log.children.length > 30) log.lastChild.remove();
});

onUnauthorized((err) => signedOut(`Your session ended: ${err}. Sign in again.`));

// --- signing in and out -----------------------------------------------------------------------------------

$('signin-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const err = $('signin-error');
  err.hidden = true;
  const button = $('signin-button');
  button.disabled = true;
  try {
    await signIn($('account').value.trim(), $('user').value.trim(), $('password').value);
    $('password').value = '';
    if (!location.hash || location.hash === '#/signin') location.hash = '#/instances';
    start();
  } catch (e) {
    err.textContent = String(e);
    err.hidden = false;
  } finally {
    button.disabled = false;
  }
});

$('signout').addEventListener('click', async () => {
  await signOut();
  signedOut('Signed out.');
});

$('project').addEventListener('change', async (ev) => {
  await useProject(ev.target.value);
  start();
});

function signedOut(message) {
  session.clear();
  if (stopLive) stopLive();
  stopLive = null;
  current = null;
  for (const id of ['nav', 'who', 'clockbar', 'calls']) $(id).hidden = true;
  show($('view'));
  $('signin').hidden = false;
  const err = $('signin-error');
  err.textContent = message || '';
  err.hidden = !message;
  $('user').focus();
}

function start() {
  const s = session.get();
  if (!s || !s.token) { signedOut(); return; }
  $('signin').hidden = true;
  for (const id of ['nav', 'who', 'clockbar', 'calls']) $(id).hidden = false;
  $('who-name').textContent = `${s.user} @ ${s.account}`;
  const select = $('project');
  show(select, s.projects.map((p) => h('option', { value: p.id, selected: p.id === s.projectId }, `${p.name} (${p.id})`)));
  if (stopLive) stopLive();
  stopLive = live(changed, liveState);
  route();
}

// --- the live view ----------------------------------------------------------------------------------------

function liveState(state, err) {
  if (state === 'refused' && err && err.status === 401) {   // the token was revoked or expired, on any node
    signedOut(`Your session ended: ${err}. Sign in again.`);
    return;
  }
  const el = $('live');
  el.dataset.state = state;
  el.textContent = state === 'live' ? 'live' : state === 'refused' ? `live view refused: ${err}` : 'reconnecting…';
}

let refreshing = null;
let again = false;
/** A change was committed (on any node): refresh what is on screen, at most one refresh at a time. */
function changed(kinds) {
  if (kinds.includes('clock') || kinds.includes('resync')) clock.update();
  if (kinds.includes('instances') || kinds.includes('resync')) refresh();
}

function refresh() {
  if (!current) return;
  if (refreshing) { again = true; return; }
  const view = current;
  refreshing = view.update().catch(() => {}).finally(() => {
    refreshing = null;
    if (again && current) { again = false; refresh(); }
  });
}

// --- routes -----------------------------------------------------------------------------------------------

window.addEventListener('hashchange', route);

function route() {
  if (!session.get()) return;
  const hash = location.hash || '#/instances';
  const view = $('view');
  let m;
  if ((m = /^#\/instances\/(.+)$/.exec(hash))) current = instanceView(view, decodeURIComponent(m[1]));
  else if (hash === '#/create') current = createView(view);
  else if (hash === '#/control') current = controlView(view);
  else if (hash === '#/identity') current = identityView(view);
  else current = instancesView(view);
  for (const a of document.querySelectorAll('#nav a')) {
    if (hash.startsWith(a.getAttribute('href'))) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  refresh();
  clock.update();
}

// --- the clock bar (operator only: others see the API's refusal) ------------------------------------------

const clock = {
  async update() {
    try {
      const c = (await call('GET', '/_roma_local/clock')).json;
      $('clock-now').textContent = time(c.now_iso);
      $('clock-now').setAttribute('datetime', c.now_iso);
      $('clock-state').textContent = c.paused ? 'paused' : 'running';
      $('clock-state').dataset.paused = c.paused;
      $('clock-error').textContent = '';
    } catch (e) {
      $('clock-error').textContent = String(e);
    }
  },
  async act(method, path, body) {
    try {
      await call(method, path, body);
      $('clock-error').textContent = '';
    } catch (e) {
      $('clock-error').textContent = String(e);
    }
    clock.update();
  },
};
$('clock-pause').addEventListener('click', () => clock.act('PUT', '/_roma_local/clock', { paused: true }));
$('clock-resume').addEventListener('click', () => clock.act('PUT', '/_roma_local/clock', { paused: false }));
$('clock-advance').addEventListener('click', () =>
  clock.act('POST', '/_roma_local/clock/advance', { seconds: Number($('advance-seconds').value || 0) }));

// --- instances ----------------------------------------------------------------------------------------------

async function pool(items, n, fn) {
  const out = new Array(items.length);
  let next = 0;
  const worker = async () => { while (next < items.length) { const k = next++; out[k] = await fn(items[k]); } };
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, worker));
  return out;
}

function instancesView(c) {
  const s = session.get();
  const status = h('select#filter-status', h('option', { value: '' }, 'any status'),
    COARSE.map((x) => h('option', { value: x }, x)));
  const search = h('input#search', { type: 'search', placeholder: 'name or id', autocomplete: 'off' });
  const tbody = h('tbody');
  const msg = h('div');
  const count = h('p.count', { role: 'status' });
  let rows = [];
  const draw = () => {
    const f = status.value;
    const q = search.value.trim().toLowerCase();
    const shown = rows.filter((r) => (!f || r.status === f)
      && (!q || (r.name || '').toLowerCase().includes(q) || r.id.toLowerCase().includes(q)));
    show(tbody, shown.map((r) => {
      const d = r.d || {};
      const addresses = [d.ingress_ip, r.publicip_address || d.eip_address].filter(Boolean).join(', ') || '—';
      return h('tr', { 'data-id': r.id },
        h('td', h('a', { href: `#/instances/${enc(r.id)}` }, r.name || r.id)),
        h('td', h('code', r.id)),
        h('td.status', badge(r.status, r.status), ' ', h('span.fine', d.status || '')),
        h('td', d.spec || r.flavor_type || '—'),
        h('td', d.instance_version || '—'),
        h('td', addresses),
        h('td', time(r.create_time)));
    }));
    count.textContent = `${shown.length} of ${rows.length} instance(s)`;
  };
  status.addEventListener('change', draw);
  search.addEventListener('input', draw);
  show(c,
    h('h2', 'Instances'),
    h('div.toolbar', field('Status', status), field('Search', search), h('a.button', { href: '#/create' }, 'Create instance')),
    msg, count,
    h('div.scroll', h('table#instances',
      h('caption.visually-hidden', `Instances of project ${s.projectId}`),
      h('thead', h('tr', ['Name', 'ID', 'Status', 'Spec', 'Version', 'Addresses', 'Created'].map((t) => h('th', { scope: 'col' }, t)))),
      tbody)));
  return {
    async update() {
      const p = session.get().projectId;
      let list;
      try {
        list = (await call('GET', `/v2/${p}/instances?limit=100`)).json.instances || [];
        show(msg);
      } catch (e) {
        show(msg, refusal(e));
        rows = [];
        draw();
        return;
      }
      const details = await pool(list, 6, (i) => call('GET', `/v2/${p}/apic/instances/${enc(i.id)}`)
        .then((r) => r.json).catch(() => null));
      rows = list.map((i, k) => ({ ...i, d: details[k] }));
      draw();
    },
  };
}

// --- one instance --------------------------------------------------------------------------------------------

function instanceView(c, id) {
  const p = () => session.get().projectId;
  const control = () => `/_roma_local/projects/${p()}/instances/${enc(id)}`;
  const title = h('h2', id);
  const head = h('div.instance-head');
  const progress = h('section.progress', { 'aria-label': 'Creation progress' });
  const apic = h('div');
  const platform = h('div');
  const timeline = h('section', { 'aria-labelledby': 'timeline-h' });
  const health = h('section', { 'aria-labelledby': 'health-h' });
  const act = async (method, path, body) => {
    try { await call(method, path, body); } catch (e) { /* shown in the call log and its status line */ }
    refresh();
  };
  const version = h('input#upgrade-version', { value: '2.0.0', size: 8 });
  const force = h('select#force-status', STATUSES.map((x) => h('option', { value: x }, x)));
  const confirmDelete = h('button#confirm-delete.danger', { type: 'button', hidden: true,
    onclick: () => act('DELETE', `/v1/${p()}/roma/instances/${enc(id)}`) }, 'Confirm delete');
  const actions = h('div.actions', { role: 'group', 'aria-label': 'Actions' },
    ['restart', 'freeze', 'unfreeze'].map((a) => h(`button#action-${a}`, { type: 'button',
      onclick: () => act('POST', `${control()}/actions`, { action: a }) }, a[0].toUpperCase() + a.slice(1))),
    h('span.group', field('Version', version), h('button#action-upgrade', { type: 'button',
      onclick: () => act('POST', `${control()}/actions`, { action: 'upgrade', version: version.value }) }, 'Upgrade')),
    h('span.group', field('Status', force), h('button#action-force', { type: 'button',
      onclick: () => act('PUT', `${control()}/status`, { status: force.value }) }, 'Force status')),
    h('span.group', h('button#action-delete.danger', { type: 'button', onclick: () => { confirmDelete.hidden = false; confirmDelete.focus(); } }, 'Delete'), confirmDelete));
  show(c, h('p', h('a', { href: '#/instances' }, '← Instances')), title, head, actions,
    h('div.views', progress, timeline), h('div.views', apic, platform), health);
  const section = async (el, path, render) => {
    try {
      render((await call('GET', path)).json);
    } catch (e) {
      render(null, e);
    }
  };
  let gone = false;
  return {
    async update() {
      if (gone) return;     // deleted: nothing more to ask for
      await section(apic, `/v2/${p()}/apic/instances/${enc(id)}`, (d, e) => {
        if (e) {
          show(apic, h('h3', 'APIC view'), refusal(e));
          if (e.status === 404) {
            gone = true;
            show(head, h('p.gone', { role: 'status' }, 'This instance no longer exists.'));
            show(actions);
          }
          return;
        }
        title.textContent = d.instance_name || id;
        show(head, h('code', id), ' ', badge(d.status, coarseOf(d.status)));
        show(apic, json('APIC view', d));
      });
      if (gone) return;
      await Promise.all([
        section(platform, `/v2/${p()}/instances/${enc(id)}`, (d, e) => show(platform, e ? [h('h3', 'Platform view'), refusal(e)] : json('Platform view', d))),
        section(progress, `/v2/${p()}/instances/${enc(id)}/process`, (d, e) => {
          if (e) { show(progress, h('h3', 'Creation progress'), refusal(e)); return; }
          show(progress, h('h3', 'Creation progress'),
            h('label.progress-label', h('progress#create-progress', { max: 100, value: d.progress }), ` ${d.progress}% — ${d.status}`),
            h('ol.steps', (d.item || []).map((i) => h('li', { 'data-status': i.status }, `${i.name || i.step || ''} ${i.status || ''}`.trim()))));
        }),
        section(timeline, `${control()}/events`, (d, e) => {
          show(timeline, h('h3#timeline-h', 'Status history'), e ? refusal(e) : h('ol#timeline.timeline',
            d.events.map((ev) => h('li', { 'data-to': ev.to || '' },
              h('time', { datetime: ev.at_iso }, time(ev.at_iso)), ' ',
              h('strong', `${ev.from || '∅'} → ${ev.to || '(gone)'}`), ` ${ev.operation || ''}`,
              ev.detail ? h('span.detail', ` — ${ev.detail}`) : null))));
        }),
        section(health, `${control()}/health`, (d, e) => {
          if (e) { show(health, h('h3#health-h', 'Listeners and health'), refusal(e)); return; }
          show(health, h('h3#health-h', 'Listeners and health'),
            h('p', `health checks ${d.enabled ? 'enabled' : 'disabled'}${d.enabled_by ? ` (${d.enabled_by})` : ''}; `
              + `${d.probed ? `probed by ${d.probed_by || 'a node'}` : 'not probed'}; instance ${d.status || ''}`),
            h('div.scroll', h('table',
              h('thead', h('tr', ['Listener', 'Port', 'Protocol', 'Backends'].map((t) => h('th', { scope: 'col' }, t)))),
              h('tbody', (d.listeners || []).map((l) => h('tr',
                h('td', l.name || `#${l.index}`), h('td', l.port ?? '—'), h('td', l.protocol || '—'),
                h('td', (l.backends || []).length ? h('ul', l.backends.map((b) => h('li',
                  `${b.ip}:${b.port} ${b.healthy === true ? 'healthy' : b.healthy === false ? 'unhealthy' : 'unknown'}`
                  + `${b.last_result ? ` (${b.last_result})` : ''}${b.last_error ? ` ${b.last_error}` : ''}`))) : (l.not_probed || '—'))))))));
        }),
      ]);
    },
  };
}

// --- create (CreateRomaInstanceV3) --------------------------------------------------------------------------

function createView(c) {
  const f = {
    name: h('input#create-name', { required: true, value: `console-${Date.now().toString(36)}` }),
    description: h('input#create-description', { value: '' }),
    charge: h('select#create-charge', h('option', { value: 'postPaid' }, 'pay per use (postPaid)'), h('option', { value: 'prePaid' }, 'yearly/monthly (prePaid)')),
    zones: h('input#create-zones', { value: 'cn-north-4a' }),
    arch: h('select#create-arch', h('option', { value: 'x86_64' }, 'x86_64'), h('option', { value: 'aarch64' }, 'aarch64')),
    rcu: h('input#create-rcu', { type: 'number', min: 1, max: 10000, value: 4 }),
    vpc: h('input#create-vpc', { value: 'vpc-console' }),
    subnet: h('input#create-subnet', { value: 'subnet-console' }),
    eip: h('input#create-eip', { type: 'checkbox' }),
  };
  const form = h('form#create-form.card', { novalidate: true },
    field('Name', f.name), field('Description', f.description), field('Charging', f.charge),
    field('Availability zones (comma-separated)', f.zones), field('CPU architecture', f.arch), field('RCU', f.rcu),
    field('VPC id', f.vpc), field('Subnet id', f.subnet),
    h('label.check', f.eip, ' public IP'),
    h('button#create-submit', { type: 'submit' }, 'Create'));
  const msg = h('div');
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const body = {
      name: f.name.value.trim(), description: f.description.value, charge_type: f.charge.value,
      available_zone_ids: f.zones.value.split(',').map((z) => z.trim()).filter(Boolean), cpu_arch: f.arch.value,
      rcu: { total: Number(f.rcu.value) }, vpc_id: f.vpc.value.trim(), subnet_id: f.subnet.value.trim(),
      publicip_enable: f.eip.checked,
    };
    if (f.eip.checked) body.ingress_bandwidth_size = 5;
    try {
      const r = await call('POST', `/v3/${session.get().projectId}/roma/instances`, body);
      location.hash = `#/instances/${enc(r.json.id)}`;
    } catch (e) {
      show(msg, refusal(e));
    }
  });
  show(c, h('h2', 'Create an instance'), h('p', 'CreateRomaInstanceV3; the call and its body appear in the API calls panel.'), msg, form);
  return { async update() {} };
}

// --- faults (operator) ---------------------------------------------------------------------------------------

function controlView(c) {
  const op = h('select#fault-operation', ['create', 'delete', 'restart', 'upgrade'].map((x) => h('option', { value: x }, x)));
  const step = h('input#fault-step', { value: 'Installing' });
  const effect = h('select#fault-effect', h('option', { value: 'fail' }, 'fail'), h('option', { value: 'timeout' }, 'timeout'));
  const count = h('input#fault-count', { type: 'number', min: 1, value: 1 });
  const list = h('div');
  const form = h('form#fault-form.card', { novalidate: true }, h('h3', 'Arm a step fault'),
    field('Operation', op), field('Step (status)', step), field('Effect', effect), field('Count', count),
    h('button#fault-arm', { type: 'submit' }, 'Arm fault'));
  const view = {
    async update() {
      try {
        const d = (await call('GET', '/_roma_local/faults')).json;
        const faults = d.step_faults || [];
        show(list, h('h3', 'Armed faults'), faults.length ? h('ul#faults', faults.map((x) =>
          h('li', `${x.operation} at ${x.step}: ${x.effect}, ${x.remaining ?? x.count} left${x.instance_id ? ` (instance ${x.instance_id})` : ''}`)))
          : h('p#faults', 'None.'),
        (d.request_faults || []).length ? h('p', `${d.request_faults.length} request fault(s) armed`) : null);
      } catch (e) {
        show(list, h('h3', 'Armed faults'), refusal(e));
      }
    },
  };
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await call('POST', '/_roma_local/faults', { operation: op.value, step: step.value.trim() || undefined, effect: effect.value, count: Number(count.value) });
    } catch (e) { /* shown in the call log */ }
    view.update();
  });
  const clear = h('button#fault-clear', { type: 'button', onclick: async () => {
    try { await call('DELETE', '/_roma_local/faults'); } catch (e) { /* shown in the call log */ }
    view.update();
  } }, 'Clear every fault');
  show(c, h('h2', 'Faults'), h('p', 'Step faults make the next matching operation fail (or time out) at a step; the clock is in the bar above.'),
    form, clear, list);
  return view;
}

// --- identity (read-only lists of the signed-in account) ------------------------------------------------------

function identityView(c) {
  const parts = {
    users: h('section', { 'aria-labelledby': 'users-h' }),
    groups: h('section', { 'aria-labelledby': 'groups-h' }),
    policies: h('section', { 'aria-labelledby': 'policies-h' }),
    keys: h('section', { 'aria-labelledby': 'keys-h' }),
  };
  show(c, h('h2', 'Identity'), h('div.identity', Object.values(parts)));
  const table = (el, id, heading, path, pick, cols, row) => call('GET', path).then((r) => {
    const items = pick(r.json) || [];
    show(el, h(`h3#${id}`, `${heading} (${items.length})`), h('div.scroll', h('table',
      h('thead', h('tr', cols.map((t) => h('th', { scope: 'col' }, t)))),
      h('tbody', items.map((x) => h('tr', row(x).map((v) => h('td', v ?? '—'))))))));
  }).catch((e) => show(el, h(`h3#${id}`, heading), refusal(e)));
  return {
    async update() {
      const s = session.get();
      await Promise.all([
        table(parts.users, 'users-h', 'Users', `/v3/users?domain_id=${enc(s.domainId)}`, (j) => j.users,
          ['Name', 'ID', 'Enabled', 'Description'], (u) => [u.name, h('code', u.id), String(u.enabled), u.description]),
        table(parts.groups, 'groups-h', 'Groups', `/v3/groups?domain_id=${enc(s.domainId)}`, (j) => j.groups,
          ['Name', 'ID', 'Description'], (g) => [g.name, h('code', g.id), g.description]),
        table(parts.policies, 'policies-h', 'Custom policies', `/v3/roles?domain_id=${enc(s.domainId)}`, (j) => j.roles,
          ['Name', 'ID', 'Type', 'Description'], (p) => [p.display_name || p.name, h('code', p.id), p.type, p.description]),
        table(parts.keys, 'keys-h', 'Your access keys', '/v3.0/OS-CREDENTIAL/credentials', (j) => j.credentials,
          ['Access key', 'Status', 'Created', 'Description'], (k) => [h('code', k.access), k.status, time(k.create_time), k.description]),
      ]);
    },
  };
}

start();
