import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('context-less-call');
