// Small DOM helpers: every node is built with createElement and textContent (no innerHTML: the CSP and the data
// from the API are both respected).

/** h('tag.class#id', {attr: value, onclick: fn}, ...children) */
export function h(spec, attrs, ...children) {
  const m = /^([a-z0-9]+)((?:[.#][\w-]+)*)$/.exec(spec);
  const el = document.createElement(m[1]);
  for (const part of m[2].match(/[.#][\w-]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1)); else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces a container's content. */
export function show(container, ...children) {
  container.replaceChildren();
  append(container, children);
}

/** A status badge: the fine status as text, coloured by the coarse status (the text always says it). */
export function badge(status, coarse) {
  const c = (coarse || status || '').toUpperCase();
  return h('span.badge', { class: `badge s-${c.toLowerCase()}`, 'data-coarse': c }, status || '—');
}

/** The coarse status a fine (APIC) status belongs to, when the list gave none. */
export function coarseOf(status) {
  const s = (status || '').toLowerCase();
  if (s === 'running') return 'RUNNING';
  if (s.includes('fail') || s.includes('timeout')) return s.startsWith('delet') ? 'DELETE_FALIED' : 'CREATE_FAILED';
  if (s.startsWith('delet')) return 'DELETING';
  if (s === 'frozen') return 'FROZEN';
  if (s === 'freezing' || s === 'unfreezing') return 'FREEZING';
  return 'CREATING';
}

export function time(iso) {
  if (!iso) return '—';
  const d = new Date(typeof iso === 'number' ? iso : iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A JSON document, pretty-printed, in a scrollable region with a label. */
export function json(label, value) {
  return h('section.doc', { 'aria-label': label },
    h('h3', label),
    h('pre', { tabindex: '0' }, JSON.stringify(value, null, 2)));
}

/** A message from the API (a refusal, an error): role=alert so assistive tech announces it. */
export function refusal(err) {
  return h('p.refusal', { role: 'alert' }, String(err));
}

/** A labelled field: <label>text <input …></label>. */
export function field(label, input) {
  return h('label.field', h('span', label), input);
}
