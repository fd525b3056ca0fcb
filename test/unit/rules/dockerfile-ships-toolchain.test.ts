import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('dockerfile-ships-toolchain', { compileGoldens: false });
