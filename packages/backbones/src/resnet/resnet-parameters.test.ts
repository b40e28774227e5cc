import { describe, expect, it } from 'vitest';
import { resnetVariants } from './resnet-configs';
import { planResNetBlocks, resnetParameters } from './resnet-parameters';

const count = (name: keyof typeof resnetVariants) =>
  resnetParameters(resnetVariants[name], 3, 1000)
    .filter((declaration) => declaration.trainable !== false)
    .reduce((total, declaration) => total + declaration.pytorchShape.reduce((product, size) => product * size, 1), 1) - 1;

describe('resnetParameters', () => {
  // Parameter counts of timm / torchvision (`sum(p.numel() for p in model.parameters())`).
  it.each([
    ['resnet18', 11_689_512],
    ['resnet34', 21_797_672],
    ['resnet50', 25_557_032],
    ['resnet101', 44_549_160],
    ['resnet152', 60_192_808],
  ] as const)('should give %s its timm parameter count', (name, expected) => {
    expect(count(name)).toBe(expected);
  });

  it('should name resnet50 blocks as timm does, with downsample only where the shape changes', () => {
    const names = resnetParameters(resnetVariants.resnet50, 3, 1000).map((declaration) => `${declaration.name}:${declaration.pytorchShape.join('x')}`);
    expect(names.filter((name) => name.includes('downsample.0.weight'))).toEqual([
      'layer1.0.downsample.0.weight:256x64x1x1',
      'layer2.0.downsample.0.weight:512x256x1x1',
      'layer3.0.downsample.0.weight:1024x512x1x1',
      'layer4.0.downsample.0.weight:2048x1024x1x1',
    ]);
    expect(names.slice(0, 6)).toEqual(['conv1.weight:64x3x7x7', 'bn1.weight:64', 'bn1.bias:64', 'bn1.running_mean:64', 'bn1.running_var:64', 'layer1.0.conv1.weight:64x64x1x1']);
    expect(names.slice(-2)).toEqual(['fc.weight:1000x2048', 'fc.bias:1000']);
  });

  it('should stride the first block of stages 2 to 4 only', () => {
    expect(planResNetBlocks(resnetVariants.resnet18).map((plan) => `${plan.prefix}/${plan.stride}/${plan.hasDownsample}`)).toEqual([
      'layer1.0/1/false', 'layer1.1/1/false', 'layer2.0/2/true', 'layer2.1/1/false', 'layer3.0/2/true', 'layer3.1/1/false', 'layer4.0/2/true', 'layer4.1/1/false',
    ]);
  });
});
