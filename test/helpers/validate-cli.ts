// A command line with only the validate command, so tests do not depend on the other commands being built.
import { Command } from 'commander';
import { register } from '../../src/cli/commands/validate.js';

const program = new Command('tbp-dicom').option('-v, --verbose');
register(program);
await program.parseAsync(process.argv);
