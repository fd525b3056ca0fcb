import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('server-closed-treated-as-error');
