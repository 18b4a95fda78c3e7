import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DicomError } from '../core/errors.js';
import type { UserIdentityRq } from '../net/pdu.js';
import { usernameIdentity } from '../net/user-identity.js';

export interface PasswordFlags {
  password?: string;
  passwordFile?: string;
  passwordEnv?: string;
}

export interface IdentityFlags extends PasswordFlags {
  username?: string;
  identityResponse?: boolean;
}

/** Ways to give a password other than on the command line, which other users of the machine can read (`ps`). */
export function addPasswordSourceOptions(cmd: Command): Command {
  return cmd
    .option('--password-file <file>', 'read the password from the first line of this file')
    .option('--password-env <variable>', 'read the password from this environment variable');
}

/** The user identity flags of echo and send (user identity negotiation, PS3.7 D.3.3.7). */
export function addIdentityOptions(cmd: Command): Command {
  cmd
    .option('--username <name>', 'identify as this user (user identity negotiation; with a password, username and passcode)')
    .option('--password <password>', 'the user\'s password (other users of this machine can see it: prefer --password-file or --password-env)');
  return addPasswordSourceOptions(cmd)
    .option('--identity-response', 'ask the peer to confirm the user identity, and fail if it does not');
}

/** The password from the one way it was given, if any. Errors never show it. */
export function passwordFromFlags(o: PasswordFlags): string | undefined {
  const ways = [
    o.password !== undefined && '--password', o.passwordFile !== undefined && '--password-file', o.passwordEnv !== undefined && '--password-env',
  ].filter((w) => w !== false);
  if (ways.length > 1) throw new DicomError('INVALID_ARGUMENT', `give the password one way, not with ${ways.join(' and ')}`);
  if (o.passwordFile !== undefined) return passwordInFile(o.passwordFile);
  if (o.passwordEnv !== undefined) {
    const value = process.env[o.passwordEnv];
    if (value === undefined) throw new DicomError('INVALID_ARGUMENT', `--password-env: the environment variable ${o.passwordEnv} is not set`);
    return value;
  }
  return o.password;
}

function passwordInFile(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DicomError('INVALID_ARGUMENT', `cannot read the password file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path });
  }
  const line = text.split(/\r?\n/, 1)[0]!;
  if (line === '') throw new DicomError('INVALID_ARGUMENT', 'the password file\'s first line, the password, is empty', { file: path });
  return line;
}

/** The user identity item the flags ask for; undefined without --username. */
export function identityFromFlags(o: IdentityFlags): UserIdentityRq | undefined {
  if (o.username === undefined) {
    if (o.identityResponse) throw new DicomError('INVALID_ARGUMENT', '--identity-response needs --username');
    if (o.password !== undefined || o.passwordFile !== undefined || o.passwordEnv !== undefined) throw new DicomError('INVALID_ARGUMENT', 'a password needs --username');
    return undefined;
  }
  return usernameIdentity({ username: o.username, password: passwordFromFlags(o), positiveResponse: o.identityResponse });
}
