import * as assert from 'node:assert/strict';
import { constructorFor, chainedConstructorFor, CONSTRUCTORS } from '../../../src/analysis/go/constructors';
import { isMetricsPackage } from '../../../src/analysis/go/metrics-packages';
import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('per-request-init');

describe('constructor table', () => {
  it('matches AWS SDK v2 services by prefix, one path element deep', () => {
    assert.equal(constructorFor('github.com/aws/aws-sdk-go-v2/service/s3', 'NewFromConfig', false)?.base, 'client');
    assert.equal(constructorFor('github.com/aws/aws-sdk-go-v2/service/s3/types', 'NewFromConfig', false), undefined);
  });

  it('tells calls from composite literals and chained methods', () => {
    assert.equal(constructorFor('net/http', 'Client', true)?.what, 'HTTP client');
    assert.equal(constructorFor('net/http', 'Client', false), undefined);
    assert.equal(chainedConstructorFor('html/template', 'New', 'Parse')?.kind, 'compile');
    assert.equal(constructorFor('html/template', 'Parse', false), undefined);
  });

  it('gives every entry an import path, a base name and a description', () => {
    for (const c of CONSTRUCTORS) assert.ok(c.importPath && /^[a-z][A-Za-z]*$/.test(c.base) && c.what, JSON.stringify(c));
  });

  it('knows metrics packages by path prefix, not by substring', () => {
    assert.ok(isMetricsPackage('github.com/prometheus/client_golang/prometheus/promhttp'));
    assert.ok(isMetricsPackage('expvar'));
    assert.ok(!isMetricsPackage('github.com/prometheus/common/expfmt'));
    assert.ok(!isMetricsPackage('expvarx'));
  });
});
