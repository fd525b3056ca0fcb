// "Go for Cloud: Show Rule Documentation": rule docs as read-only virtual markdown documents
// (go-for-cloud-docs:/<id>.md), shown in the markdown preview or, without it, as text.
import * as vscode from 'vscode';
import type { Rule } from '../analysis/rule';

export const DOCS_SCHEME = 'go-for-cloud-docs';
export const SHOW_DOCS_COMMAND = 'goForCloud.showRuleDocumentation';

// The registry is loaded on first use, not at activation.
function rules(): readonly Rule[] {
  return (require('../analysis/rules') as typeof import('../analysis/rules')).RULES;
}

export function docsUri(id: string): vscode.Uri {
  return vscode.Uri.from({ scheme: DOCS_SCHEME, path: `/${id}.md` });
}

export function renderRuleDocs(rule: Rule): string {
  const facts = `*Family:* ${rule.family} · *Default severity:* ${rule.defaultSeverity} · *Setting:* \`goForCloud.rules.${rule.id}\``;
  const body = rule.docs.trim();
  const title = body.startsWith('# ') ? '' : `# ${rule.id}\n\n${rule.summary}\n\n`;
  return `${title}${facts}\n\n${body}\n\nSilence one finding with \`//nolint:${rule.id}\` on its line or the line above.\n`;
}

class RuleDocsProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const rule = rules().find((r) => r.id === id);
    return rule ? renderRuleDocs(rule) : `# Unknown rule \`${id}\`\n\nNo Go for Cloud rule has this id.\n`;
  }
}

/** Opens a rule's documentation; asks with a quick pick when no id is given. Returns the URI shown. */
export async function showRuleDocumentation(id?: unknown): Promise<vscode.Uri | undefined> {
  const all = rules();
  let ruleId = typeof id === 'string' ? id : undefined;
  if (!ruleId) {
    const pick = await vscode.window.showQuickPick(
      all.map((r) => ({ label: r.id, description: r.family, detail: r.summary })),
      { title: 'Go for Cloud: Show Rule Documentation', placeHolder: 'Rule', matchOnDetail: true },
    );
    if (!pick) return undefined;
    ruleId = pick.label;
  }
  if (!all.some((r) => r.id === ruleId)) {
    void vscode.window.showErrorMessage(`Go for Cloud has no rule "${ruleId}".`);
    return undefined;
  }
  const uri = docsUri(ruleId);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    // The markdown extension may be disabled: show the source instead.
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(await vscode.languages.setTextDocumentLanguage(doc, 'markdown'), { preview: true });
  }
  return uri;
}

export function registerDocs(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(DOCS_SCHEME, new RuleDocsProvider()),
    vscode.commands.registerCommand(SHOW_DOCS_COMMAND, showRuleDocumentation),
  );
}
