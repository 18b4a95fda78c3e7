import type { Command } from 'commander';
import { DicomError } from '../../core/errors.js';
import { hashPassword } from '../../net/password-hash.js';
import { EXIT_OK, runCommand } from '../run-command.js';
import { addPasswordSourceOptions, passwordFromFlags, type PasswordFlags } from '../identity-options.js';

/** The first line of standard input; typed at a terminal, it is not shown. */
async function readPassword(prompt: string): Promise<string> {
  const stdin = process.stdin;
  if (!stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8').split(/\r?\n/, 1)[0]!;
  }
  process.stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = '';
      const onData = (keys: string): void => {
        for (const key of keys) {
          if (key === '\r' || key === '\n') return done(() => resolve(typed));
          if (key === '\u0003') return done(() => reject(new DicomError('INTERRUPTED', 'no password typed')));
          typed = key === '\u007f' || key === '\b' ? typed.slice(0, -1) : typed + key;
        }
      };
      const done = (settle: () => void): void => {
        stdin.off('data', onData);
        settle();
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

export function register(program: Command): void {
  const cmd = program
    .command('hash-password')
    .description('print a line for serve --users: USERNAME:HASH, the password hashed with scrypt (read from standard input unless given another way)')
    .argument('<username>', 'the user (without a colon)');
  addPasswordSourceOptions(cmd).action((username: string, o: PasswordFlags) =>
    runCommand(program.opts(), async () => {
      if (/[:\r\n]/.test(username) || username.trim() === '') {
        throw new DicomError('INVALID_ARGUMENT', `the username ${JSON.stringify(username)} cannot go in a users file: a username is not empty and holds no colon or line break`);
      }
      const password = passwordFromFlags(o) ?? (await readPassword(`password for ${username}: `));
      if (password === '') throw new DicomError('INVALID_ARGUMENT', `the password is empty (a user who needs none is a line with the name alone: ${username})`);
      process.stdout.write(`${username}:${await hashPassword(password)}\n`);
      return EXIT_OK;
    }),
  );
}
