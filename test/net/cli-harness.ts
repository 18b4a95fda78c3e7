// Runs the network commands (echo, send, serve) the way src/cli/main.ts will, for tests that need a real process.
import { Command } from 'commander';
import { register as registerEcho } from '../../src/cli/commands/echo.js';
import { register as registerSend } from '../../src/cli/commands/send.js';
import { register as registerServe } from '../../src/cli/commands/serve.js';

const program = new Command('tbp-dicom').option('-v, --verbose', 'print stack traces with errors');
registerEcho(program);
registerSend(program);
registerServe(program);
await program.parseAsync(process.argv);
