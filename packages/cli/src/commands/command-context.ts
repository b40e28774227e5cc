import { InvalidArgumentError as InvalidOptionValue } from 'commander';
import type { CliIo } from '../io/cli-io';

/** What every command handler receives besides its own arguments. */
export interface CommandContext {
  io: CliIo;
}

/** Prints `value` as indented JSON on stdout (the `--json` output of every command). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}

/** Aligned `key  value` lines for human-readable output. */
export function formatKeyValues(io: CliIo, rows: readonly (readonly [string, unknown])[]): string {
  const width = Math.max(...rows.map(([key]) => key.length));
  return rows.map(([key, value]) => `${io.colors.dim(key.padEnd(width))}  ${value === undefined ? '' : Array.isArray(value) ? value.join('\\') : String(value)}`).join('\n');
}

/** Parses an integer option, throwing a usage error naming the option otherwise. */
export function parseInteger(name: string, minimum: number, maximum = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isInteger(parsed) || parsed < minimum || parsed > maximum) {
      throw new InvalidOptionValue(`${name} must be an integer in [${minimum}, ${maximum}], received '${value}'`);
    }
    return parsed;
  };
}

/** Parses a number option. */
export function parseNumber(name: string, minimum: number, maximum: number): (value: string) => number {
  return (value) => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < minimum || parsed > maximum) {
      throw new InvalidOptionValue(`${name} must be a number in [${minimum}, ${maximum}], received '${value}'`);
    }
    return parsed;
  };
}

