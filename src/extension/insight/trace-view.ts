// The trace chart webview: open on a saved log ("Chart Trace Log"), or fed live by a running
// program ("Run with GC and Scheduler Trace").
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { GcEvent } from '../../insight/gctrace';
import type { SchedEvent } from '../../insight/schedtrace';
import { parseTraceLog } from '../../insight/trace-log';
import { webviewHtml } from './webview';

/** Logs above this are charted from their first part only. */
const MAX_LOG_BYTES = 64 * 1024 * 1024;

export interface TraceChart {
  panel: vscode.WebviewPanel;
  rendered: Promise<{ charts: number; gc: number; sched: number }>;
  append(gc: GcEvent[], sched: SchedEvent[]): void;
}

export function createTraceChart(context: vscode.ExtensionContext, title: string): TraceChart {
  const panel = vscode.window.createWebviewPanel('goForCloud.traceChart', title, vscode.ViewColumn.Beside, {
    enableScripts: true,
    retainContextWhenHidden: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media'), vscode.Uri.joinPath(context.extensionUri, 'dist', 'webview')],
  });
  panel.webview.html = webviewHtml(panel.webview, context.extensionUri, {
    title,
    styles: ['dist/webview/uPlot.min.css', 'media/insight.css'],
    scripts: ['dist/webview/uPlot.iife.min.js', 'media/trace-chart.js'],
    body: `<header><strong>${title.replace(/[<>&]/g, '')}</strong><span id="status" class="note"></span></header><div id="note" class="note"></div><div id="charts"></div>`,
  });
  // Everything received so far: a webview that (re)loads asks again with 'ready' and gets all of it.
  const all: { gc: GcEvent[]; sched: SchedEvent[] } = { gc: [], sched: [] };
  let ready = false;
  let resolveRendered: (v: { charts: number; gc: number; sched: number }) => void = () => {};
  const rendered = new Promise<{ charts: number; gc: number; sched: number }>((r) => (resolveRendered = r));
  panel.webview.onDidReceiveMessage((msg: { type: string; charts?: number; gc?: number; sched?: number }) => {
    if (msg.type === 'ready') {
      ready = true;
      void panel.webview.postMessage({ type: 'load', ...all });
    } else if (msg.type === 'rendered') resolveRendered({ charts: msg.charts ?? 0, gc: msg.gc ?? 0, sched: msg.sched ?? 0 });
  });
  return {
    panel,
    rendered,
    append(gc, sched) {
      if (!gc.length && !sched.length) return;
      all.gc.push(...gc);
      all.sched.push(...sched);
      if (ready) void panel.webview.postMessage({ type: 'append', gc, sched });
    },
  };
}

export function openTraceLog(context: vscode.ExtensionContext, file: vscode.Uri): TraceChart | undefined {
  let text: string;
  try {
    const fd = fs.openSync(file.fsPath, 'r');
    try {
      const size = Math.min(fs.fstatSync(fd).size, MAX_LOG_BYTES);
      const buf = Buffer.alloc(size);
      fs.readSync(fd, buf, 0, size, 0);
      text = buf.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    void vscode.window.showErrorMessage(`Go for Cloud: cannot read ${path.basename(file.fsPath)}: ${(e as Error).message}`);
    return undefined;
  }
  const log = parseTraceLog(text);
  if (!log.gc.length && !log.sched.length) {
    void vscode.window.showWarningMessage(`Go for Cloud: ${path.basename(file.fsPath)} has no gctrace or schedtrace lines (run with GODEBUG=gctrace=1,schedtrace=1000).`);
  }
  const chart = createTraceChart(context, `Trace: ${path.basename(file.fsPath)}`);
  chart.append(log.gc, log.sched);
  if (log.malformed.length) {
    void chart.panel.webview.postMessage({ type: 'append', gc: [], sched: [], note: `${log.malformed.length} malformed trace line(s) skipped, first at line ${log.malformed[0]}` });
  }
  return chart;
}
