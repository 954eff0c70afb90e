// The console's only way to the server: the server's own API, called with the signed-in user's token.
// The session (tokens, account, project) lives in sessionStorage: it ends with the tab.

const KEY = 'roma-local-console';

export const session = {
  get() {
    try { return JSON.parse(sessionStorage.getItem(KEY)) || null; } catch { return null; }
  },
  set(s) { sessionStorage.setItem(KEY, JSON.stringify(s)); },
  clear() { sessionStorage.removeItem(KEY); },
};

/** An API answer that is not 2xx: its status and the API's error code and message. */
export class ApiError extends Error {
  constructor(status, code, message, reason) {
    super(message || `HTTP ${status}`);
    this.status = status;
    this.code = code;
    this.reason = reason;
  }
  toString() {
    return (this.code ? `${this.code}: ` : '') + this.message + (this.status ? ` (HTTP ${this.status})` : '');
  }
}

const listeners = new Set();
/** Hears every call the console makes: {method, path, body, status, error}. */
export function onCall(fn) { listeners.add(fn); }
let unauthorized = () => {};
/** Called when the API answers 401 to a call made with the session's token. */
export function onUnauthorized(fn) { unauthorized = fn; }

/**
 * Calls the API. Returns {status, json, headers}; throws ApiError for a non-2xx answer, with the API's
 * error_code / error_msg (IAM errors carry them in error.code / error.message).
 */
export async function call(method, path, body, { token, quiet = false } = {}) {
  const s = session.get();
  const headers = { Accept: 'application/json' };
  const t = token === undefined ? s && s.token : token;
  if (t) headers['X-Auth-Token'] = t;
  if (body !== undefined && body !== null) headers['Content-Type'] = 'application/json';
  const shown = body && body.auth ? redact(body) : body;
  let r;
  try {
    r = await fetch(path, { method, headers, body: body == null ? undefined : JSON.stringify(body), cache: 'no-store' });
  } catch (e) {
    const err = new ApiError(0, null, 'the server cannot be reached');
    if (!quiet) notify({ method, path, body: shown, status: 0, error: err.toString() });
    throw err;
  }
  const text = await r.text();
  let json = null;
  if (text) { try { json = JSON.parse(text); } catch { json = null; } }
  if (!r.ok) {
    const err = new ApiError(r.status, json && (json.error_code || (json.error && json.error.code)),
      json && (json.error_msg || (json.error && json.error.message)), r.headers.get('X-Roma-Local-Reason'));
    if (!quiet) notify({ method, path, body: shown, status: r.status, error: err.toString() });
    if (r.status === 401 && t && s && t === s.token && !path.startsWith('/v3/auth/tokens')) unauthorized(err);
    throw err;
  }
  if (!quiet) notify({ method, path, body: shown, status: r.status });
  return { status: r.status, json, headers: r.headers };
}

function notify(entry) { listeners.forEach((fn) => fn(entry)); }

function redact(body) {
  const copy = JSON.parse(JSON.stringify(body));
  const id = copy.auth && copy.auth.identity;
  if (id && id.password && id.password.user) id.password.user.password = '***';
  if (id && id.token) id.token.id = '***';
  return copy;
}

/** Signs in: a token for the account, its projects, then a token scoped to the first (or the named) project. */
export async function signIn(account, user, password) {
  const r = await call('POST', '/v3/auth/tokens?nocatalog=true', {
    auth: {
      identity: { methods: ['password'], password: { user: { domain: { name: account }, name: user, password } } },
      scope: { domain: { name: account } },
    },
  }, { token: null });
  const domainToken = r.headers.get('X-Subject-Token');
  const t = r.json.token;
  const projects = (await call('GET', '/v3/auth/projects', null, { token: domainToken })).json.projects || [];
  if (!projects.length) throw new ApiError(0, null, `user ${user} may use no project of account ${account}`);
  const s = {
    account, user, userId: t.user.id, domainId: t.user.domain.id, domainToken,
    projects: projects.map((p) => ({ id: p.id, name: p.name })),
  };
  session.set(s);
  await useProject(projects[0].id);
  return session.get();
}

/** Exchanges the account token for one scoped to a project (KeystoneCreateScopedToken). */
export async function useProject(projectId) {
  const s = session.get();
  const r = await call('POST', '/v3/auth/tokens?nocatalog=true', {
    auth: { identity: { methods: ['token'], token: { id: s.domainToken } }, scope: { project: { id: projectId } } },
  }, { token: s.domainToken });
  const old = s.token;
  s.token = r.headers.get('X-Subject-Token');
  s.projectId = projectId;
  session.set(s);
  if (old) revoke(old, s.domainToken);
  return s;
}

function revoke(token, using) {
  return fetch('/v3/auth/tokens', { method: 'DELETE', headers: { 'X-Auth-Token': using, 'X-Subject-Token': token } })
    .catch(() => {});
}

/** Signs out: revokes both tokens and forgets the session. */
export async function signOut() {
  const s = session.get();
  session.clear();
  if (s && s.token) await revoke(s.token, s.token);
  if (s && s.domainToken) await revoke(s.domainToken, s.domainToken);
}

/**
 * The live view: a ticket (an ordinary authenticated call), then an EventSource on /_roma_local/console/events.
 * On any error the source is closed and a new ticket asked for, with a growing pause (the server restarted, the
 * network dropped): EventSource cannot send headers, and a ticket opens one stream only.
 */
export function live(onChange, onState) {
  let es = null;
  let stopped = false;
  let delay = 250;
  let timer = null;
  const retry = () => {
    if (stopped) return;
    onState('reconnecting');
    timer = setTimeout(open, delay);
    delay = Math.min(delay * 2, 4000);
  };
  async function open() {
    if (stopped) return;
    const s = session.get();
    if (!s || !s.token) return;
    let ticket;
    try {
      ticket = (await call('POST', `/_roma_local/console/projects/${s.projectId}/tickets`, null, { quiet: true })).json;
    } catch (e) {
      if (e.status === 401 || e.status === 403) { onState('refused', e); return; }
      retry();
      return;
    }
    if (stopped) return;
    es = new EventSource(ticket.events);
    es.addEventListener('ready', () => { delay = 250; onState('live'); onChange(['resync']); });
    es.addEventListener('change', (e) => onChange(JSON.parse(e.data).kinds));
    es.addEventListener('signout', (e) => {
      es.close();
      const d = JSON.parse(e.data);
      onState('refused', new ApiError(d.status, d.error_code, d.error_msg));
    });
    es.onerror = () => { es.close(); retry(); };
  }
  open();
  return () => { stopped = true; clearTimeout(timer); if (es) es.close(); };
}
