import * as tf from '@tensorflow/tfjs-core';
import { decodeBundle, encodeBundle } from '../bundle/bundle-format';

/** Where training checkpoints go: a folder in Node (`directoryCheckpoint` in `/node`), anything else in browsers. */
export interface CheckpointStore {
  /** The files of the last complete checkpoint, or undefined when there is none. */
  read(): Promise<((name: string) => Promise<Uint8Array | undefined>) | undefined>;
  /** Replaces the checkpoint atomically. */
  write(files: ReadonlyMap<string, Uint8Array>): Promise<void>;
}

/** Everything besides tensors that a resumed run needs. */
export interface TrainingState {
  /** Identifies the run (data, seed, batch size, epochs...): a checkpoint of another run is never resumed. */
  fingerprint: string;
  completedEpochs: number;
  step: number;
  optimizerStep: number;
  schedule: Record<string, number>;
  best: { score: number; epoch: number; epochsWithoutImprovement: number };
  history: Record<string, number>[];
}

/** Saves model variables (`model/…`), optimizer slots (`optimizer/…`) and best weights (`best/…`) with the state. */
export async function writeCheckpoint(store: CheckpointStore, state: TrainingState, tensors: ReadonlyMap<string, tf.Tensor>): Promise<void> {
  await store.write(await encodeBundle({ kind: 'checkpoint' }, tensors, { state }));
}

/** Reads the last checkpoint, verified by checksum; undefined when there is none. The caller disposes the tensors. */
export async function readCheckpoint(store: CheckpointStore): Promise<{ state: TrainingState; tensors: Map<string, tf.Tensor> } | undefined> {
  const reader = await store.read();
  if (reader === undefined) return undefined;
  const { manifest, tensors } = await decodeBundle(reader);
  return { state: (manifest.provenance as { state: TrainingState }).state, tensors };
}
