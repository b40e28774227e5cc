import { describeGoldenParity } from '../../test/golden-parity';

// fixtures/golden/resnet{34,101}.seed0.json: timm aa4b585, make_golden.py (SPEC.md weights and input).
describeGoldenParity('resnet34');
describeGoldenParity('resnet101');
