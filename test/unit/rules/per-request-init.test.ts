import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('per-request-init');
