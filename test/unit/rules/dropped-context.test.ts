import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('dropped-context');
