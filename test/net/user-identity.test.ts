// The acceptor's side of user identity negotiation: password hashes, the users file, and the decisions on each kind
// of identity with and without required users.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { hashPassword, parsePasswordHash, verifyPassword } from '../../src/net/password-hash.js';
import { readUsersFile, requireListedUsers } from '../../src/net/users-file.js';
import { acceptAnyIdentity, describeIdentity, usernameIdentity } from '../../src/net/user-identity.js';
import { UserIdentityType, type UserIdentityRq } from '../../src/net/pdu.js';
import { DicomError } from '../../src/core/errors.js';
import { tempDir } from './helpers.js';

const kerberos: UserIdentityRq = { type: UserIdentityType.Kerberos, positiveResponseRequested: true, primary: Buffer.from([1, 2, 3]), secondary: Buffer.alloc(0) };

test('password hashes: scrypt in the PHC string format, a random salt, checked against the passcode bytes', async () => {
  const a = await hashPassword('correct horse');
  const b = await hashPassword('correct horse');
  assert.match(a, /^\$scrypt\$ln=15,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  assert.notEqual(a, b, 'salted');
  const parsed = parsePasswordHash(a)!;
  assert.equal(await verifyPassword(Buffer.from('correct horse'), parsed), true);
  assert.equal(await verifyPassword(Buffer.from('correct horsE'), parsed), false);
  assert.equal(await verifyPassword(Buffer.alloc(0), parsed), false);
  for (const bad of ['correct horse', '$scrypt$ln=15,r=8,p=1$c2FsdA$', '$scrypt$ln=40,r=8,p=1$c2FsdHNhbHRzYWx0$' + 'A'.repeat(43), '$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA']) {
    assert.equal(parsePasswordHash(bad), undefined, bad);
  }
});

test('the users file: NAME or NAME:HASH per line, comments and blank lines skipped; a wrong line is named', async () => {
  const t = tempDir('users');
  try {
    const hash = await hashPassword('s3cret');
    const file = join(t.dir, 'users.txt');
    writeFileSync(file, `# readers\r\nalice:${hash}\r\n\r\nbob\nZoë Ünal:${hash}  \n`);
    const users = readUsersFile(file);
    assert.deepEqual([...users.keys()], ['alice', 'bob', 'Zoë Ünal']);
    assert.equal(users.get('bob'), undefined);
    assert.ok(users.get('alice'));
    const wrong = (text: string, message: RegExp): void => {
      writeFileSync(file, text);
      assert.throws(() => readUsersFile(file), (e: unknown) => e instanceof DicomError && e.code === 'INVALID_ARGUMENT' && message.test(e.describe()));
    };
    wrong('alice\nbob:s3cret\n', /users\.txt: line 2: the password of "bob" is not a hash as 'tbp-dicom hash-password' prints it/);
    wrong(`alice\n# x\nalice:${hash}\n`, /line 3: user "alice" is listed again \(first on line 1\)/);
    wrong(`:${hash}\n`, /line 1: no username before the colon/);
    wrong('# nobody\n\n', /no user is listed/);
    assert.throws(() => readUsersFile(join(t.dir, 'missing.txt')), (e: unknown) => e instanceof DicomError && /missing\.txt: cannot read the users file: ENOENT$/.test(e.describe()));
  } finally {
    t.cleanup();
  }
});

test('required users: each kind of identity, the right and wrong passwords, unknown users and no identity', async () => {
  const users = new Map([['alice', parsePasswordHash(await hashPassword('s3cret'))], ['bob', undefined]]);
  const check = requireListedUsers(users);
  const decide = async (identity: UserIdentityRq | undefined) => check(identity);
  const id = (username: string, password?: string) => usernameIdentity({ username, password, positiveResponse: true });
  assert.deepEqual(await decide(id('alice', 's3cret')), { accept: true, username: 'alice', serverResponse: Buffer.alloc(0) });
  assert.deepEqual(await decide(id('alice', 'guess')), { accept: false, why: 'wrong password for user "alice"' });
  assert.deepEqual(await decide(id('alice')), { accept: false, why: 'user "alice" gave no password' });
  assert.deepEqual(await decide(id('bob')), { accept: true, username: 'bob', serverResponse: Buffer.alloc(0) });
  assert.deepEqual(await decide(id('bob', 'anything')), { accept: true, username: 'bob', serverResponse: Buffer.alloc(0) }, 'a user without a password: the passcode is not asked for');
  assert.deepEqual(await decide(id('carol', 's3cret')), { accept: false, why: 'unknown user "carol"' });
  assert.deepEqual(await decide(id('carol')), { accept: false, why: 'unknown user "carol"' });
  assert.deepEqual(await decide(id('ali\nce: accepted')), { accept: false, why: 'unknown user "ali\\nce: accepted"' }, 'a name from the peer cannot forge a log line');
  assert.deepEqual(await decide(undefined), { accept: false, why: 'no user identity given (users are required)' });
  assert.deepEqual(await decide(kerberos), { accept: false, why: 'Kerberos service ticket cannot be verified here (users are required)' });
});

test('without required users: anyone is accepted; a username is confirmed when asked, a ticket is not', async () => {
  assert.deepEqual(await acceptAnyIdentity(undefined), { accept: true });
  assert.deepEqual(await acceptAnyIdentity(usernameIdentity({ username: 'alice', password: 'x' })), { accept: true, username: 'alice', serverResponse: Buffer.alloc(0) });
  assert.deepEqual(await acceptAnyIdentity(kerberos), { accept: true }, 'no server response we could not back');
  assert.equal(describeIdentity(usernameIdentity({ username: 'alice', password: 'hidden' })), 'user "alice"');
  assert.equal(describeIdentity({ ...kerberos, type: UserIdentityType.Jwt }), 'JSON web token');
  assert.equal(describeIdentity({ ...kerberos, type: 9 }), 'user identity of unknown type 9');
});
