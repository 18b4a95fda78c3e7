import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { echo } from '../../src/net/echo.js';
import { send } from '../../src/net/send.js';
import { tempDir, writeTestObjects } from './helpers.js';
import { localUserInformation } from '../../src/net/association.js';
import { APPLICATION_CONTEXT_NAME, ContextResult, PDU_ASSOCIATE_AC, PDU_DATA_TF, encodePdu } from '../../src/net/pdu.js';

/** Accepts any association (context 1, Implicit VR) and then never answers; resolves `asked` at the first P-DATA-TF. */
function silentAcceptor(): { listening: Promise<number>; asked: Promise<void>; close(): void } {
  let asked!: () => void;
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    socket.on('data', (d) => {
      if (d[0] === PDU_DATA_TF) asked();
      else socket.write(encodePdu({
        type: PDU_ASSOCIATE_AC, protocolVersion: 1, calledAeTitle: 'SILENT', callingAeTitle: 'TBPDICOM', applicationContext: APPLICATION_CONTEXT_NAME,
        contexts: [{ id: 1, result: ContextResult.Acceptance, transferSyntax: '1.2.840.10008.1.2' }], user: localUserInformation(0),
      }));
    });
    socket.on('error', () => undefined);
  });
  return {
    listening: new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port))),
    asked: new Promise((resolve) => (asked = resolve)),
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

const turns = (n: number): Promise<void> => (n ? new Promise((resolve) => setImmediate(() => void turns(n - 1).then(resolve))) : Promise.resolve());

for (const { name, ms, run } of [
  { name: 'echo', ms: 30_000, run: (port: number) => echo({ host: '127.0.0.1', port, calledAeTitle: 'SILENT', timers: { dimse: undefined } }).then(() => 'answered', (e: Error) => e.message) },
  {
    name: 'send', ms: 120_000,
    run: (port: number, dir: string) => send(writeTestObjects(dir, 1), { host: '127.0.0.1', port, calledAeTitle: 'SILENT', timers: { dimse: undefined } })
      .then((summary) => summary.results.map((r) => r.reason).join('; ')),
  },
]) {
  test(`${name} keeps its own ${ms / 1000}-second response timeout when timers.dimse is given as undefined (a spread let undefined switch it off)`, async (t) => {
    const peer = silentAcceptor();
    const port = await peer.listening;
    const { dir, cleanup } = tempDir('silent-peer');
    t.mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const outcome = run(port, dir);
      await peer.asked;
      // The response timer starts once the request's bytes are written: the clock goes on by the timeout until the
      // request gives up (or is seen never to).
      let settled: unknown = 'still waiting';
      void outcome.then((o) => (settled = o));
      for (let i = 0; i < 10 && settled === 'still waiting'; i++) {
        t.mock.timers.tick(ms);
        await turns(5);
      }
      assert.match(String(settled), new RegExp(`no response to C-\\w+-RQ within ${ms} ms`));
    } finally {
      t.mock.timers.reset();
      peer.close();
      cleanup();
    }
  });
}
