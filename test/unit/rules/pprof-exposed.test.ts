import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('pprof-exposed');
