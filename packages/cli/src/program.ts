import { Command } from 'commander';
import { registerBenchCommand } from './commands/bench-command';
import { registerCompareReadersCommand } from './commands/compare-readers-command';
import { registerDemoCommand } from './commands/demo-command';
import { registerDicomCommands } from './commands/dicom-commands';
import { registerPhantomCommand } from './commands/phantom-command';
import { registerPredictCommands } from './commands/predict-commands';
import { registerTrainEvaluateCommands } from './commands/train-evaluate-commands';
import { createProcessIo, type CliIo } from './io/cli-io';
import { EXIT_CODES } from './io/exit-codes';
import { cliVersion } from './package-versions';

const exitCodeHelp = `
Exit codes:
  ${EXIT_CODES.ok}  success
  ${EXIT_CODES.internal}  unexpected error (a bug; rerun with SPINEDX_DEBUG=1 for the stack)
  ${EXIT_CODES.usage}  bad usage: unknown command or option, invalid option value
  ${EXIT_CODES.notFound}  a file or folder does not exist or cannot be read
  ${EXIT_CODES.notDicom}  a file is not a readable DICOM image
  ${EXIT_CODES.invalidBundle}  a model bundle does not verify (missing file, checksum mismatch)
  ${EXIT_CODES.invalidData}  a labels, readers or predictions CSV is malformed or does not match
`;

/**
 * Builds the `spinedx` program. Output goes through `io` (stdout for results, stderr for progress and errors);
 * commander never exits the process: errors are thrown for {@link runCli} to map to exit codes.
 */
export function createProgram(io: CliIo = createProcessIo()): Command {
  const program = new Command('spinedx')
    .description('Deep learning on spine MR: spinal tuberculosis vs metastasis on sagittal T2, end to end.')
    .version(cliVersion())
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text), outputError: (text, write) => write(io.colors.red(text)) })
    .showHelpAfterError('(add --help for usage)')
    .addHelpText('after', exitCodeHelp);
  const context = { io };
  registerDemoCommand(program, context);
  registerTrainEvaluateCommands(program, context);
  registerPredictCommands(program, context);
  registerCompareReadersCommand(program, context);
  registerDicomCommands(program, context);
  registerPhantomCommand(program, context);
  registerBenchCommand(program, context);
  return program;
}
