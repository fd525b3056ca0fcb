// Webview pages with a strict Content-Security-Policy: scripts only with this page's nonce,
// styles and images only from the extension. Nothing loads from the network.
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';

export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, opts: { title: string; scripts: string[]; styles: string[]; body: string }): string {
  const nonce = crypto.randomBytes(16).toString('base64');
  const src = (p: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...p.split('/'))).toString();
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(opts.title)}</title>
${opts.styles.map((s) => `<link rel="stylesheet" href="${src(s)}">`).join('\n')}
</head>
<body>
${opts.body}
${opts.scripts.map((s) => `<script nonce="${nonce}" src="${src(s)}"></script>`).join('\n')}
</body>
</html>`;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
