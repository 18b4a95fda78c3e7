import type { Command } from 'commander';
import { isIP } from 'node:net';
import { checkedSecondsOption, libraryNumber, operationsCount, pduLength } from '../number-options.js';
import { idleTimeoutProblem, listenHostProblem, listenPortProblem, maxAssociationsProblem } from '../../net/setting-ranges.js';
import { asText, librarySetting } from '../library-setting.js';
import { serve, type StoreEvent } from '../../archive/serve.js';
import type { AllowEntry } from '../../net/server.js';
import { statusMeaning } from '../../net/status.js';
import { EXIT_OK, runCommand } from '../run-command.js';
import { addTlsOptions, checkedTlsFromFlags, tlsCertNamed, type TlsFlags } from './echo.js';
import { aeTitle } from '../ae-title-option.js';
import { quoteUsername } from '../../net/user-identity.js';
import { peerAeTitle, peerUid } from '../../net/peer-text.js';
import { readUsersFile, requireListedUsers } from '../../net/users-file.js';
import { withLimitOption } from '../limit-option.js';

interface ServeFlags extends TlsFlags {
  port: number;
  dir: string;
  aet: string;
  allow: string[];
  host?: string;
  requireCalledAet?: boolean;
  maxAssociations: number;
  maxOperations: number;
  maxPdu: number;
  idleTimeout: number;
  fsync: boolean;
  reindex?: boolean;
  users?: string;
  json?: boolean;
  verbose?: boolean;
}

/**
 * AE[@HOST]: the text after the last @ is a host only when it is an IP address (the address connections come from:
 * host names are not resolved, as one resolved otherwise than at connection time would never match); otherwise the
 * whole text is the AE title, in which @ is as legal as any other character (PACS@RAD, PACS@RAD@192.0.2.7).
 */
export function parseAllow(text: string): AllowEntry {
  const at = text.lastIndexOf('@');
  const host = text.slice(at + 1);
  if (at <= 0 || isIP(host) === 0) return { aeTitle: text };
  return { aeTitle: text.slice(0, at), host };
}

/** The allowlist as understood, for the listening line: `"PACS@RAD" from any host, "CT" from 192.0.2.7`. */
export function describeAllow(allow: readonly AllowEntry[]): string {
  return allow.map((e) => `"${e.aeTitle}" from ${e.host ?? 'any host'}`).join(', ');
}

/** "1 object", "2 objects". */
const objects = (n: number, kind = ''): string => `${n} ${kind}object${n === 1 ? '' : 's'}`;

