import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('service-without-metrics');
