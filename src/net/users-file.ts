/**
 * The users an acceptor requires (`serve --users FILE`): one per line, `NAME` (the username alone identifies the user)
 * or `NAME:HASH` (the user must give this password; HASH as `tbp-dicom hash-password` prints it). Blank lines and
 * lines starting with `#` are skipped; a name cannot hold a colon.
 */
import { readFileSync } from 'node:fs';
import { DicomError } from '../core/errors.js';
import { UserIdentityType } from './pdu.js';
import { decoyHash, parsePasswordHash, verifyPassword, type PasswordHash } from './password-hash.js';
import { describeIdentity, quoteUsername, usernameOf, type IdentityCheck, type IdentityDecision } from './user-identity.js';

/** A user and the hash of its password; none when the username alone identifies it. */
export type UserList = Map<string, PasswordHash | undefined>;

/** Reads a users file; a DicomError names the line that is wrong. */
export function readUsersFile(path: string): UserList {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new DicomError('INVALID_ARGUMENT', `cannot read the users file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path, cause: e });
  }
  const users: UserList = new Map();
  const lineOf = new Map<string, number>();
  text.split('\n').forEach((raw, i) => {
    const line = raw.trimEnd();
    if (line === '' || line.startsWith('#')) return;
    const wrong = (why: string): DicomError => new DicomError('INVALID_ARGUMENT', `line ${i + 1}: ${why}`, { file: path });
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    if (name.trim() === '') throw wrong('no username before the colon');
    const hash = colon < 0 ? undefined : parsePasswordHash(line.slice(colon + 1));
    if (colon >= 0 && !hash) throw wrong(`the password of ${quoteUsername(name)} is not a hash as 'tbp-dicom hash-password' prints it ($scrypt$ln=…,r=…,p=…$SALT$KEY)`);
    const before = lineOf.get(name);
    if (before !== undefined) throw wrong(`user ${quoteUsername(name)} is listed again (first on line ${before})`);
    lineOf.set(name, i + 1);
    users.set(name, hash);
  });
  if (users.size === 0) throw new DicomError('INVALID_ARGUMENT', 'no user is listed, so no association could be accepted', { file: path });
  return users;
}

/**
 * Accepts only the listed users: a username (type 1) for a user without a password, a username and passcode (type 2)
 * whose passcode matches the user's hash (or any, for a user without a password). No identity, or a ticket, assertion
 * or token (types 3-5, which cannot be verified here), is refused. An unknown user costs as long as a wrong password,
 * so the time of a refusal does not tell which names exist.
 */
export function requireListedUsers(users: UserList): IdentityCheck {
  const decoy = decoyHash([...users.values()].find((h) => h !== undefined));
  return async (identity): Promise<IdentityDecision> => {
    if (!identity) return { accept: false, why: 'no user identity given (users are required)' };
    const username = usernameOf(identity);
    if (username === undefined) return { accept: false, why: `${describeIdentity(identity)} cannot be verified here (users are required)` };
    const who = quoteUsername(username);
    const known = users.has(username);
    const hash = users.get(username);
    const accepted: IdentityDecision = { accept: true, username, serverResponse: Buffer.alloc(0) };
    if (identity.type === UserIdentityType.Username) {
      if (!known) return { accept: false, why: `unknown user ${who}` };
      return hash ? { accept: false, why: `user ${who} gave no password` } : accepted;
    }
    if (known && !hash) return accepted;
    const matches = await verifyPassword(identity.secondary, hash ?? decoy);
    if (!known) return { accept: false, why: `unknown user ${who}` };
    return matches ? accepted : { accept: false, why: `wrong password for user ${who}` };
  };
}
