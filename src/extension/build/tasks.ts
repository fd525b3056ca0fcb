// Task provider of type `go-for-cloud`: one task per main package, running the bundled CLI's
// `build` verb (same plan and summary as the command) so compile errors reach Problems
// through the problem matcher, once per failing target.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { configuredGoPath } from './trust';

export const TASK_TYPE = 'go-for-cloud';
export const DEFAULT_TASK_TARGETS = ['linux/amd64', 'linux/arm64'];

export interface GoForCloudTaskDefinition extends vscode.TaskDefinition {
  type: 'go-for-cloud';
  package: string;
  targets?: string[];
  static?: boolean;
  stamp?: boolean;
  output?: string;
}

/** The CLI arguments a task definition stands for. */
export function cliArgs(def: GoForCloudTaskDefinition): string[] {
  const args = ['build'];
  for (const t of def.targets?.length ? def.targets : DEFAULT_TASK_TARGETS) args.push('--target', t);
  if (def.static === false) args.push('--no-static');
  if (def.stamp === false) args.push('--no-stamp');
  if (def.output) args.push('--out', def.output);
  args.push(def.package || '.');
  return args;
}

export function makeTask(context: vscode.ExtensionContext, folder: vscode.WorkspaceFolder, def: GoForCloudTaskDefinition, cwd: string): vscode.Task {
  const env: Record<string, string> = { ELECTRON_RUN_AS_NODE: '1' };
  const goPath = configuredGoPath();
  if (goPath) env.GO_FOR_CLOUD_GO = goPath;
  const execution = new vscode.ProcessExecution(process.execPath, [context.asAbsolutePath(path.join('dist', 'cli.js')), ...cliArgs(def)], { cwd, env });
  const targets = (def.targets?.length ? def.targets : DEFAULT_TASK_TARGETS).join(', ');
  const task = new vscode.Task(def, folder, `build ${def.package} (${targets})`, TASK_TYPE, execution, ['$go-for-cloud']);
  task.group = vscode.TaskGroup.Build;
  task.detail = `go build for ${targets}${def.static === false ? '' : ', static'}${def.stamp === false ? '' : ', stamped'}`;
  return task;
}

export function registerTaskProvider(context: vscode.ExtensionContext, findMains: (folder: vscode.WorkspaceFolder) => Promise<{ pattern: string; moduleDir: string }[]>): vscode.Disposable {
  return vscode.tasks.registerTaskProvider(TASK_TYPE, {
    async provideTasks() {
      if (!vscode.workspace.isTrusted) return [];
      const tasks: vscode.Task[] = [];
      for (const folder of vscode.workspace.workspaceFolders ?? []) {
        for (const m of await findMains(folder).catch(() => [])) {
          tasks.push(makeTask(context, folder, { type: TASK_TYPE, package: m.pattern, targets: DEFAULT_TASK_TARGETS }, m.moduleDir));
        }
      }
      return tasks;
    },
    resolveTask(task) {
      const def = task.definition as GoForCloudTaskDefinition;
      if (def.type !== TASK_TYPE || !def.package) return undefined;
      const folder = typeof task.scope === 'object' ? (task.scope as vscode.WorkspaceFolder) : vscode.workspace.workspaceFolders?.[0];
      if (!folder) return undefined;
      // The resolved task keeps the user's definition object; cliArgs fills the defaults.
      return makeTask(context, folder, def, folder.uri.fsPath);
    },
  });
}
