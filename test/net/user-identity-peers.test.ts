// User identity negotiation with real peers: dcmtk storescu (--user, --password, --pos-response) → serve, with and
// without required users; our echo and send → dcmtk storescp (which reads the item but never confirms it) and → serve.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { serve, type ArchiveServer, type ServeOptions } from '../../src/archive/serve.js';
import { echo } from '../../src/net/echo.js';
import { send } from '../../src/net/send.js';
import { NetError } from '../../src/net/errors.js';
import { hashPassword } from '../../src/net/password-hash.js';
import { readUsersFile, requireListedUsers } from '../../src/net/users-file.js';
import { usernameIdentity } from '../../src/net/user-identity.js';
import { UserIdentityType } from '../../src/net/pdu.js';
import { readDicomFile } from '../../src/io/part10-reader.js';
import { hasDcmtk, run, startStorescp, tempDir, writeTestObject } from './helpers.js';

const skip = !hasDcmtk && 'dcmtk is not installed';
let tmp: ReturnType<typeof tempDir>;
let usersFile: string;

before(async () => {
  tmp = tempDir('identity');
  usersFile = join(tmp.dir, 'users.txt');
  writeFileSync(usersFile, `alice:${await hashPassword('s3cret')}\nbob\n`);
});
after(() => tmp?.cleanup());

/** A server with its log and refusals recorded. */
async function withServer(name: string, options: Partial<ServeOptions>, body: (s: ArchiveServer, log: string[], refusals: Record<string, unknown>[]) => Promise<void>): Promise<void> {
  const s = await serve({ dir: join(tmp.dir, name), port: 0, host: '127.0.0.1', aeTitle: 'TBPSCP', ...options });
  const log: string[] = [];
  const refusals: Record<string, unknown>[] = [];
  s.server.on('log', (_level: string, message: string) => log.push(message));
  s.server.on('rejected', (r: Record<string, unknown>) => refusals.push(r));
  try {
    await body(s, log, refusals);
  } finally {
    await s.close(2000);
  }
}

let serial = 0;
/** A new object to send, and its SOP Instance UID. */
function newObject(): { file: string; uid: string } {
  const file = join(tmp.dir, `object-${++serial}.dcm`);
  return { file, uid: writeTestObject(file, { pixelBytes: 2000 }).sopInstanceUid };
}

const storescu = (port: number, file: string, identity: string[]) =>
  run('storescu', ['-aet', 'STORESCU', '-aec', 'TBPSCP', ...identity, '127.0.0.1', String(port), file]);

