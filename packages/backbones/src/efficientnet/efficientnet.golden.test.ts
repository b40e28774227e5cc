import { describeGoldenParity } from '../../test/golden-parity';

// fixtures/golden/efficientnet_b3.seed0.json: timm aa4b585, make_golden.py (SPEC.md weights and input).
describeGoldenParity('efficientnet_b3');
