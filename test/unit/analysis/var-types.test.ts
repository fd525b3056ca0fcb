import * as assert from 'node:assert/strict';
import { GoFile } from '../../../src/analysis/go-file';
import { isHandler } from '../../../src/analysis/go/handlers';
import { findLocalDeclaration } from '../../../src/analysis/go/syntax';
import { typeOfExpr, type NamedType } from '../../../src/analysis/go/var-types';
import { GoPackage } from '../../../src/analysis/package';
import { compileQuery, loadGo, parseGo, type Node } from '../../../src/analysis/parser';

// web-tree-sitter returns a new JS object for every node access: these check the paths that
// compared nodes by identity (and so never matched) now resolve.
describe('var-types: declarations found through nodes compared by id', () => {
  before(() => loadGo());

  const src = `package p

import (
	"database/sql"
	"net/http"
)

var client = &http.Client{}

var a, b = 1, &http.Client{}

type own struct{}

func two() (*own, *sql.DB) { return nil, nil }

var first, second = two()

func use() {
	var local = &http.Client{}
	_, _, _, _, _, _ = client, a, b, first, second, local
}
`;

  function setup(): { file: GoFile; pkg: GoPackage; typeOf: (name: string) => NamedType | undefined } {
    const file = new GoFile('/p/p.go', src, parseGo(src));
    const pkg = new GoPackage('/p', 'p', [file]);
    const ids = compileQuery('(assignment_statement right: (expression_list (identifier) @id))').captures(file.tree.rootNode).map((c) => c.node);
    const typeOf = (name: string) => {
      const id = ids.find((n: Node) => n.text === name);
      assert.ok(id, name);
      return typeOfExpr(file, pkg, id);
    };
    return { file, pkg, typeOf };
  }

  it('types an untyped package-level var from its value', () => {
    assert.deepEqual(setup().typeOf('client'), { pkgPath: 'net/http', name: 'Client', pointer: true });
  });

  it('takes the value at the name’s own index in a multi-name var', () => {
    const { typeOf } = setup();
    assert.equal(typeOf('a'), undefined);
    assert.deepEqual(typeOf('b'), { pkgPath: 'net/http', name: 'Client', pointer: true });
  });

  it('takes the result at the name’s own index of a multi-result call', () => {
    const { typeOf } = setup();
    assert.deepEqual(typeOf('first'), { pkgPath: '', name: 'own', pointer: true });
    assert.deepEqual(typeOf('second'), { pkgPath: 'database/sql', name: 'DB', pointer: true });
  });

  it('types an untyped local var', () => {
    const { typeOf } = setup();
    assert.deepEqual(typeOf('local'), { pkgPath: 'net/http', name: 'Client', pointer: true });
  });

  it('finds a local declared in an if header (not the header itself)', () => {
    const text = `package p

func f() {
	if x := 1; x > 0 {
		_ = x
	}
}
`;
    const file = new GoFile('/p/q.go', text, parseGo(text));
    const use = compileQuery('(assignment_statement right: (expression_list (identifier) @id))').captures(file.tree.rootNode)[0].node;
    const decl = findLocalDeclaration('x', use);
    assert.equal(decl?.startPosition.row, 3);
  });

  it('counts the literal a registered handler factory returns as a handler', () => {
    const text = `package main

import (
	"context"

	"github.com/aws/aws-lambda-go/lambda"
)

func newHandler() func(context.Context) error {
	helper := func() {}
	_ = helper
	return func(ctx context.Context) error { return nil }
}

func main() { lambda.Start(newHandler()) }
`;
    const file = new GoFile('/m/main.go', text, parseGo(text));
    const pkg = new GoPackage('/m', 'main', [file]);
    const lits = compileQuery('(func_literal) @lit').captures(file.tree.rootNode).map((c) => c.node);
    assert.deepEqual(lits.map((l) => isHandler(file, pkg, l)), [false, true]);
  });
});
