// "Run with Core Dumps" and "Open Core Dump". Core size limits are raised with prlimit(1)
// (Linux, util-linux) from an argument list, never a shell; elsewhere we say what to do.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { findOnPath } from '../../toolchain/find-go';

/** Where the kernel writes core files, in words the user can act on. */
export function corePatternNote(): string {
  try {
    const pattern = fs.readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
    if (pattern.startsWith('|')) return `cores go to a handler (${pattern.slice(1).split(' ')[0]}); with systemd use \`coredumpctl list\` and \`coredumpctl dump -o core PID\``;
    return `cores are written as "${pattern}" relative to the program's working directory`;
  } catch {
    return 'the system decides where cores are written';
  }
}

export async function runWithCoreDumps(binary: string, cwd: string): Promise<vscode.TaskExecution | undefined> {
  const prlimit = process.platform === 'linux' ? findOnPath('prlimit') : undefined;
  if (!prlimit) {
    void vscode.window.showWarningMessage(
      process.platform === 'linux'
        ? 'Go for Cloud: prlimit (util-linux) is not installed, so the core size limit cannot be raised for this run; the binary runs with GOTRACEBACK=crash only.'
        : `Go for Cloud: raising the core size limit is not supported on ${process.platform} here; run \`ulimit -c unlimited\` in your shell first. The binary runs with GOTRACEBACK=crash.`,
    );
  }
  const exec = prlimit
    ? new vscode.ProcessExecution(prlimit, ['--core=unlimited', '--', binary], { cwd, env: { GOTRACEBACK: 'crash' } })
    : new vscode.ProcessExecution(binary, [], { cwd, env: { GOTRACEBACK: 'crash' } });
  const task = new vscode.Task({ type: 'go-for-cloud-core', binary }, vscode.TaskScope.Workspace, `run ${path.basename(binary)} with core dumps`, 'go-for-cloud', exec);
  void vscode.window.showInformationMessage(`Go for Cloud: running ${path.basename(binary)} with GOTRACEBACK=crash; ${corePatternNote()}.`);
  return vscode.tasks.executeTask(task);
}

export async function openCoreDump(binary: string, core: string): Promise<vscode.Terminal | undefined> {
  const dlv = findOnPath('dlv');
  if (!dlv) {
    const how = 'How to install Delve';
    void vscode.window
      .showErrorMessage('Go for Cloud: opening a core dump needs Delve (dlv) on PATH: `go install github.com/go-delve/delve/cmd/dlv@latest`.', how)
      .then((c) => c && vscode.env.openExternal(vscode.Uri.parse('https://github.com/go-delve/delve/tree/master/Documentation/installation')));
    return undefined;
  }
  const terminal = vscode.window.createTerminal({ name: `dlv core ${path.basename(core)}`, shellPath: dlv, shellArgs: ['core', binary, core] });
  terminal.show();
  return terminal;
}
