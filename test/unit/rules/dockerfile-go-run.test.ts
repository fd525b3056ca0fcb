import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('dockerfile-go-run', { compileGoldens: false });
