// Container rules end to end in a real VS Code: a Dockerfile of the fixture workspace shows
// dockerfile-ships-toolchain, and its multi-stage quick fix rewrites the file.
// Fixture: test/fixtures/workspace/container/Dockerfile.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, applyAction, codeActions, diagnosticCode, openInEditor, ours, resetToDisk, waitFor, waitForDiagnostics } from './helpers';

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
});
