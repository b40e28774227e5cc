import { describe, expect, it } from 'vitest';
import { createFileBundleReader, createUrlBundleReader } from './bundle-readers';

describe('createFileBundleReader', () => {
  it('should find bundle files by base name, ignore others and report bytes read', async () => {
    const progress: [number, number | undefined][] = [];
    const weights = new File([new Uint8Array([1, 2, 3])], 'weights.bin');
    Object.defineProperty(weights, 'webkitRelativePath', { value: 'model/weights.bin' });
    const reader = createFileBundleReader([weights, new File(['x'], 'notes.txt'), new File(['{}'], 'spinedx.json')], (loaded, total) => progress.push([loaded, total]));
    expect(Array.from((await reader('weights.bin'))!)).toEqual([1, 2, 3]);
    expect(await reader('SHA256SUMS')).toBeUndefined();
    expect(await reader('notes.txt')).toBeUndefined();
    expect(progress).toEqual([[3, 5]]);
  });
});

describe('createUrlBundleReader', () => {
  it('should fetch next to the base URL, stream the body with progress and read a 404 as missing', async () => {
    const requested: string[] = [];
    const fakeFetch = (async (url: string) => {
      requested.push(url);
      if (url.endsWith('weights.bin')) return new Response(new Uint8Array([9, 8, 7, 6]), { headers: { 'content-length': '4' } });
      return new Response('missing', { status: 404 });
    }) as typeof fetch;
    const progress: [number, number | undefined][] = [];
    const reader = createUrlBundleReader('http://127.0.0.1:5000/bundle', (loaded, total) => progress.push([loaded, total]), fakeFetch);
    expect(Array.from((await reader('weights.bin'))!)).toEqual([9, 8, 7, 6]);
    expect(await reader('SHA256SUMS')).toBeUndefined();
    expect(requested).toEqual(['http://127.0.0.1:5000/bundle/weights.bin', 'http://127.0.0.1:5000/bundle/SHA256SUMS']);
    expect(progress.at(-1)).toEqual([4, 4]);
  });

  it('should throw on a server error, naming the file and the status', async () => {
    const reader = createUrlBundleReader('http://127.0.0.1:5000/', undefined, (async () => new Response('', { status: 500 })) as typeof fetch);
    await expect(reader('spinedx.json')).rejects.toThrow(/spinedx.json.*HTTP 500/);
  });
});
