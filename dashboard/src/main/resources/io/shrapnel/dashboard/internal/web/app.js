// The Shrapnel dashboard page: one WebSocket, a snapshot a second, views drawn from the beans as
// JMX names them. Every value is put into the page as text (textContent), never as HTML: coro names,
// stacks and attribute values come from the application.
'use strict';

const KNOWN = new Set(['Scheduler', 'Mailboxes', 'Coros', 'Sockets', 'Profiler']);
const HTTP_CLASSES = ['Successful', 'Redirection', 'ClientErrors', 'ServerErrors', 'Informational'];
const MAX_POINTS = 900;

const state = {
  snapshot: null,
  times: [],            // seconds
  series: new Map(),    // key -> values (null for gaps)
  view: 'nodes',
  openGroups: new Set(),
  stacks: new Map(),    // "node/id" -> text
  latency: new Map(),   // bean key -> last LatencyWarnings
  events: [],
  charts: new Map(),    // id -> {plot, keys}
  profiler: new Map(),  // node index -> {message, report}
  received: 0,
  ws: null,             // the open WebSocket, to tell the server which view is shown
};

/** Tells the server which view the page shows: the snapshots then carry that view's tables. */
function tellView() {
  if (state.ws && state.ws.readyState === WebSocket.OPEN) state.ws.send('view ' + state.view);
}

// ---------------------------------------------------------------- DOM helpers
function h(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v;
    else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (v !== undefined && v !== null) e.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
  return e;
}

function fmt(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) return '';
    if (Number.isInteger(v)) return v.toLocaleString('en');
    return v.toLocaleString('en', {maximumFractionDigits: 2});
  }
  return String(v);
}

function bytes(v) {
  if (typeof v !== 'number') return fmt(v);
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return v.toLocaleString('en', {maximumFractionDigits: 1}) + ' ' + units[i];
}

/** Any JMX value as it came in JSON: tables for rows, nested tables for composites. */
function renderValue(v) {
  if (v === null || v === undefined) return document.createTextNode('');
  if (Array.isArray(v)) {
    if (v.length && v.every(x => x && typeof x === 'object' && !Array.isArray(x))) return rowsTable(v);
    return document.createTextNode(v.map(fmt).join(', '));
  }
  if (typeof v === 'object') {
    return h('table', {class: 'generic'}, Object.entries(v).map(([k, x]) => h('tr', {}, h('td', {}, k), h('td', {}, renderValue(x)))));
  }
  return document.createTextNode(fmt(v));
}

function rowsTable(rows, columns) {
  const cols = columns || [...new Set(rows.flatMap(r => Object.keys(r)))];
  return h('table', {},
    h('tr', {}, cols.map(c => h('th', {}, c))),
    rows.map(r => h('tr', {}, cols.map(c => h('td', {class: typeof r[c] === 'number' ? 'num' : ''}, renderValue(r[c]))))));
}

/** A bean's attributes as a two-column table; counters named in rates also get a per-second column. */
function attrsTable(node, bean, rates) {
  const rows = [];
  for (const [k, v] of Object.entries(bean.attrs)) {
    const desc = bean.descriptions && bean.descriptions[k];
    const rate = rates && rates.includes(k) ? lastRate(seriesKey(node, bean, k)) : null;
    rows.push(h('tr', {title: desc || ''}, h('td', {}, k), h('td', {class: typeof v === 'number' ? 'num' : ''}, renderValue(v)),
      h('td', {class: 'num'}, rate === null ? '' : fmt(rate) + '/s')));
  }
  return h('table', {class: 'generic', 'data-bean': bean.name}, rows);
}

// ---------------------------------------------------------------- series
function seriesKey(node, bean, attr) { return node.name + '|' + bean.name + '|' + attr; }

function beanType(beanName) {
  const m = /[:,]type=([^,]*)/.exec(beanName);
  return m ? m[1] : '';
}

function beanLabel(beanName) {
  const m = /[:,]name=([^,]*)/.exec(beanName);
  return m ? m[1].replace(/^"|"$/g, '') : beanName;
}

function loadHistory(ring) {
  state.times = ring.t.map(t => t / 1000);
  state.series = new Map(Object.entries(ring.series).map(([k, v]) => [k, v.slice()]));
}

