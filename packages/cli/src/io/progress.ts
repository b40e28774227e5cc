import { MultiBar, type SingleBar } from 'cli-progress';
import type { CliIo } from './cli-io';

/** A progress display for one task of known size. */
export interface Progress {
  /** Sets the count done (and the total, when it became known later) with an optional short status. */
  update(done: number, status?: string, total?: number): void;
  /** Ends the display (the bar stays on screen with its last values). */
  stop(): void;
}

/** Several tasks shown at once (e.g. two models training in parallel). */
export interface ProgressGroup {
  add(label: string, total: number, unit?: string): Progress;
  /** Stops every bar of the group. */
  stop(): void;
}

/**
 * Progress on stderr: cli-progress bars when stderr is a terminal, otherwise plain lines
 * (`label: done/total unit status`) at most every `lineIntervalMs` (default 5 s) per task, plus the last one.
 */
export function createProgressGroup(io: CliIo, options: { lineIntervalMs?: number } = {}): ProgressGroup {
  if (io.interactive && io.progressStream !== undefined) {
    const multi = new MultiBar({
      stream: io.progressStream,
      format: `{label} {bar} {value}/{total}{unit} | {duration_formatted} | ETA {eta_formatted} {status}`,
      barsize: 22,
      hideCursor: true,
      etaBuffer: 30,
      clearOnComplete: false,
    });
    const bars: SingleBar[] = [];
    return {
      add: (label, total, unit = '') => {
        const bar = multi.create(total, 0, { label: io.colors.cyan(label.padEnd(26)), unit: unit === '' ? '' : ` ${unit}`, status: '' });
        bars.push(bar);
        return {
          update: (done, status = '', newTotal) => {
            if (newTotal !== undefined) bar.setTotal(newTotal);
            bar.update(done, { status });
          },
          stop: () => bar.stop(),
        };
      },
      stop: () => multi.stop(),
    };
  }
  const interval = options.lineIntervalMs ?? 5000;
  return {
    add: (label, initialTotal, unit = '') => {
      let total = initialTotal;
      let lastTime = -Infinity;
      let printed = '';
      let last = { done: 0, status: '' };
      const print = (): void => {
        const line = `${label}: ${last.done}/${total}${unit === '' ? '' : ` ${unit}`}${last.status === '' ? '' : ` ${last.status}`}`;
        if (line === printed) return;
        io.stderr(`${line}\n`);
        printed = line;
        lastTime = Date.now();
      };
      return {
        update: (done, status = '', newTotal) => {
          if (newTotal !== undefined) total = newTotal;
          last = { done, status };
          if (Date.now() - lastTime >= interval || done === total) print();
        },
        stop: () => print(),
      };
    },
    stop: () => undefined,
  };
}

/** One task's progress (a group of one). */
export function createProgress(io: CliIo, options: { label: string; total: number; unit?: string; lineIntervalMs?: number }): Progress {
  const group = createProgressGroup(io, options);
  const progress = group.add(options.label, options.total, options.unit);
  return {
    update: progress.update,
    stop: () => {
      progress.stop();
      group.stop();
    },
  };
}
