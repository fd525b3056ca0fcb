// "Run with GC and Scheduler Trace": builds the chosen main package (or takes a binary), runs
// it with GODEBUG=gctrace=1,schedtrace=<ms> in a task terminal, saves the output as a
// .gotrace log and feeds the live chart as lines arrive. No shell is involved.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { addTraceLine, emptyTraceLog } from '../../insight/trace-log';
import type { GcEvent } from '../../insight/gctrace';
import type { SchedEvent } from '../../insight/schedtrace';
import { createTraceChart } from './trace-view';

export interface TracedRun {
  binary: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  logFile: string;
}

/** A terminal that runs one process, shows its output and hands each line to a callback. */
export class ProcessPty implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly closer = new vscode.EventEmitter<number>();
  readonly onDidWrite = this.writer.event;
  readonly onDidClose = this.closer.event;
  private child?: ChildProcess;
  private partial = '';
  private lineNo = 0;

  constructor(
    private readonly run: TracedRun,
    private readonly onLine: (line: string, n: number) => void,
    private readonly onExit: (code: number) => void,
  ) {}

  open(): void {
    const log = fs.createWriteStream(this.run.logFile);
    this.writer.fire(`\x1b[2m$ GODEBUG=${this.run.env.GODEBUG} ${this.run.binary} ${this.run.args.join(' ')}\x1b[0m\r\n`);
    const child = spawn(this.run.binary, this.run.args, { cwd: this.run.cwd, env: { ...process.env, ...this.run.env }, stdio: ['ignore', 'pipe', 'pipe'], shell: false });
    this.child = child;
    const onData = (d: Buffer) => {
      const text = d.toString();
      log.write(text);
      this.writer.fire(text.replace(/\r?\n/g, '\r\n'));
      const lines = (this.partial + text).split('\n');
      this.partial = lines.pop() ?? '';
      for (const l of lines) this.onLine(l, ++this.lineNo);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.on('error', (e) => {
      this.writer.fire(`\r\nGo for Cloud: cannot start ${this.run.binary}: ${e.message}\r\n`);
      log.end();
      this.onExit(127);
      this.closer.fire(127);
    });
    child.on('close', (code, signal) => {
      if (this.partial) this.onLine(this.partial, ++this.lineNo);
      log.end();
      this.writer.fire(`\r\n\x1b[2m[exited ${signal ?? code}; log saved to ${this.run.logFile}]\x1b[0m\r\n`);
      this.onExit(code ?? 1);
      this.closer.fire(code ?? 1);
    });
  }

  close(): void {
    this.child?.kill('SIGTERM');
  }
}

/** Runs a binary under trace in a task, with a live chart. Resolves with the exit code. */
export async function runTraced(context: vscode.ExtensionContext, binary: string, cwd: string, intervalMs: number): Promise<{ code: number; logFile: string; chart: ReturnType<typeof createTraceChart> }> {
  const dir = context.storageUri?.fsPath ?? context.globalStorageUri.fsPath ?? os.tmpdir();
  fs.mkdirSync(dir, { recursive: true });
  const logFile = path.join(dir, `${path.basename(binary)}-${new Date().toISOString().replace(/[:.]/g, '-')}.gotrace`);
  const chart = createTraceChart(context, `Trace: ${path.basename(binary)} (live)`);
  const log = emptyTraceLog();
  let batch: { gc: GcEvent[]; sched: SchedEvent[] } = { gc: [], sched: [] };
  const flush = setInterval(() => {
    chart.append(batch.gc, batch.sched);
    batch = { gc: [], sched: [] };
  }, 250);
  let resolveExit: (code: number) => void = () => {};
  const exited = new Promise<number>((r) => (resolveExit = r));
  const run: TracedRun = { binary, args: [], cwd, env: { GODEBUG: `gctrace=1,schedtrace=${intervalMs}` }, logFile };
  const task = new vscode.Task(
    { type: 'go-for-cloud-trace', binary },
    vscode.TaskScope.Workspace,
    `trace ${path.basename(binary)}`,
    'go-for-cloud',
    new vscode.CustomExecution(async () =>
      new ProcessPty(
        run,
        (line, n) => {
          const ev = addTraceLine(log, line, n);
          if (ev?.kind === 'gc') batch.gc.push(ev);
          else if (ev?.kind === 'sched') batch.sched.push(ev);
        },
        resolveExit,
      ),
    ),
  );
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated };
  await vscode.tasks.executeTask(task);
  const code = await exited;
  clearInterval(flush);
  chart.append(batch.gc, batch.sched);
  return { code, logFile, chart };
}