function addPoint(t, points) {
  const n = state.times.length;
  state.times.push(t / 1000);
  for (const [k, arr] of state.series) arr.push(k in points ? points[k] : null);
  for (const [k, v] of Object.entries(points)) {
    if (!state.series.has(k)) {
      const arr = new Array(n).fill(null);
      arr.push(v);
      state.series.set(k, arr);
    }
  }
  if (state.times.length > MAX_POINTS) {
    const cut = state.times.length - MAX_POINTS;
    state.times.splice(0, cut);
    for (const arr of state.series.values()) arr.splice(0, cut);
  }
}

function rate(values) {
  const out = new Array(values.length).fill(null);
  for (let i = 1; i < values.length; i++) {
    const a = values[i - 1], b = values[i], dt = state.times[i] - state.times[i - 1];
    if (a !== null && b !== null && dt > 0 && b >= a) out[i] = (b - a) / dt;
  }
  return out;
}

function lastRate(key) {
  const v = state.series.get(key);
  if (!v || v.length < 2) return null;
  const r = rate(v.slice(-2));
  return r[1];
}

/** Keys of series whose bean type and attribute match, sorted. */
function keysFor(type, attr) {
  return [...state.series.keys()].filter(k => {
    const [, bean, a] = k.split('|');
    return beanType(bean) === type && a === attr;
  }).sort();
}

/** A chart of the series under keys (as rates per second when perSecond), made once and updated. */
function chart(parent, id, title, keys, perSecond) {
  const box = h('div', {class: 'chart', id: 'chart-' + id});
  parent.appendChild(box);
  if (!keys.length || typeof uPlot === 'undefined') {
    box.appendChild(h('div', {}, title + ': no data yet'));
    return;
  }
  const data = [state.times.slice(), ...keys.map(k => perSecond ? rate(state.series.get(k)) : state.series.get(k).slice())];
  const old = state.charts.get(id);
  if (old && old.keys.join() === keys.join()) {
    old.plot.setData(data);
    box.appendChild(old.plot.root);
    return;
  }
  if (old) old.plot.destroy();
  const colors = ['#2a7', '#27c', '#c52', '#a3c', '#aa2', '#2aa', '#c27', '#555'];
  const manyAttrs = new Set(keys.map(k => k.split('|')[2])).size > 1;
  const opts = {
    title, width: 460, height: 180,
    series: [{}, ...keys.map((k, i) => {
      const [node, bean, attr] = k.split('|');
      return {label: node + ' ' + beanLabel(bean) + (manyAttrs ? ' ' + attr : ''), stroke: colors[i % colors.length], width: 1.5};
    })],
    axes: [{}, {size: 60}],
    legend: {show: true},
  };
  const plot = new uPlot(opts, data, box);
  state.charts.set(id, {plot, keys});
}

function nanos(v) {
  if (v >= 1e9) return (v / 1e9).toLocaleString('en', {maximumFractionDigits: 1}) + ' s';
  if (v >= 1e6) return (v / 1e6).toLocaleString('en', {maximumFractionDigits: 1}) + ' ms';
  if (v >= 1e3) return (v / 1e3).toLocaleString('en', {maximumFractionDigits: 1}) + ' µs';
  return v + ' ns';
}

/** A loop's slice-time histogram (rows of bucket, fromNanos, slices) as a bar chart, made once and updated. */
function histogram(parent, id, title, rows) {
  const box = h('div', {class: 'chart histogram', id: 'chart-' + id});
  parent.appendChild(box);
  if (!rows.length || typeof uPlot === 'undefined') {
    box.appendChild(h('div', {}, title + ': no slices timed yet'));
    return;
  }
  const lo = Math.min(...rows.map(r => r.bucket)), hi = Math.max(...rows.map(r => r.bucket));
  const xs = [], ys = [];
  for (let b = lo; b <= hi; b++) {
    const r = rows.find(x => x.bucket === b);
    xs.push(b);
    ys.push(r ? r.slices : 0);
  }
  const old = state.charts.get(id);
  if (old && old.keys.join() === xs.join()) {
    old.plot.setData([xs, ys]);
    box.appendChild(old.plot.root);
    return;
  }
  if (old) old.plot.destroy();
  const label = b => nanos(b === 0 ? 0 : Math.pow(2, b - 1));
  const opts = {
    title, width: 460, height: 180,
    scales: {x: {time: false}},
    series: [{label: 'from', value: (u, b) => b === null ? '' : label(b)},
      {label: 'slices', stroke: '#27c', fill: 'rgba(34,119,204,0.3)', width: 1,
        paths: uPlot.paths && uPlot.paths.bars ? uPlot.paths.bars({size: [0.8]}) : undefined}],
    axes: [{values: (u, splits) => splits.map(b => Number.isInteger(b) ? label(b) : '')}, {size: 60}],
    legend: {show: true},
  };
  const plot = new uPlot(opts, [xs, ys], box);
  state.charts.set(id, {plot, keys: xs});
}

