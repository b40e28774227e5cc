import { spawnSync } from 'node:child_process';
import { hasTool, pythonExecutable } from '@spinedx/test-utils';
import { decode } from 'fast-png';
import { describe, expect, it } from 'vitest';
import { encodePng } from './png';

const rgba = { data: new Uint8ClampedArray([255, 0, 0, 255, 0, 128, 0, 255, 0, 0, 255, 128, 10, 20, 30, 40, 1, 2, 3, 4, 250, 251, 252, 253]), height: 2, width: 3, channels: 4 };

describe('encodePng', () => {
  it('should round-trip through the PNG decoder', () => {
    const decoded = decode(encodePng(rgba));
    expect([decoded.width, decoded.height, decoded.channels, decoded.depth]).toEqual([3, 2, 4, 8]);
    expect(Array.from(decoded.data)).toEqual(Array.from(rgba.data));
  });

  it.runIf(hasTool('python3:PIL'))('should be read back pixel for pixel by Pillow', () => {
    const script = 'import sys, io, json; from PIL import Image; im = Image.open(io.BytesIO(sys.stdin.buffer.read())); print(json.dumps([im.mode, im.size, [v for p in im.getdata() for v in p]]))';
    const result = spawnSync(pythonExecutable(), ['-c', script], { input: encodePng(rgba), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual(['RGBA', [3, 2], Array.from(rgba.data)]);
  });

  it('should refuse float data and odd channel counts', () => {
    expect(() => encodePng({ data: new Float32Array(4), height: 2, width: 2, channels: 1 } as never)).toThrow(expect.objectContaining({ code: 'INVALID_DATA_TYPE' }));
    expect(() => encodePng({ data: new Uint8Array(10), height: 1, width: 2, channels: 5 })).toThrow(expect.objectContaining({ code: 'INVALID_CHANNELS' }));
  });
});
