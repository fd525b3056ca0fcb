// Charts of a GODEBUG gctrace/schedtrace log with uPlot: heap (before, after, live, goal),
// GC CPU share, stop-the-world pauses, and the scheduler's run queues and threads. Events
// arrive in 'load' and 'append' messages, so a running program's chart grows live.
(function () {
  'use strict';
  const vscode = acquireVsCodeApi();
  const root = document.getElementById('charts');
  const status = document.getElementById('status');
  const gc = [];
  const sched = [];
  let plots = [];
  let pending = false;

  const fg = () => getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#888';
  const grid = () => getComputedStyle(document.body).getPropertyValue('--vscode-panel-border').trim() || '#8884';
  const palette = ['#e8743b', '#19a979', '#5899da', '#945ecf', '#ed4a7b', '#bf399e'];

  function spec(title, x, series) {
    return { title, x, series };
  }

  function specs() {
    const t = gc.map((e) => e.at);
    const ts = sched.map((e) => e.atMs / 1000);
    return [
      spec('Heap (MB)', t, [
        ['before GC', gc.map((e) => e.heap.before)],
        ['after GC', gc.map((e) => e.heap.after)],
        ['live', gc.map((e) => e.heap.live)],
        ['goal', gc.map((e) => e.goalMB)],
      ]),
      spec('Time in GC since start (%)', t, [['GC CPU %', gc.map((e) => e.cpuPercent)]]),
      spec('Stop-the-world pauses (ms)', t, [
        ['sweep termination', gc.map((e) => e.clock.sweepTerm)],
        ['mark termination', gc.map((e) => e.clock.markTerm)],
      ]),
      spec('Scheduler', ts, [
        ['global run queue', sched.map((e) => e.runqueue)],
        ['local run queues', sched.map((e) => e.localRunqueues.reduce((a, b) => a + b, 0))],
        ['threads', sched.map((e) => e.threads)],
        ['idle Ps', sched.map((e) => e.idleprocs)],
      ]),
    ];
  }

  function build() {
    root.textContent = '';
    plots = specs().map((s) => {
      const box = document.createElement('div');
      box.className = 'chart';
      const h = document.createElement('h2');
      h.textContent = s.title;
      box.appendChild(h);
      root.appendChild(box);
      const axis = { stroke: fg(), grid: { stroke: grid() }, ticks: { stroke: grid() } };
      const opts = {
        width: Math.max(320, root.clientWidth - 8),
        height: 180,
        scales: { x: { time: false } },
        axes: [{ ...axis, label: 'seconds' }, axis],
        series: [{ label: 's' }, ...s.series.map(([label], i) => ({ label, stroke: palette[i % palette.length], width: 1.5, points: { show: s.x.length < 60 } }))],
        legend: { live: true },
      };
      // eslint-disable-next-line no-undef
      return new uPlot(opts, [s.x, ...s.series.map(([, ys]) => ys)], box);
    });
  }

  function update() {
    pending = false;
    const all = specs();
    if (plots.length !== all.length) return build();
    all.forEach((s, i) => plots[i].setData([s.x, ...s.series.map(([, ys]) => ys)]));
    status.textContent = `${gc.length} GC cycles, ${sched.length} scheduler samples`;
  }

  window.addEventListener('resize', () => plots.forEach((p) => p.setSize({ width: Math.max(320, root.clientWidth - 8), height: 180 })));
  window.addEventListener('message', (ev) => {
    const msg = ev.data;
    if (msg.type === 'load') {
      gc.length = 0;
      sched.length = 0;
    }
    if (msg.type === 'load' || msg.type === 'append') {
      gc.push(...msg.gc);
      sched.push(...msg.sched);
      if (msg.note) document.getElementById('note').textContent = msg.note;
      if (!plots.length) {
        build();
        update();
        vscode.postMessage({ type: 'rendered', charts: plots.length, gc: gc.length, sched: sched.length });
      } else if (!pending) {
        pending = true;
        requestAnimationFrame(update);
      }
    }
  });
  vscode.postMessage({ type: 'ready' });
})();