async function sliceTiming(ni, bean, on) {
  const r = await fetch('/api/slicetiming?node=' + ni + '&bean=' + encodeURIComponent(bean) + '&on=' + on, {method: 'POST'});
  state.events.push(new Date().toLocaleTimeString() + '  ' + await r.text());
  render();
}

// ---------------------------------------------------------------- views
function beansOf(node, type) { return node.beans.filter(b => b.domain === 'io.shrapnel' && b.type === type); }
function jvm(node, type) { return node.beans.find(b => b.domain === 'java.lang' && b.type === type); }

function viewNodes(root) {
  const snap = state.snapshot;
  root.appendChild(h('h2', {}, 'Nodes'));
  root.appendChild(h('table', {id: 'nodes-table'},
    h('tr', {}, ['node', 'address', 'status', 'uptime', 'heap used', 'threads', 'CPU', 'loops', 'live coros', 'open sockets'].map(c => h('th', {}, c))),
    snap.nodes.map(n => {
      const mem = jvm(n, 'Memory'), thr = jvm(n, 'Threading'), os = jvm(n, 'OperatingSystem'), rt = jvm(n, 'Runtime');
      const loops = beansOf(n, 'Scheduler');
      const coros = loops.reduce((s, b) => s + (b.attrs.LiveCoros || 0), 0);
      const socks = beansOf(n, 'Sockets').reduce((s, b) => s + (b.attrs.Open || 0), 0);
      return h('tr', {'data-node': n.name},
        h('td', {}, n.name), h('td', {}, n.address),
        h('td', {class: n.ok ? '' : 'error'}, n.ok ? 'up' : 'down: ' + n.error),
        h('td', {class: 'num'}, rt ? fmt(Math.round(rt.attrs.Uptime / 1000)) + ' s' : ''),
        h('td', {class: 'num'}, mem && mem.attrs.HeapMemoryUsage ? bytes(mem.attrs.HeapMemoryUsage.used) : ''),
        h('td', {class: 'num'}, thr ? fmt(thr.attrs.ThreadCount) : ''),
        h('td', {class: 'num'}, os && typeof os.attrs.ProcessCpuLoad === 'number' ? fmt(os.attrs.ProcessCpuLoad * 100) + ' %' : ''),
        h('td', {class: 'num'}, loops.length), h('td', {class: 'num live-coros'}, fmt(coros)), h('td', {class: 'num'}, fmt(socks)));
    })));
  const charts = h('div', {class: 'charts'});
  root.appendChild(charts);
  chart(charts, 'heap', 'heap used (bytes)', keysFor('Memory', 'HeapMemoryUsage.used'), false);
  chart(charts, 'cpu', 'process CPU load', keysFor('OperatingSystem', 'ProcessCpuLoad'), false);
  chart(charts, 'gc', 'GC time (ms/s)', keysFor('GarbageCollector', 'CollectionTime'), true);
  for (const n of snap.nodes) {
    const gcs = n.beans.filter(b => b.domain === 'java.lang' && b.type === 'GarbageCollector');
    if (gcs.length) {
      root.appendChild(h('h3', {}, n.name + ': garbage collectors'));
      root.appendChild(rowsTable(gcs.map(b => Object.assign({collector: b.label}, b.attrs))));
    }
  }
}

