import type { ImageArray } from '@spinedx/core';

/**
 * A least-recently-used cache of decoded slices bounded by bytes, so a dataset of many thousand slices streams through
 * memory instead of having to fit in it. Concurrent loads of one key share a single promise.
 */
export class SliceCache {
  private readonly entries = new Map<string, Promise<ImageArray>>();
  private readonly sizes = new Map<string, number>();
  private bytes = 0;

  constructor(private readonly maxBytes = 512 * 1024 * 1024) {}

  /** Bytes currently held. */
  get size(): number {
    return this.bytes;
  }

  /** The cached slice for `key`, or the result of `load()` (then cached). A failed load is not cached. */
  get(key: string, load: () => Promise<ImageArray>): Promise<ImageArray> {
    const hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    const pending = load().then(
      (image) => {
        const size = image.data.byteLength;
        if (this.entries.get(key) === pending) {
          this.sizes.set(key, size);
          this.bytes += size;
          this.evict();
        }
        return image;
      },
      (error: unknown) => {
        this.entries.delete(key);
        throw error;
      },
    );
    this.entries.set(key, pending);
    return pending;
  }

  private evict(): void {
    for (const key of this.entries.keys()) {
      if (this.bytes <= this.maxBytes) break;
      const size = this.sizes.get(key);
      if (size === undefined) continue;
      this.entries.delete(key);
      this.sizes.delete(key);
      this.bytes -= size;
    }
  }
}
