import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('shutdown-signal-without-sigterm');
