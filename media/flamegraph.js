// Flame graph (icicle: root on top) drawn on a canvas, with click-to-zoom, regexp search,
// hover details, "go to source" and a sortable top-functions table. Data comes from the
// extension in one 'load' message; nothing is fetched.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const canvas = document.getElementById('flame');
  const ctx = canvas.getContext('2d');
  const details = document.getElementById('details');
  const search = document.getElementById('search');
  const matchedLabel = document.getElementById('matched');
  const sampleSelect = document.getElementById('sampleType');
  const tbody = document.querySelector('#top tbody');
  const ROW = 18;
  let data;
  let focus;
  let hovered;
  let selected;
  let pattern;
  let boxes = [];
  let sortKey = 'flat';
  let chain = [];
  let chainOf;

  const units = {
    nanoseconds: [['ns', 1], ['us', 1e3], ['ms', 1e6], ['s', 1e9], ['hrs', 3600e9]],
    bytes: [['B', 1], ['kB', 1024], ['MB', 1024 ** 2], ['GB', 1024 ** 3], ['TB', 1024 ** 4]],
  };
  function label(v) {
    const table = units[data.unit];
    if (!table) return String(v);
    let u = table[0];
    for (const t of table) if (Math.abs(v) >= t[1]) u = t;
    const s = (v / u[1]).toFixed(2).replace(/\.00$/, '');
    return s === '0' ? '0' : s + u[0];
  }
  const pct = (v) => (data.total ? ((100 * v) / data.total).toFixed(2) + '%' : '0%');

  function css(name, fallback) {
    return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
  }
  function hue(name) {
    let h = 0;
    for (let i = 0; i < name.length; i++) h = (h * 31 + name.charCodeAt(i)) >>> 0;
    return h;
  }
  function color(node) {
    const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
    const h = hue(node.n);
    if (pattern && !pattern.test(node.n)) return dark ? '#3a3a3a' : '#dddddd';
    const r = 205 + (h % 50);
    const g = 80 + ((h >> 8) % 130);
    const b = 40 + ((h >> 16) % 50);
    return `rgb(${r},${g},${b})`;
  }

  function depth(node) {
    let d = 0;
    for (const c of node.c) d = Math.max(d, depth(c));
    return d + 1;
  }

  /** The path from root to focus, drawn above the focus at full width. */
  function ancestors(target) {
    const path = [];
    (function walk(n, trail) {
      if (n === target) {
        path.push(...trail);
        return true;
      }
      for (const c of n.c) if (walk(c, [...trail, n])) return true;
      return false;
    })(data.tree, []);
    return path;
  }

  function draw() {
    const started = performance.now();
    const width = canvas.clientWidth || 800;
    if (chainOf !== focus) {
      chain = ancestors(focus);
      chainOf = focus;
    }
    const rows = chain.length + depth(focus);
    const dpr = window.devicePixelRatio || 1;
    canvas.width = width * dpr;
    canvas.height = rows * ROW * dpr;
    canvas.style.height = rows * ROW + 'px';
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, rows * ROW);
    ctx.font = `12px ${css('--vscode-editor-font-family', 'monospace')}`;
    ctx.textBaseline = 'middle';
    boxes = [];
    chain.forEach((n, i) => box(n, 0, i, width, true));
    const scale = width / Math.max(1, focus.v);
    (function layout(n, x, y) {
      const w = n.v * scale;
      if (w < 0.5) return;
      box(n, x, y, w, false);
      let cx = x;
      for (const c of n.c) {
        layout(c, cx, y + 1);
        cx += c.v * scale;
      }
    })(focus, 0, chain.length);
    const ms = performance.now() - started;
    return { rects: boxes.length, ms };
  }

  function box(n, x, row, w, dim) {
    const y = row * ROW;
    ctx.globalAlpha = dim ? 0.55 : 1;
    ctx.fillStyle = color(n);
    ctx.fillRect(x, y, Math.max(0.5, w - 1), ROW - 1);
    if (n === selected || n === hovered) {
      ctx.strokeStyle = css('--vscode-focusBorder', '#0078d4');
      ctx.strokeRect(x + 0.5, y + 0.5, Math.max(0.5, w - 2), ROW - 2);
    }
    if (w > 30) {
      ctx.fillStyle = '#000';
      const text = n === data.tree ? `all (${label(n.v)})` : n.n;
      const max = Math.floor((w - 6) / 7);
      ctx.fillText(text.length > max ? text.slice(0, Math.max(0, max - 1)) + '…' : text, x + 3, y + ROW / 2);
    }
    ctx.globalAlpha = 1;
    boxes.push({ n, x, y, w });
  }

  function at(ev) {
    const r = canvas.getBoundingClientRect();
    const x = ev.clientX - r.left;
    const y = ev.clientY - r.top;
    for (let i = boxes.length - 1; i >= 0; i--) {
      const b = boxes[i];
      if (x >= b.x && x < b.x + b.w && y >= b.y && y < b.y + ROW) return b.n;
    }
    return undefined;
  }

  function showDetails(n) {
    details.textContent = '';
    if (!n) return;
    const text = document.createElement('span');
    text.textContent = `${n.n}  ${label(n.v)} (${pct(n.v)})${n.f ? `  ${n.f}:${n.l}` : ''}`;
    details.appendChild(text);
    if (n.f) {
      const link = document.createElement('a');
      link.textContent = 'Go to source';
      link.addEventListener('click', () => vscode.postMessage({ type: 'open', file: n.f, line: n.l }));
      details.appendChild(link);
    }
  }

  canvas.addEventListener('mousemove', (ev) => {
    const n = at(ev);
    if (n !== hovered) {
      hovered = n;
      showDetails(n || selected);
      draw();
    }
  });
  canvas.addEventListener('click', (ev) => {
    const n = at(ev);
    if (!n) return;
    selected = n;
    focus = n;
    showDetails(n);
    draw();
  });
  canvas.addEventListener('dblclick', (ev) => {
    const n = at(ev);
    if (n && n.f) vscode.postMessage({ type: 'open', file: n.f, line: n.l });
  });
  document.getElementById('reset').addEventListener('click', () => {
    focus = data.tree;
    selected = undefined;
    showDetails(undefined);
    draw();
  });
  search.addEventListener('input', () => {
    try {
      pattern = search.value ? new RegExp(search.value) : undefined;
      search.setCustomValidity('');
    } catch {
      search.setCustomValidity('invalid regular expression');
      return;
    }
    let sum = 0;
    if (pattern) {
      // Count each matching frame's value once per path (outermost match only).
      (function walk(n) {
        if (n !== data.tree && pattern.test(n.n)) return (sum += n.v);
        n.c.forEach(walk);
      })(data.tree);
    }
    matchedLabel.textContent = pattern ? `matched ${label(sum)} (${pct(sum)})` : '';
    draw();
  });
  sampleSelect.addEventListener('change', () => vscode.postMessage({ type: 'sampleType', index: Number(sampleSelect.value) }));

  function renderTable() {
    const rows = [...data.top].sort((a, b) => (sortKey === 'name' ? (a.name < b.name ? -1 : 1) : b[sortKey] - a[sortKey]));
    tbody.textContent = '';
    for (const r of rows) {
      const tr = document.createElement('tr');
      for (const cell of [label(r.flat), pct(r.flat), label(r.cum), pct(r.cum), r.name]) {
        const td = document.createElement('td');
        td.textContent = cell;
        tr.appendChild(td);
      }
      tr.addEventListener('click', () => {
        search.value = '^' + r.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '$';
        search.dispatchEvent(new Event('input'));
      });
      tbody.appendChild(tr);
    }
  }
  document.querySelectorAll('#top th[data-k]').forEach((th) =>
    th.addEventListener('click', () => {
      sortKey = th.dataset.k;
      renderTable();
    }),
  );

  window.addEventListener('resize', () => data && draw());
  window.addEventListener('message', (ev) => {
    const msg = ev.data;
    if (msg.type !== 'load') return;
    data = msg;
    focus = data.tree;
    selected = undefined;
    sampleSelect.textContent = '';
    data.sampleTypes.forEach((t, i) => {
      const o = document.createElement('option');
      o.value = String(i);
      o.textContent = `${t.type} (${t.unit})`;
      o.selected = i === data.index;
      sampleSelect.appendChild(o);
    });
    renderTable();
    const stats = draw();
    vscode.postMessage({ type: 'rendered', rects: stats.rects, ms: stats.ms });
  });
  vscode.postMessage({ type: 'ready' });
})();
