import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('unsupported-go-toolchain', { compileGoldens: false });
