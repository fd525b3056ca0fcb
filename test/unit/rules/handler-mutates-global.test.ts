import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('handler-mutates-global');
