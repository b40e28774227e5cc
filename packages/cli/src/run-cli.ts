import { SpineDxError } from '@spinedx/core';
import { CommanderError } from 'commander';
import { exitCodeFor } from './io/cli-error';
import { createProcessIo, type CliIo } from './io/cli-io';
import { EXIT_CODES, type ExitCode } from './io/exit-codes';
import { createProgram } from './program';

/**
 * Runs the `spinedx` program on `argv` (as `process.argv`: node, script, arguments) and returns the exit code
 * instead of exiting. Any failure is one line on stderr: `spinedx: <message>`; SPINEDX_DEBUG=1 adds the stack.
 */
export async function runCli(argv: readonly string[], io: CliIo = createProcessIo()): Promise<ExitCode> {
  try {
    await createProgram(io).parseAsync([...argv]);
    return EXIT_CODES.ok;
  } catch (error) {
    // Commander printed its own message (usage error) or the help/version text already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
    const code = exitCodeFor(error);
    const message = error instanceof Error ? error.message : String(error);
    const prefix = SpineDxError.isInstance(error) || code !== EXIT_CODES.internal ? '' : 'unexpected error: ';
    io.stderr(`${io.colors.red('spinedx:')} ${prefix}${message.split('\n')[0]}\n`);
    if (process.env.SPINEDX_DEBUG === '1' && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return code;
  }
}
