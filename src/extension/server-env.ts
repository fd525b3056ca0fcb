// What the extension changes in the environment it gives the language server.
//
// NODE_EXTRA_CA_CERTS (often set behind corporate proxies) makes Node read and parse that CA
// bundle before it runs a line of the server: ~90 ms of every start on a 2-core VM with Debian's
// bundle. The server opens no TLS connection, so it is set to '' (vscode-languageclient lays our
// env over the extension host's, so a key cannot be removed, and Node ignores an empty value).
// The extension host itself, and what it runs for the user, keep the setting.

export const SERVER_ENV: Readonly<Record<string, string>> = { NODE_EXTRA_CA_CERTS: '' };