function viewLoops(root) {
  const charts = h('div', {class: 'charts'});
  root.appendChild(charts);
  chart(charts, 'passes', 'passes/s', keysFor('Scheduler', 'Passes'), true);
  chart(charts, 'resumes', 'coro runs/s', keysFor('Scheduler', 'Resumes'), true);
  chart(charts, 'ready', 'ready queue', keysFor('Scheduler', 'ReadyCoros'), false);
  chart(charts, 'latency', 'latency warnings/s', keysFor('Scheduler', 'LatencyWarnings'), true);
  root.appendChild(h('h2', {}, 'Latency warnings'));
  root.appendChild(h('div', {class: 'events', id: 'latency-events'},
    state.events.length ? state.events.slice().reverse().map(e => h('div', {}, e)) : 'none since the page opened'));
  state.snapshot.nodes.forEach((n, ni) => {
    for (const b of beansOf(n, 'Scheduler')) {
      root.appendChild(h('h2', {}, n.name + ': loop ' + b.label));
      if ('SliceTiming' in b.attrs) {
        const on = b.attrs.SliceTiming === true;
        const hist = h('div', {class: 'charts'});
        root.appendChild(h('div', {class: 'slice-timing'}, 'slice timing ' + (on ? 'on ' : 'off (one clock read per slice when on) '),
          h('button', {class: 'slice-timing-toggle', 'data-loop': b.label, onclick: () => sliceTiming(ni, b.name, !on)}, on ? 'turn off' : 'turn on')));
        root.appendChild(hist);
        histogram(hist, 'slices-' + ni + '-' + b.name, 'slice times (slices by length, since timing began)',
          Array.isArray(b.attrs.SliceHistogram) ? b.attrs.SliceHistogram : []);
      }
      const {SliceHistogram, ...plain} = b.attrs;
      root.appendChild(attrsTable(n, Object.assign({}, b, {attrs: plain}),
        ['Passes', 'Resumes', 'Selects', 'TimersFired', 'Spawned', 'PostsTaken', 'SelectorWakeups', 'LatencyWarnings']));
    }
  });
}

function corosRows(bean) {
  for (const v of Object.values(bean.attrs)) {
    if (Array.isArray(v) && v.length && typeof v[0] === 'object' && v[0] && 'id' in v[0]) return v;
  }
  return [];
}

function viewCoros(root) {
  let search = document.getElementById('coro-search');
  const query = search ? search.value.toLowerCase() : '';
  search = h('input', {type: 'search', id: 'coro-search', placeholder: 'search id, name, state, where…', value: query});
  search.addEventListener('input', () => render());
  root.appendChild(search);
  const charts = h('div', {class: 'charts'});
  root.appendChild(charts);
  chart(charts, 'coros', 'live coros', keysFor('Scheduler', 'LiveCoros'), false);
  state.snapshot.nodes.forEach((n, ni) => {
    for (const b of beansOf(n, 'Coros')) {
      const rows = corosRows(b);
      const byState = {};
      rows.forEach(r => { byState[r.state] = (byState[r.state] || 0) + 1; });
      root.appendChild(h('h2', {}, n.name + ': ' + fmt(b.attrs.Count ?? rows.length) + ' coros'));
      root.appendChild(h('table', {class: 'coro-states'}, h('tr', {}, Object.keys(byState).map(s => h('th', {}, s))),
        h('tr', {}, Object.values(byState).map(c => h('td', {class: 'num'}, fmt(c))))));
      const shown = rows.filter(r => !query || Object.values(r).some(v => String(v).toLowerCase().includes(query)));
      const groups = new Map();
      for (const r of shown) {
        const g = r.where || r.blockedOn || '(' + (r.state || '?').toLowerCase() + ')';
        if (!groups.has(g)) groups.set(g, []);
        groups.get(g).push(r);
      }
      const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
      const list = h('div', {class: 'coro-groups'});
      for (const [where, members] of sorted) {
        const gid = ni + '|' + where;
        const d = h('details', {'data-where': where}, h('summary', {}, members.length + ' × ' + where));
        if (state.openGroups.has(gid)) d.open = true;
        d.addEventListener('toggle', () => { if (d.open) state.openGroups.add(gid); else state.openGroups.delete(gid); });
        d.appendChild(h('table', {}, h('tr', {}, ['id', 'name', 'loop', 'state', 'waits for', ''].map(c => h('th', {}, c))),
          members.slice(0, 500).map(r => {
            const sk = ni + '/' + r.id;
            return [h('tr', {class: 'coro', 'data-id': r.id}, h('td', {class: 'num'}, r.id), h('td', {}, r.name || ''), h('td', {}, r.loop || ''),
              h('td', {}, r.state || ''), h('td', {}, r.blockedOn || ''),
              h('td', {}, h('button', {onclick: () => loadStack(ni, r.id)}, 'stack'))),
              state.stacks.has(sk) ? h('tr', {}, h('td', {colspan: 6}, h('pre', {class: 'stack'}, state.stacks.get(sk)))) : null];
          })));
        list.appendChild(d);
      }
      root.appendChild(list);
    }
  });
}

async function loadStack(node, id) {
  const r = await fetch('/api/stack?node=' + node + '&id=' + encodeURIComponent(id));
  state.stacks.set(node + '/' + id, await r.text());
  render();
}

