import { describe, expect, it } from 'vitest';
import { adaptiveStrideKv, mvitv2Configs } from './mvitv2-configs';
import { countMvitv2Macs } from './mvitv2-flops';
import { planMultiScaleVit } from './mvitv2-layout';
import { planParameters } from './mvitv2-parameters';

describe('adaptiveStrideKv', () => {
  it('should divide the initial stride by each downsampling query stride, never below 1 (timm __post_init__)', () => {
    expect(adaptiveStrideKv([4, 4], [[1, 1], [2, 2], [2, 2], [2, 2]])).toEqual([[4, 4], [2, 2], [1, 1], [1, 1]]);
  });
});

describe('mvitv2Configs', () => {
  // Parameter counts and GMACs at 224 x 224 as timm's model card / results tables publish them
  // (mvitv2_tiny 24.2 M / 4.7, small 34.9 M / 7.0, base 51.5 M / 10.2, large 218.0 M / 43.9).
  it.each([
    ['mvitv2_tiny', 24.2, 4.7],
    ['mvitv2_small', 34.9, 7.0],
    ['mvitv2_base', 51.5, 10.2],
    ['mvitv2_large', 218.0, 43.9],
  ] as const)('should give %s timm published parameter count (0.1 M) and GMACs (within 2%%)', (name, millions, gmacs) => {
    const config = mvitv2Configs[name];
    const layout = planMultiScaleVit(config, [224, 224]);
    const parameters = planParameters(config, layout, 1000, 3).reduce((sum, spec) => sum + spec.pytorchShape.reduce((product, size) => product * size, 1), 0);
    const macs = countMvitv2Macs(config, layout, 3, 1000).total / 1e9;
    expect([Math.round(parameters / 1e5) / 10, Math.abs(macs / gmacs - 1) < 0.02]).toEqual([millions, true]);
  });

  it('should end mvitv2_tiny on a 7 x 7 grid of 768 channels with the relative-position tables of timm', () => {
    const layout = planMultiScaleVit(mvitv2Configs.mvitv2_tiny, [224, 224]);
    expect([layout.featureGrid, layout.numFeatures, layout.blocks.map((block) => block.relativePositionLength)]).toEqual([[7, 7], 768, [111, 55, 55, 55, 27, 27, 27, 27, 27, 13]]);
  });

  it('should put the class token into the state dict of _cls variants first', () => {
    const config = mvitv2Configs.mvitv2_small_cls;
    const specs = planParameters(config, planMultiScaleVit(config, [224, 224]), 1000, 3);
    expect(specs.slice(0, 2).map((spec) => [spec.name, spec.pytorchShape])).toEqual([['cls_token', [1, 1, 96]], ['patch_embed.proj.weight', [96, 3, 7, 7]]]);
  });
});