test('storescu --user --password --pos-response → serve without a users file: confirmed, stored, the user indexed', { skip, timeout: 30_000 }, async () => {
  await withServer('open', {}, async (s) => {
    for (const [identity, user] of [
      [['--user', 'alice', '--password', 'anything', '--pos-response'], 'alice'],
      [['--user', 'bob', '--pos-response'], 'bob'],
      [['--user', 'carol', '--empty-password', '--pos-response'], 'carol'],
      [[], undefined],
    ] as const) {
      const o = newObject();
      const r = await storescu(s.server.port, o.file, [...identity]);
      assert.equal(r.code, 0, `${identity.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(s.archive.instance(o.uid)?.sourceUser, user);
    }
  });
});

test('storescu → serve --users: listed users get in; a wrong password, an unknown user or no identity is refused (permanent, service user, no reason) and nothing is stored', { skip, timeout: 30_000 }, async () => {
  await withServer('required', { checkIdentity: requireListedUsers(readUsersFile(usersFile)) }, async (s, log, refusals) => {
    for (const identity of [['--user', 'alice', '--password', 's3cret', '--pos-response'], ['--user', 'alice', '--password', 's3cret'], ['--user', 'bob', '--pos-response']]) {
      const o = newObject();
      const r = await storescu(s.server.port, o.file, identity);
      assert.equal(r.code, 0, `${identity.join(' ')}: ${r.stdout}${r.stderr}`);
      assert.equal(s.archive.instance(o.uid)?.sourceUser, identity[1]);
    }
    const stored = s.archive.counts().instances;
    for (const [identity, why] of [
      [['--user', 'alice', '--password', 'wrong-guess', '--pos-response'], 'wrong password for user "alice"'],
      [['--user', 'alice', '--pos-response'], 'user "alice" gave no password'],
      [['--user', 'mallory', '--password', 's3cret'], 'unknown user "mallory"'],
      [[], 'no user identity given (users are required)'],
    ] as const) {
      const o = newObject();
      const r = await storescu(s.server.port, o.file, [...identity]);
      assert.notEqual(r.code, 0, identity.join(' '));
      assert.match(r.stdout + r.stderr, /Association Rejected[\s\S]*Result: Rejected Permanent, Source: Service User[\s\S]*Reason: No Reason/);
      assert.equal(s.archive.instance(o.uid), undefined);
      assert.ok(log.some((l) => l === `rejecting STORESCU@127.0.0.1 → TBPSCP: ${why}`), `logged: ${why}`);
      assert.deepEqual(refusals.at(-1)?.username, identity[1]);
    }
    assert.equal(s.archive.counts().instances, stored, 'nothing stored by a refused requestor');
    assert.deepEqual(s.archive.partialFiles(), []);
    assert.ok(!log.some((l) => l.includes('wrong-guess') || l.includes('s3cret')), 'no password in the log');
  });
});

test('echo and send with a user identity → storescp: the item is well-formed, and a positive response storescp never gives fails the association', { skip, timeout: 30_000 }, async () => {
  const out = join(tmp.dir, 'storescp-out');
  mkdirSync(out);
  const scp = await startStorescp(out, ['+xa', '-d']);
  try {
    const r = await echo({ host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', userIdentity: usernameIdentity({ username: 'Zoë', password: 'pass5' }) });
    assert.equal(r.status, 0);
    // storescp's debug log decodes the A-ASSOCIATE-RQ it received
    await scp.outputMatching(/Requested User Identity Negotiation:\s+D:\s+Authentication mode 2: Username\/Password\s+D:\s+Username: \[Zoë\]\s+D:\s+Password: \[pass5\]\s+D:\s+Positive Response requested: No/);
    const o = newObject();
    const summary = await send([o.file], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', userIdentity: usernameIdentity({ username: 'bob', positiveResponse: true }) });
    assert.equal(summary.notSent, 1);
    assert.equal(summary.associations, 0);
    assert.match(summary.results[0]!.reason!, /accepted the association without confirming the user identity \(user "bob"\), although a positive response was requested/);
    await scp.outputMatching(/Authentication mode 1: Username\s+D:\s+Username: \[bob\]\s+D:\s+Positive Response requested: Yes/);
    assert.deepEqual(readdirSync(out), [], 'nothing sent');
    const plain = await send([o.file], { host: '127.0.0.1', port: scp.port, calledAeTitle: 'STORESCP', userIdentity: usernameIdentity({ username: 'bob' }) });
    assert.equal(plain.sent, 1, 'without asking for a response, storescp takes it');
  } finally {
    await scp.stop();
  }
});

test('echo and send → serve: a username is confirmed; a refused identity is named; a Kerberos ticket is accepted but never confirmed', { timeout: 30_000 }, async () => {
  const kerberos = (positiveResponseRequested: boolean) => ({ type: UserIdentityType.Kerberos, positiveResponseRequested, primary: Buffer.from('ticket'), secondary: Buffer.alloc(0) });
  await withServer('ours-open', {}, async (s) => {
    const port = s.server.port;
    assert.equal((await echo({ host: '127.0.0.1', port, userIdentity: usernameIdentity({ username: 'alice', password: 'x', positiveResponse: true }) })).status, 0);
    const o = newObject();
    const sent = await send([o.file], { host: '127.0.0.1', port, userIdentity: usernameIdentity({ username: 'alice', positiveResponse: true }) });
    assert.equal(sent.sent, 1);
    assert.equal(s.archive.instance(o.uid)!.sourceUser, 'alice');
    assert.equal(readDicomFile(s.archive.instance(o.uid)!.absolutePath, { stopAtTag: 0x00030000 }).meta.getString('SourceApplicationEntityTitle'), 'TBPDICOM');
    assert.equal((await echo({ host: '127.0.0.1', port, userIdentity: kerberos(false) })).status, 0);
    await assert.rejects(echo({ host: '127.0.0.1', port, userIdentity: kerberos(true) }),
      (e: unknown) => e instanceof NetError && e.kind === 'IDENTITY' && /without confirming the user identity \(Kerberos service ticket\)/.test(e.message));
  });
  await withServer('ours-required', { checkIdentity: requireListedUsers(readUsersFile(usersFile)) }, async (s) => {
    const port = s.server.port;
    assert.equal((await echo({ host: '127.0.0.1', port, userIdentity: usernameIdentity({ username: 'alice', password: 's3cret', positiveResponse: true }) })).status, 0);
    await assert.rejects(echo({ host: '127.0.0.1', port, userIdentity: usernameIdentity({ username: 'alice', password: 'nope' }) }),
      (e: unknown) => e instanceof NetError && e.kind === 'REJECTED' && e.message.endsWith('association rejected (permanent) by the service user: no reason given (the request gave user "alice")') && !e.message.includes('nope'));
    await assert.rejects(echo({ host: '127.0.0.1', port }), /rejected \(permanent\) by the service user: no reason given$/);
    await assert.rejects(echo({ host: '127.0.0.1', port, userIdentity: kerberos(false) }), /no reason given \(the request gave Kerberos service ticket\)/);
  });
});
