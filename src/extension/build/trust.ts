// Anything that starts a process is refused in an untrusted workspace, and the go executable
// comes from user or machine settings only: a workspace setting must never choose what runs.
import * as vscode from 'vscode';

/** True when the workspace is trusted; otherwise tells the user why and how to trust it. */
export function requireTrust(action: string): boolean {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  void vscode.window
    .showErrorMessage(
      `Go for Cloud: ${action} runs the go command, which can execute code from this folder, so it is disabled in Restricted Mode. Trust the folder to allow it.`,
      manage,
    )
    .then((choice) => {
      if (choice === manage) void vscode.commands.executeCommand('workbench.trust.manage');
    });
  return false;
}

/** goForCloud.goPath from user (global) settings only; workspace values are ignored. */
export function configuredGoPath(): string | undefined {
  const inspected = vscode.workspace.getConfiguration('goForCloud').inspect<string>('goPath');
  const value = inspected?.globalValue;
  return value && value.trim() ? value.trim() : undefined;
}
