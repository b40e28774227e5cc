// Brute-force, loop-by-loop float64 transcription of timm's MultiScaleAttention.forward (mode='conv', spatial
// relative positions) on plain arrays in PyTorch layouts, used only by tests as an independent reference.

/** Parameters in PyTorch layout as nested arrays. */
export interface ReferenceAttentionParameters {
  qkvWeight: number[][]; // [3C, dim]
  qkvBias: number[]; // [3C]
  projWeight: number[][]; // [C, C]
  projBias: number[]; // [C]
  pool: { q: number[][][]; k: number[][][]; v: number[][][] }; // [headDim][kh][kw] (PyTorch [headDim, 1, kh, kw])
  norm: { q: { weight: number[]; bias: number[] }; k: { weight: number[]; bias: number[] }; v: { weight: number[]; bias: number[] } };
  relPosH: number[][]; // [L, headDim]
  relPosW: number[][];
}

/** Shape facts of the reference pass. */
export interface ReferenceAttentionLayout {
  numHeads: number;
  grid: [number, number];
  strideQ: [number, number];
  strideKv: [number, number];
  numPrefixTokens: number;
  residualPooling: boolean;
  eps: number;
}

type Tokens = number[][]; // [tokens][channels]

function pool(tokens: Tokens, grid: [number, number], filter: number[][][], stride: [number, number], prefix: number): { tokens: Tokens; grid: [number, number] } {
  const [height, width] = grid;
  const kernelHeight = filter[0]!.length;
  const kernelWidth = filter[0]![0]!.length;
  const [padHeight, padWidth] = [Math.floor(kernelHeight / 2), Math.floor(kernelWidth / 2)];
  const outHeight = Math.floor((height + 2 * padHeight - kernelHeight) / stride[0]) + 1;
  const outWidth = Math.floor((width + 2 * padWidth - kernelWidth) / stride[1]) + 1;
  const out: Tokens = tokens.slice(0, prefix).map((row) => [...row]);
  for (let y = 0; y < outHeight; y++) {
    for (let x = 0; x < outWidth; x++) {
      const value = filter.map((plane, channel) => {
        let sum = 0;
        for (let ky = 0; ky < kernelHeight; ky++) {
          for (let kx = 0; kx < kernelWidth; kx++) {
            const sourceY = y * stride[0] + ky - padHeight;
            const sourceX = x * stride[1] + kx - padWidth;
            if (sourceY < 0 || sourceY >= height || sourceX < 0 || sourceX >= width) continue;
            sum += tokens[prefix + sourceY * width + sourceX]![channel]! * plane[ky]![kx]!;
          }
        }
        return sum;
      });
      out.push(value);
    }
  }
  return { tokens: out, grid: [outHeight, outWidth] };
}

function layerNorm(tokens: Tokens, norm: { weight: number[]; bias: number[] }, eps: number): Tokens {
  return tokens.map((row) => {
    const mean = row.reduce((sum, value) => sum + value, 0) / row.length;
    const variance = row.reduce((sum, value) => sum + (value - mean) ** 2, 0) / row.length;
    return row.map((value, channel) => ((value - mean) / Math.sqrt(variance + eps)) * norm.weight[channel]! + norm.bias[channel]!);
  });
}

const dot = (a: number[], b: number[]): number => a.reduce((sum, value, index) => sum + value * b[index]!, 0);

/** timm's table row for (query, key) along one axis, in float64. */
function relativeIndex(query: number, key: number, queryLength: number, keyLength: number): number {
  const queryRatio = Math.max(keyLength / queryLength, 1);
  const keyRatio = Math.max(queryLength / keyLength, 1);
  return Math.trunc(query * queryRatio - key * keyRatio + (keyLength - 1) * keyRatio);
}

/** One batch of `[batch][tokens][dim]` through the reference attention; returns `[batch][queryTokens][C]`. */
export function referenceAttention(input: number[][][], parameters: ReferenceAttentionParameters, layout: ReferenceAttentionLayout): number[][][] {
  const channels = parameters.projWeight.length;
  const headDim = channels / layout.numHeads;
  const prefix = layout.numPrefixTokens;
  return input.map((tokens) => {
    const qkv = tokens.map((row) => parameters.qkvWeight.map((weights, out) => dot(weights, row) + parameters.qkvBias[out]!));
    const headOutputs: Tokens[] = [];
    for (let head = 0; head < layout.numHeads; head++) {
      const part = (index: number): Tokens => qkv.map((row) => row.slice(index * channels + head * headDim, index * channels + (head + 1) * headDim));
      const pooledQ = pool(part(0), layout.grid, parameters.pool.q, layout.strideQ, prefix);
      const pooledK = pool(part(1), layout.grid, parameters.pool.k, layout.strideKv, prefix);
      const pooledV = pool(part(2), layout.grid, parameters.pool.v, layout.strideKv, prefix);
      const query = layerNorm(pooledQ.tokens, parameters.norm.q, layout.eps);
      const key = layerNorm(pooledK.tokens, parameters.norm.k, layout.eps);
      const value = layerNorm(pooledV.tokens, parameters.norm.v, layout.eps);
      const [queryHeight, queryWidth] = pooledQ.grid;
      const [keyHeight, keyWidth] = pooledK.grid;
      headOutputs.push(
        query.map((queryRow, queryIndex) => {
          const logits = key.map((keyRow, keyIndex) => {
            let logit = dot(queryRow, keyRow) / Math.sqrt(headDim);
            if (queryIndex >= prefix && keyIndex >= prefix) {
              const [qy, qx] = [Math.floor((queryIndex - prefix) / queryWidth), (queryIndex - prefix) % queryWidth];
              const [ky, kx] = [Math.floor((keyIndex - prefix) / keyWidth), (keyIndex - prefix) % keyWidth];
              logit += dot(queryRow, parameters.relPosH[relativeIndex(qy, ky, queryHeight, keyHeight)]!);
              logit += dot(queryRow, parameters.relPosW[relativeIndex(qx, kx, queryWidth, keyWidth)]!);
            }
            return logit;
          });
          const largest = Math.max(...logits);
          const weights = logits.map((logit) => Math.exp(logit - largest));
          const total = weights.reduce((sum, weight) => sum + weight, 0);
          return queryRow.map((queryValue, channel) => {
            const attended = weights.reduce((sum, weight, keyIndex) => sum + (weight / total) * value[keyIndex]![channel]!, 0);
            return layout.residualPooling ? attended + queryValue : attended;
          });
        }),
      );
    }
    const merged = headOutputs[0]!.map((_, token) => headOutputs.flatMap((rows) => rows[token]!));
    return merged.map((row) => parameters.projWeight.map((weights, out) => dot(weights, row) + parameters.projBias[out]!));
  });
}