function viewMailboxes(root) {
  const charts = h('div', {class: 'charts'});
  root.appendChild(charts);
  chart(charts, 'depth', 'messages waiting', keysFor('Mailboxes', 'Depth'), false);
  chart(charts, 'delivered', 'delivered/s', keysFor('Mailboxes', 'Delivered'), true);
  chart(charts, 'dead', 'dead letters/s', keysFor('Mailboxes', 'DeadLetters'), true);
  for (const n of state.snapshot.nodes) {
    for (const b of beansOf(n, 'Mailboxes')) {
      root.appendChild(h('h2', {}, n.name + ': mailboxes of loop ' + b.label));
      root.appendChild(attrsTable(n, b, ['Delivered', 'Received', 'DeadLetters', 'DeadLettersAllLoops']));
    }
    for (const b of n.beans.filter(b => b.domain === 'io.shrapnel' && /Supervis/.test(b.type))) {
      root.appendChild(h('h2', {}, n.name + ': ' + b.type + ' ' + (b.label || '')));
      root.appendChild(attrsTable(n, b, Object.keys(b.attrs).filter(a => /Restart/.test(a))));
    }
  }
}

function viewSockets(root) {
  const charts = h('div', {class: 'charts'});
  root.appendChild(charts);
  chart(charts, 'bytesIn', 'bytes in/s', keysFor('Sockets', 'BytesIn'), true);
  chart(charts, 'bytesOut', 'bytes out/s', keysFor('Sockets', 'BytesOut'), true);
  chart(charts, 'open', 'open sockets', keysFor('Sockets', 'Open'), false);
  for (const n of state.snapshot.nodes) {
    const socks = beansOf(n, 'Sockets');
    if (!socks.length) continue;
    root.appendChild(h('h2', {}, n.name + ': sockets'));
    const cols = [...new Set(socks.flatMap(b => Object.keys(b.attrs)))];
    root.appendChild(h('table', {id: 'sockets-' + n.name},
      h('tr', {}, h('th', {}, 'kind'), cols.map(c => h('th', {}, c)), h('th', {}, 'in/s'), h('th', {}, 'out/s')),
      socks.map(b => h('tr', {'data-kind': b.label}, h('td', {}, b.label), cols.map(c => h('td', {class: 'num', 'data-attr': c}, fmt(b.attrs[c]))),
        h('td', {class: 'num'}, bytes(lastRate(seriesKey(n, b, 'BytesIn')))),
        h('td', {class: 'num'}, bytes(lastRate(seriesKey(n, b, 'BytesOut'))))))));
  }
}

function viewServers(root) {
  let any = false;
  const http = HTTP_CLASSES.flatMap(a => keysFor('HttpServers', a));
  if (http.length) {
    const charts = h('div', {class: 'charts'});
    root.appendChild(charts);
    chart(charts, 'http-responses', 'HTTP responses/s by status class', http, true);
    chart(charts, 'http-errors', 'HTTP errors/s (4xx, 5xx)', [...keysFor('HttpServers', 'ClientErrors'), ...keysFor('HttpServers', 'ServerErrors')], true);
    chart(charts, 'http-open', 'HTTP connections open', keysFor('HttpServers', 'OpenConnections'), false);
  }
  const rpc = keysFor('Rpc', 'CallsStarted');
  if (rpc.length) {
    const charts = h('div', {class: 'charts'});
    root.appendChild(charts);
    chart(charts, 'rpc-calls', 'RPC calls/s (client and server side)', rpc, true);
    chart(charts, 'rpc-errors', 'RPC failed calls/s (status other than OK; by status in the table below)', keysFor('Rpc', 'CallsFailed'), true);
    chart(charts, 'rpc-open', 'RPC connections open', keysFor('Rpc', 'OpenConnections'), false);
  }
  for (const n of state.snapshot.nodes) {
    for (const b of n.beans.filter(b => b.domain === 'io.shrapnel' && !KNOWN.has(b.type) && !/Supervis/.test(b.type))) {
      any = true;
      root.appendChild(h('h2', {}, n.name + ': ' + b.type + ' ' + (b.label || '')));
      root.appendChild(attrsTable(n, b, Object.keys(b.attrs).filter(a => typeof b.attrs[a] === 'number')));
    }
  }
  if (!any) root.appendChild(h('p', {}, 'No HTTP or RPC server beans (io.shrapnel:type=HttpServers, type=Rpc, …) on any node.'));
}

