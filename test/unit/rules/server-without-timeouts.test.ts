import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('server-without-timeouts');
