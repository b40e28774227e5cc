import { SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io';

/** A progress display for one task of known size. */
export interface Progress {
  /** Sets the count done and an optional short status (loss, current file…). */
  update(done: number, status?: string): void;
  /** Ends the display (the bar stays on screen with its last values). */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** What is being done, e.g. 'train resnet34'. */
  label: string;
  total: number;
  /** Unit shown after the counts, e.g. 'patients'. */
  unit?: string;
  /** Plain mode: print a line at most every this many milliseconds (default 5000), plus the last. */
  lineIntervalMs?: number;
}

/**
 * A cli-progress bar on stderr when it is a terminal; otherwise plain lines (`label: done/total unit status`)
 * at most every few seconds, so logs in CI stay short and readable.
 */
export function createProgress(io: CliIo, options: ProgressOptions): Progress {
  const unit = options.unit === undefined ? '' : ` ${options.unit}`;
  if (io.interactive && io.progressStream !== undefined) {
    const bar = new SingleBar({
      stream: io.progressStream,
      format: `${io.colors.cyan(options.label.padEnd(28))} {bar} {value}/{total}${unit} | {duration_formatted} | ETA {eta_formatted} {status}`,
      barsize: 24,
      hideCursor: true,
      etaBuffer: 20,
    });
    bar.start(options.total, 0, { status: '' });
    return {
      update: (done, status = '') => bar.update(done, { status }),
      stop: () => bar.stop(),
    };
  }
  const interval = options.lineIntervalMs ?? 5000;
  let lastLine = -Infinity;
  let last = { done: 0, status: '' };
  let printed = '';
  const print = (): void => {
    const line = `${options.label}: ${last.done}/${options.total}${unit}${last.status === '' ? '' : ` ${last.status}`}`;
    if (line === printed) return;
    io.stderr(`${line}\n`);
    printed = line;
    lastLine = Date.now();
  };
  return {
    update: (done, status = '') => {
      last = { done, status };
      if (Date.now() - lastLine >= interval || done === options.total) print();
    },
    stop: () => print(),
  };
}
