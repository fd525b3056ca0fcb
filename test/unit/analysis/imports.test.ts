import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { applyEdits, ensureImport } from '../../../src/analysis/edits';
import { GoFile } from '../../../src/analysis/go-file';
import { importPathOfName } from '../../../src/analysis/go/handlers';
import { defaultName } from '../../../src/analysis/imports';
import { loadGo, parseGo } from '../../../src/analysis/parser';
import { hasGo } from '../fixture-harness';

describe('defaultName: the conventional name of an unaliased import (as goimports assumes)', () => {
  const cases: [string, string][] = [
    ['fmt', 'fmt'],
    ['net/http', 'http'],
    ['github.com/redis/go-redis/v9', 'redis'],
    ['github.com/go-redis/redis/v8', 'redis'],
    ['gopkg.in/yaml.v3', 'yaml'],
    ['gopkg.in/square/go-jose.v2', 'jose'],
    ['github.com/segmentio/kafka-go', 'kafka'],
    ['github.com/nats-io/nats.go', 'nats'],
    ['github.com/mattn/go-sqlite3', 'sqlite3'],
    ['github.com/elastic/go-elasticsearch/v8', 'elasticsearch'],
    ['github.com/jackc/pgx/v5', 'pgx'],
    ['github.com/jackc/pgx/v5/pgxpool', 'pgxpool'],
    ['github.com/aws/aws-sdk-go-v2/config', 'config'],
    ['github.com/prometheus/client_golang/prometheus', 'prometheus'],
    ['cloud.google.com/go/storage', 'storage'],
    // Not a major version: a name that merely starts with v.
    ['gopkg.in/v2yaml', 'v2yaml'],
    ['example.com/vendor', 'vendor'],
    // A bare major version keeps its element when nothing precedes it.
    ['v2', 'v2'],
    // `go-` is a prefix only at the start; `golang-` is not stripped (goimports neither).
    ['github.com/hashicorp/golang-lru', 'golang'],
    ['example.com/ago-x', 'ago'],
    ['example.com/héllo-go', 'héllo'],
  ];
  for (const [path, name] of cases) {
    it(`${path} → ${name}`, () => assert.equal(defaultName(path), name));
  }
});

describe('import table names', () => {
  before(() => loadGo());

  function fileOf(src: string): GoFile {
    return new GoFile('/x/main.go', src, parseGo(src));
  }

  it('knows an unaliased go-redis import as redis, and an alias by its alias only', () => {
    const file = fileOf(`package main

import (
	"github.com/redis/go-redis/v9"
	y "gopkg.in/yaml.v3"
	_ "github.com/lib/pq"
	. "github.com/onsi/gomega"
)
`);
    const t = file.imports;
    assert.equal(t.pathOf('redis'), 'github.com/redis/go-redis/v9');
    assert.equal(t.pathOf('go_redis'), undefined);
    assert.deepEqual(t.namesFor('github.com/redis/go-redis/v9'), ['redis']);
    assert.equal(t.pathOf('y'), 'gopkg.in/yaml.v3');
    assert.equal(t.pathOf('yaml'), undefined, 'an aliased import is not reachable by its default name');
    assert.deepEqual(t.namesFor('github.com/lib/pq'), []);
    assert.deepEqual(t.namesFor('github.com/onsi/gomega'), []);
    // The handlers' lookup is the same table: no second guess that could disagree.
    assert.equal(importPathOfName(file, 'redis'), 'github.com/redis/go-redis/v9');
    assert.equal(importPathOfName(file, 'yaml'), undefined);
    assert.equal(importPathOfName(file, 'pq'), undefined);
  });
});

describe('ensureImport: an added import is where gofmt would sort it', () => {
  before(() => loadGo());

  it('orders paths byte by byte, as gofmt does (`-` before `_`), when it groups a single import', function () {
    if (!hasGo()) this.skip();
    const text = 'package p\n\nimport "example.com/foo_bar"\n\nvar _ = foo_bar.X\n';
    const file = new GoFile('/tmp/gfc-imports/p.go', text, parseGo(text));
    const added = ensureImport(file, 'example.com/foo-bar');
    assert.ok(added && added.edits.length === 1);
    const fixed = applyEdits(text, added.edits);
    assert.match(fixed, /"example\.com\/foo-bar"\n\t"example\.com\/foo_bar"/);
    assert.equal(execFileSync('gofmt', { input: fixed, encoding: 'utf8' }), fixed);
  });
});
