import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('heavy-init');
