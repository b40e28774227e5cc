import { describe, expect, it } from 'vitest';
import { decodeBlockString, makeDivisible, roundHalfEven } from './block-strings';
import { efficientnetVariants } from './efficientnet-configs';
import { efficientnetParameters, planEfficientNet } from './efficientnet-parameters';

const count = (name: keyof typeof efficientnetVariants) =>
  efficientnetParameters(planEfficientNet(efficientnetVariants[name]), 3, 1000)
    .filter((declaration) => declaration.trainable !== false)
    .reduce((total, declaration) => total + declaration.pytorchShape.reduce((product, size) => product * size, 1), 0);

describe('efficientnetParameters', () => {
  // Parameter counts of timm / torchvision EfficientNet-B0..B3 (`sum(p.numel() for p in model.parameters())`).
  it.each([
    ['efficientnet_b0', 5_288_548],
    ['efficientnet_b1', 7_794_184],
    ['efficientnet_b2', 9_109_994],
    ['efficientnet_b3', 12_233_232],
  ] as const)('should give %s its timm parameter count', (name, expected) => {
    expect(count(name)).toBe(expected);
  });

  it('should scale stage depths by ceil and widths by make_divisible', () => {
    const stages = (name: keyof typeof efficientnetVariants) => {
      const plan = planEfficientNet(efficientnetVariants[name]);
      const depths = [0, 0, 0, 0, 0, 0, 0];
      for (const block of plan.blocks) depths[Number(block.prefix.split('.')[1])]! += 1;
      return [plan.stemChannels, depths, plan.blocks.at(-1)!.outChannels, plan.headChannels];
    };
    expect([stages('efficientnet_b0'), stages('efficientnet_b1'), stages('efficientnet_b2'), stages('efficientnet_b3')]).toEqual([
      [32, [1, 2, 2, 3, 3, 4, 1], 320, 1280],
      [32, [2, 3, 3, 4, 4, 5, 2], 320, 1280],
      [32, [2, 3, 3, 4, 4, 5, 2], 352, 1408],
      [40, [2, 3, 3, 5, 5, 6, 2], 384, 1536],
    ]);
  });

  it('should size squeeze-excitation from the block input (timm se_from_exp=False)', () => {
    const blocks = planEfficientNet(efficientnetVariants.efficientnet_b0).blocks;
    expect(blocks.slice(0, 3).map((block) => [block.prefix, block.type, block.inChannels, block.midChannels, block.seChannels, block.outChannels, block.hasSkip])).toEqual([
      ['blocks.0.0', 'ds', 32, 32, 8, 16, false],
      ['blocks.1.0', 'ir', 16, 96, 4, 24, false],
      ['blocks.1.1', 'ir', 24, 144, 6, 24, true],
    ]);
  });
});

describe('decodeBlockString', () => {
  it('should decode timm block strings and reject unknown types', () => {
    expect(decodeBlockString('ir_r2_k5_s2_e6_c40_se0.25')).toEqual({ type: 'ir', repeats: 2, kernelSize: 5, stride: 2, expansion: 6, outChannels: 40, seRatio: 0.25 });
    expect(() => decodeBlockString('er_r1_k3_c8')).toThrow(/expected block type 'ds' or 'ir', received 'er'/);
    expect(() => decodeBlockString('ir_r1_k3_x9_c8')).toThrow(/cannot read option 'x9'/);
  });
});

describe('makeDivisible', () => {
  it('should round like timm make_divisible and Python round', () => {
    expect([makeDivisible(19.2), makeDivisible(38.4), makeDivisible(26.4), roundHalfEven(2.5), roundHalfEven(3.5), roundHalfEven(2.4)]).toEqual([24, 40, 24, 2, 4, 2]);
  });
});