export function register(program: Command): void {
  const cmd = withLimitOption(program.command('serve'))
    .description('receive DICOM objects (C-STORE, C-ECHO) into an archive folder with an SQLite index, like storescp')
    .requiredOption('-p, --port <port>', 'port to listen on (0: any free port, printed)', libraryNumber(listenPortProblem))
    .requiredOption('-d, --dir <dir>', 'archive folder (created if missing)')
    .option('--aet <title>', 'our AE title', aeTitle, 'TBPDICOM')
    .option('--allow <ae[@host]>', 'accept only these calling AE titles (repeatable); after the last @, an IP address the title must call from (anything else after @ is part of the title)', (v: string, acc: string[]) => {
      aeTitle(parseAllow(v).aeTitle);
      return [...acc, v];
    }, [] as string[])
    .option('--host <address>', 'listen on this address only', librarySetting(listenHostProblem, asText))
    .option('--require-called-aet', 'reject associations whose called AE title is not --aet')
    .option('--users <file>', 'accept only the users listed in this file (user identity negotiation; lines NAME or NAME:HASH, HASH from hash-password)')
    .option('--max-associations <n>', 'most associations at once', libraryNumber(maxAssociationsProblem), 32)
    .option('--max-operations <n>', 'requests of one association handled at once, when its requestor proposes an asynchronous operations window', operationsCount, 8)
    .option('--max-pdu <bytes>', 'largest PDU we receive, as announced (0: the most we take, 67108864)', pduLength, 262_144)
    .addOption(checkedSecondsOption('--idle-timeout <seconds>', 'abort associations silent, or with a request unanswered, this long (more than 0)', 60_000, idleTimeoutProblem))
    .option('--no-fsync', 'do not wait for each object to reach the disk (faster, not durable)')
    .option('--reindex', 'at start, take out of the index the objects whose files were deleted and index files added by hand')
    .option('--json', 'print one JSON line per event')
    .option('--verbose', 'log association details (warnings and errors are always logged)');
  addTlsOptions(cmd, true).action((o: ServeFlags) =>
    runCommand(program.opts(), async () => {
      const out = (event: Record<string, unknown>, text: string): void => {
        process.stdout.write(o.json ? JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n' : text + '\n');
      };
      const onStored = (e: StoreEvent): void => {
        const from = `from ${e.callingAeTitle}${e.username === undefined ? '' : ` (user ${quoteUsername(e.username)})`}`;
        if (e.stored) {
          out({ event: 'stored', ...e, stored: { ...e.stored } },
            `${e.stored.replaced ? 'replaced' : 'stored'} ${e.sopInstanceUid} ${from} → ${e.stored.path}`);
        } else {
          out({ event: 'store-failed', ...e }, `FAILED ${peerUid(e.sopInstanceUid)} ${from}: ${statusMeaning(e.status, 'C-STORE')}: ${e.error ?? ''}`);
        }
      };
      const allow = o.allow.map(parseAllow);
      const checkIdentity = o.users === undefined ? undefined : requireListedUsers(readUsersFile(o.users));
      const s = await serve({
        dir: o.dir, port: o.port, host: o.host, aeTitle: o.aet, allow,
        requireCalledAeTitle: o.requireCalledAet, maxAssociations: o.maxAssociations, maxOperations: o.maxOperations, maxPduLength: o.maxPdu,
        idleTimeout: o.idleTimeout, tls: checkedTlsFromFlags(o), fsync: o.fsync, reindex: o.reindex, checkIdentity, onStored,
      }).catch(tlsCertNamed(o));
      s.server.on('rejected', (r: { peer: string; callingAeTitle: string; reason: string }) =>
        out({ event: 'rejected', ...r }, `rejected ${peerAeTitle(r.callingAeTitle)} from ${r.peer}: ${r.reason}`));
      // Warnings and errors (a failed TLS handshake, an aborted association, the index failing) are always shown, as
      // dcmtk's tools show theirs; association details with --verbose.
      const verbose = Boolean(o.verbose || program.opts().verbose);
      s.server.on('log', (level: string, message: string) => {
        if (verbose || level === 'warn' || level === 'error') out({ event: 'log', level, message }, `${level}: ${message}`);
      });
      if (s.archive.dropped > 0) out({ event: 'dropped', count: s.archive.dropped }, `took ${objects(s.archive.dropped)} out of the index, ${s.archive.dropped === 1 ? 'its file' : 'their files'} gone`);
      for (const { file, reason } of s.archive.unreadable) out({ event: 'not-indexed', file, reason }, `not indexed ${file}: ${reason}`);
      if (s.archive.recovered > 0) out({ event: 'recovered', count: s.archive.recovered }, `indexed ${objects(s.archive.recovered, 'stored ')} the index lacked`);
      // The handlers first: a supervisor that stops serve once it reads the listening line must find them in place
      // (installing the first one takes Node a while), or the signal kills serve before it closes its archive.
      const stopped = new Promise<void>((resolve) => {
        const stop = (signal: string): void => {
          out({ event: 'stopping', signal }, `${signal}: finishing in-flight transfers…`);
          process.off('SIGINT', onInt);
          process.off('SIGTERM', onTerm);
          void s.close().then(resolve);
        };
        const onInt = (): void => stop('SIGINT');
        const onTerm = (): void => stop('SIGTERM');
        process.on('SIGINT', onInt);
        process.on('SIGTERM', onTerm);
      });
      out({ event: 'listening', port: s.server.port, aeTitle: o.aet, dir: o.dir, tls: Boolean(o.tls), usersRequired: Boolean(checkIdentity), allow },
        `listening on port ${s.server.port} as ${o.aet}${o.tls ? ' (TLS)' : ''}${checkIdentity ? ', users required' : ''}${allow.length ? `, accepting ${describeAllow(allow)}` : ''}, archive ${o.dir}`);
      await stopped;
      out({ event: 'stopped' }, 'stopped');
      return EXIT_OK;
    }, o.json && 'lines'),
  );
}
