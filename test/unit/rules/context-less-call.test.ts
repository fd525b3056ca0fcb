import * as assert from 'node:assert/strict';
import { GoFile } from '../../../src/analysis/go-file';
import { typeOfExpr } from '../../../src/analysis/go/var-types';
import { GoPackage } from '../../../src/analysis/package';
import { compileQuery, loadGo, parseGo } from '../../../src/analysis/parser';
import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('context-less-call');

const HEADER = 'package p\n\nimport (\n\tq "database/sql"\n\t"net/http"\n)\n\n';

/** The type of the argument of the first `MARK(x)` call, with other files of the package. */
function typeAt(body: string, ...others: string[]): string | undefined {
  const file = new GoFile('/tmp/p/a.go', HEADER + body, parseGo(HEADER + body));
  const mates = others.map((o, i) => new GoFile(`/tmp/p/o${i}.go`, HEADER + o, parseGo(HEADER + o)));
  const arg = compileQuery('(call_expression function: (identifier) @f (#eq? @f "MARK") arguments: (argument_list (_) @arg))')
    .captures(file.tree.rootNode)
    .find((c) => c.name === 'arg')!.node;
  const t = typeOfExpr(file, new GoPackage('/tmp/p', 'p', [file, ...mates]), arg);
  return t && `${t.pointer ? '*' : ''}${t.pkgPath ? t.pkgPath + '.' : ''}${t.name}`;
}

describe('declared types of expressions', () => {
  before(() => loadGo());

  it('reads parameters, receivers and typed vars, with import aliases', () => {
    assert.equal(typeAt('func f(db *q.DB) { MARK(db) }'), '*database/sql.DB');
    assert.equal(typeAt('func (s *S) f() { MARK(s) }'), '*S');
    assert.equal(typeAt('func f() { var c http.Client; MARK(c) }'), 'net/http.Client');
  });

  it('follows known constructors and methods through :=', () => {
    assert.equal(typeAt('func f() { db, _ := q.Open("x", "y"); MARK(db) }'), '*database/sql.DB');
    assert.equal(typeAt('func f() { db, _ := q.Open("x", "y"); tx, _ := db.Begin(); MARK(tx) }'), '*database/sql.Tx');
    assert.equal(typeAt('func f(db *q.DB) { s, _ := db.Prepare("x"); MARK(s) }'), '*database/sql.Stmt');
    assert.equal(typeAt('func f(db *q.DB) { c, _ := db.Conn(nil); MARK(c) }'), '*database/sql.Conn');
    assert.equal(typeAt('func f() { c := &http.Client{}; MARK(c) }'), '*net/http.Client');
    assert.equal(typeAt('func f() { _, db := q.Open("x", "y"); MARK(db) }'), undefined, 'the error result is not tracked');
  });

  it('reads struct fields, embedded fields and package-level declarations across files', () => {
    assert.equal(typeAt('func (s *S) f() { MARK(s.db) }', 'type S struct {\n\tdb *q.DB\n}'), '*database/sql.DB');
    assert.equal(typeAt('func (s S) f() { MARK(s.Tx) }', 'type S struct {\n\t*q.Tx\n}'), '*database/sql.Tx');
    assert.equal(typeAt('func f() { MARK(pool) }', 'var pool *q.DB'), '*database/sql.DB');
    assert.equal(typeAt('func f() { db, _ := open(); MARK(db) }', 'func open() (*q.DB, error) { return nil, nil }'), '*database/sql.DB');
  });

  it('is undefined when declarations do not say, and honours shadowing', () => {
    assert.equal(typeAt('func f(m map[string]*q.DB) { MARK(m["a"]) }'), undefined);
    assert.equal(typeAt('func f() { MARK(pool) }', 'var pool = newPool()'), undefined);
    assert.equal(typeAt('func f(db *q.DB) { { db := 3; MARK(db) } }'), undefined);
  });
});
