import type * as tf from '@tensorflow/tfjs-core';
import { InvalidArgumentError } from '@spinedx/core';

/** Looks parameters up by timm name; forward code reads its weights through one of these. */
export type ParameterReader = (name: string) => tf.Variable;

/** A reader over a variable map that throws a precise error for a name the backbone never declared. */
export function createParameterReader(variables: ReadonlyMap<string, tf.Variable>, owner: string): ParameterReader {
  return (name) => {
    const variable = variables.get(name);
    if (variable === undefined) {
      throw new InvalidArgumentError(`${owner}: no parameter named '${name}' (a forward pass read a name its declarations lack)`, { code: 'UNKNOWN_PARAMETER' });
    }
    return variable;
  };
}
