import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('shutdown-without-deadline');
