import { createColors } from 'picocolors';

/** The colour functions the CLI uses (identity functions when colours are off). */
export type CliColors = ReturnType<typeof createColors>;

/** Where a command writes: results on stdout, progress and diagnostics on stderr. */
export interface CliIo {
  /** Writes results (tables, JSON). */
  stdout(text: string): void;
  /** Writes progress, warnings and the one-line error. */
  stderr(text: string): void;
  /** True when stderr is an interactive terminal: progress bars and colours only then. */
  readonly interactive: boolean;
  /** The stream cli-progress draws on (only used when interactive). */
  readonly progressStream?: NodeJS.WritableStream;
  readonly colors: CliColors;
}

/**
 * The process's own streams: progress bars only when stderr is a TTY; colours only when stdout and stderr both are
 * (so a redirected result file never gets escape codes) and NO_COLOR is unset.
 */
export function createProcessIo(): CliIo {
  const interactive = process.stderr.isTTY === true;
  const colour = interactive && process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    interactive,
    progressStream: process.stderr,
    colors: createColors(colour),
  };
}

/** An in-memory, non-interactive io for tests and embedding: everything written is kept in `out` and `err`. */
export function createMemoryIo(): CliIo & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (text: string) => {
      io.out += text;
    },
    stderr: (text: string) => {
      io.err += text;
    },
    interactive: false,
    colors: createColors(false),
  };
  return io;
}
