import { describeRuleFixtures } from '../fixture-harness';

describeRuleFixtures('dockerfile-cgo-on-static-base', { compileGoldens: false });