function viewProfiler(root) {
  state.snapshot.nodes.forEach((n, ni) => {
    const p = beansOf(n, 'Profiler')[0];
    const s = state.profiler.get(ni) || {};
    root.appendChild(h('h2', {}, n.name + ': profiler ' + (p ? (p.attrs.Running ? 'running' : 'stopped') : 'not registered')));
    if (!p) return;
    const period = h('input', {type: 'number', min: 1, value: s.period || 1, id: 'period-' + ni, style: 'width:5em'});
    root.appendChild(h('div', {},
      'sample every ', period, ' ms ',
      h('button', {id: 'profiler-start-' + ni, onclick: () => profiler(ni, 'start', period.value)}, 'Start'), ' ',
      h('button', {id: 'profiler-stop-' + ni, onclick: () => profiler(ni, 'stop')}, 'Stop'), ' ',
      h('span', {class: 'profiler-message', id: 'profiler-message-' + ni}, s.message || '')));
  });
}

async function profiler(ni, verb, period) {
  const s = state.profiler.get(ni) || {};
  s.period = period || s.period;
  const q = verb === 'start' ? '&period=' + encodeURIComponent(period) : '';
  const r = await fetch('/api/profiler/' + verb + '?node=' + ni + q, {method: 'POST'});
  s.message = await r.text();
  state.profiler.set(ni, s);
  if (verb === 'stop' && r.ok) showReport(ni);
  render();
}

/** The report of node ni, in a frame outside the part redrawn each second (a moved frame reloads). */
function showReport(ni) {
  const src = '/api/profiler/report?node=' + ni + '&t=' + Date.now();
  let frame = document.getElementById('profiler-report-' + ni);
  if (frame) {
    frame.src = src;
    return;
  }
  const name = state.snapshot ? state.snapshot.nodes[ni].name : String(ni);
  document.getElementById('profiler-reports').appendChild(h('div', {},
    h('h2', {}, name + ': last profile'),
    h('iframe', {class: 'report', id: 'profiler-report-' + ni, name: 'profiler-report-' + ni, src, sandbox: 'allow-scripts'})));
}

const VIEWS = {nodes: viewNodes, loops: viewLoops, coros: viewCoros, mailboxes: viewMailboxes, sockets: viewSockets,
  servers: viewServers, profiler: viewProfiler};

function render() {
  if (!state.snapshot) return;
  const root = document.getElementById('view-' + state.view);
  const focused = document.activeElement && document.activeElement.id;
  const caret = document.activeElement && document.activeElement.selectionStart;
  const fresh = h('div', {class: 'content'});
  // the old charts' roots are moved into the new content, so they keep their state and size
  VIEWS[state.view](fresh);
  root.querySelector(':scope > .content').replaceWith(fresh);
  if (focused) {
    const e = document.getElementById(focused);
    if (e) { e.focus(); if (caret !== undefined && e.setSelectionRange) try { e.setSelectionRange(caret, caret); } catch (x) { /* number inputs */ } }
  }
}

function noteLatency(snap) {
  for (const n of snap.nodes) {
    for (const b of beansOf(n, 'Scheduler')) {
      const key = n.name + '|' + b.name, now = b.attrs.LatencyWarnings, before = state.latency.get(key);
      if (typeof now === 'number' && typeof before === 'number' && now > before) {
        state.events.push(new Date(snap.t).toLocaleTimeString() + '  ' + n.name + ' loop ' + b.label + ': +' + (now - before) + ' latency warning(s)');
        if (state.events.length > 200) state.events.shift();
      }
      state.latency.set(key, now);
    }
  }
}

// ---------------------------------------------------------------- connection
function connect() {
  const status = document.getElementById('status');
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
  state.ws = ws;
  ws.onopen = () => { status.textContent = 'live'; status.className = 'status live'; tellView(); };
  ws.onmessage = e => {
    const m = JSON.parse(e.data);
    if (m.type === 'history') {
      loadHistory(m.ring);
    } else if (m.type === 'snapshot') {
      state.snapshot = m;
      state.received++;
      addPoint(m.t, m.points);
      noteLatency(m);
      document.getElementById('clock').textContent = new Date(m.t).toLocaleTimeString();
      document.body.dataset.snapshots = state.received;
      render();
    }
  };
  ws.onclose = () => {
    status.textContent = 'disconnected, retrying…';
    status.className = 'status down';
    setTimeout(connect, 2000);
  };
}

document.querySelectorAll('#tabs button').forEach(b => b.addEventListener('click', () => {
  document.querySelectorAll('#tabs button').forEach(x => x.classList.toggle('active', x === b));
  document.querySelectorAll('.view').forEach(v => v.classList.toggle('active', v.id === 'view-' + b.dataset.view));
  state.view = b.dataset.view;
  tellView();
  render();
}));
connect();
