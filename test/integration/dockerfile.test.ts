// Container rules end to end in a real VS Code: a Dockerfile of the fixture workspace shows
// dockerfile-ships-toolchain, and its multi-stage quick fix rewrites the file.
// Fixture: test/fixtures/workspace/container/Dockerfile.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate, applyAction, codeActions, diagnosticCode, openInEditor, ours, resetToDisk, waitFor, waitForDiagnostics, workspaceDir } from './helpers';

const FILE = 'container/Dockerfile';

const FIXED = `# The integration tier opens this: dockerfile-ships-toolchain with its multi-stage fix.
FROM golang:1.27 AS build
WORKDIR /src
COPY . .
RUN CGO_ENABLED=0 go build -o /out/server .

FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/server /out/server
EXPOSE 8080
USER nonroot:nonroot
CMD ["/out/server"]
`;

describe('container rules in VS Code', () => {
  let doc: vscode.TextDocument;

  before(async () => {
    await activate();
    doc = (await openInEditor(FILE)).document;
  });

  after(async () => {
    await resetToDisk(doc);
  });

  it('shows dockerfile-ships-toolchain on the FROM golang image, from source go-for-cloud', async () => {
    const [d] = await waitForDiagnostics(doc.uri, 'dockerfile-ships-toolchain', 1);
    assert.equal(d.source, 'go-for-cloud');
    assert.equal(doc.getText(d.range), 'golang:1.27');
    assert.equal(d.range.start.line, 1);
    assert.deepEqual(ours(doc.uri).map(diagnosticCode), ['dockerfile-ships-toolchain'], 'no other findings in the fixture');
  });

  it('applies the multi-stage fix through the code action provider', async () => {
    const [d] = await waitForDiagnostics(doc.uri, 'dockerfile-ships-toolchain', 1);
    const actions = await codeActions(doc.uri, d.range);
    const fix = actions.find((a) => a.title.startsWith('Make it a multi-stage build'));
    assert.ok(fix, `multi-stage fix offered; got: ${actions.map((a) => a.title).join(' | ')}`);
    assert.equal(fix.isPreferred, true);
    await applyAction(fix);
    assert.equal(doc.getText(), FIXED);
    // The fixed file passes the rules: the diagnostic goes away.
    await waitFor('no more go-for-cloud diagnostics on the fixed Dockerfile', () => ours(doc.uri).length === 0);
  });

  it('"Generate Dockerfile" writes a Dockerfile and .dockerignore, and asks before overwriting', async () => {
    const root = workspaceDir();
    const dockerfile = path.join(root, 'Dockerfile');
    const dockerignore = path.join(root, '.dockerignore');
    fs.writeFileSync(dockerignore, 'keep-me\n');
    // Answer the modal "Overwrite?" with Cancel, and record that it was asked.
    const asked: string[] = [];
    const win = vscode.window as unknown as Record<string, unknown>;
    const original = win.showWarningMessage;
    win.showWarningMessage = async (message: string, options?: vscode.MessageOptions) => {
      asked.push(`${message} modal=${options?.modal}`);
      return undefined;
    };
    try {
      await vscode.commands.executeCommand('goForCloud.generateDockerfile', vscode.Uri.file(path.join(root, 'lifecycle')));
      assert.deepEqual(asked, ['.dockerignore already exists. Overwrite it? modal=true']);
      assert.equal(fs.readFileSync(dockerignore, 'utf8'), 'keep-me\n', 'not overwritten after Cancel');
      const text = fs.readFileSync(dockerfile, 'utf8');
      assert.match(text, /^FROM golang:1\.\d+ AS build$/m);
      assert.match(text, /^RUN CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" -o \/out\/lifecycle \.\/lifecycle$/m);
      assert.match(text, /^USER nonroot:nonroot$/m);
      // It is opened, and the project's own rules find nothing in it.
      await waitFor('the generated Dockerfile in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === dockerfile);
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(ours(vscode.Uri.file(dockerfile)).map(diagnosticCode), []);
    } finally {
      win.showWarningMessage = original;
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(dockerfile, { force: true });
      fs.rmSync(dockerignore, { force: true });
    }
  });
});
