import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { DicomError } from '../../core/errors.js';
import { echo, type EchoResult } from '../../net/echo.js';
import { NetError } from '../../net/errors.js';
import { describeFailure } from '../../net/connection-hints.js';
import { CertificateDatesError } from '../../net/certificate-dates.js';
import { hostPort, loadTls, type TlsSettings } from '../../net/transport.js';
import { hostProblem, portProblem } from '../../net/setting-ranges.js';
import { libraryNumber, secondsOption, wholeNumber } from '../number-options.js';
import { asText, librarySetting } from '../library-setting.js';
import { EXIT_OK, EXIT_PROBLEMS, runCommand } from '../run-command.js';
import { errorJson, printJson } from '../json-output.js';
import { aeTitle } from '../ae-title-option.js';
import { addIdentityOptions, identityFromFlags, type IdentityFlags } from '../identity-options.js';

/** TLS flags shared by echo, send and serve. */
export function addTlsOptions(cmd: Command, acceptor = false): Command {
  return cmd
    .option('--tls', 'use TLS (DICOM over TLS, PS3.15 B.1)')
    .option('--tls-key <file>', acceptor ? 'private key (PEM) of this server' : 'private key (PEM) for a client certificate')
    .option('--tls-cert <file>', acceptor ? 'certificate (PEM) of this server' : 'client certificate (PEM)')
    .option('--tls-ca <file>', acceptor ? 'CA certificates (PEM) trusted for client certificates' : 'CA certificates (PEM) trusted for the server certificate')
    .option(acceptor ? '--tls-require-client-cert' : '--tls-no-verify', acceptor ? 'require a client certificate signed by a CA of --tls-ca (without it, by one of Node.js\'s built-in CAs)' : 'do not verify the server certificate (testing only)');
}

export interface TlsFlags {
  tls?: boolean;
  tlsKey?: string;
  tlsCert?: string;
  tlsCa?: string;
  tlsNoVerify?: boolean;
  tlsRequireClientCert?: boolean;
}

/** A TLS option's file, read before anything starts: one that cannot be is a usage error (exit code 2) naming it. */
function tlsFile(flag: string, path: string | undefined): Buffer | undefined {
  if (path === undefined) return undefined;
  try {
    return readFileSync(path);
  } catch (e) {
    throw new DicomError('IO', `${flag}: cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, { file: path, cause: e });
  }
}

/** TLS settings from the flags, their files read (so that a missing one stops the command before it starts). */
function tlsFromFlags(o: TlsFlags): TlsSettings | undefined {
  if (!o.tls && !o.tlsKey && !o.tlsCert && !o.tlsCa) return undefined;
  // Either alone would be dropped by TLS without a word, and the peer's refusal would then blame a missing certificate.
  if ((o.tlsKey === undefined) !== (o.tlsCert === undefined)) {
    throw new DicomError('INVALID_ARGUMENT', `${o.tlsKey === undefined ? '--tls-cert needs --tls-key' : '--tls-key needs --tls-cert'}: a certificate goes with its private key`);
  }
  const ca = tlsFile('--tls-ca', o.tlsCa);
  // Node skips anything in a CA file that is not a PEM certificate (a DER file, a text file) without an error.
  if (ca && !ca.includes('-----BEGIN CERTIFICATE-----')) {
    throw new DicomError('INVALID_ARGUMENT', '--tls-ca: no PEM certificate ("-----BEGIN CERTIFICATE-----") in the file', { file: o.tlsCa });
  }
  return {
    key: tlsFile('--tls-key', o.tlsKey),
    cert: tlsFile('--tls-cert', o.tlsCert),
    ca,
    rejectUnauthorized: o.tlsNoVerify ? false : undefined,
    requestCert: o.tlsRequireClientCert || undefined,
  };
}

/**
 * The TLS settings from the flags, checked before any connection or listening (echo, send, serve): a file that is not
 * PEM, or a key that is not the certificate's, is a usage error (exit code 2) rather than a failure of every
 * association. Our certificate's dates are checked by the library, before it connects or listens (tlsCertNamed).
 */
export function checkedTlsFromFlags(o: TlsFlags): TlsSettings | undefined {
  const tls = tlsFromFlags(o);
  if (!tls) return undefined;
  try {
    loadTls().createSecureContext({ key: tls.key, cert: tls.cert, ca: tls.ca });
  } catch (e) {
    throw new DicomError('INVALID_ARGUMENT', `TLS settings: ${describeFailure(e as Error)}`);
  }
  return tls;
}

/**
 * For `.catch` of echo, send and serve: the library's refusal of our certificate, out of its dates, as the usage error
 * of the flag that gave it (exit code 2), naming the file.
 */
export function tlsCertNamed(o: TlsFlags): (e: unknown) => never {
  return (e) => {
    throw e instanceof CertificateDatesError ? new DicomError('INVALID_ARGUMENT', `--tls-cert: ${e.problem}`, { file: o.tlsCert, cause: e }) : e;
  };
}

/** The peer's port (echo, send). */
export const peerPort = libraryNumber(portProblem);

/** The peer's host (echo, send). */
export const peerHost = librarySetting(hostProblem, asText);

interface EchoFlags extends TlsFlags, IdentityFlags {
  aet: string;
  aec: string;
  timeout: number;
  repeat: number;
  json?: boolean;
}

export function register(program: Command): void {
  const cmd = program
    .command('echo')
    .description('verify a DICOM peer (C-ECHO), like echoscu')
    .argument('<host>', 'peer host name or address', peerHost)
    .argument('<port>', 'peer port', peerPort)
    .option('--aet <title>', 'our (calling) AE title', aeTitle, 'TBPDICOM')
    .option('--aec <title>', 'the peer (called) AE title', aeTitle, 'ANY-SCP')
    .addOption(secondsOption('--timeout <seconds>', 'connection and response timeout (0: none)', 15_000))
    .option('--repeat <n>', 'echo this many times (one association each)', wholeNumber(1, 1_000_000), 1)
    .option('--json', 'print the results as JSON');
  addTlsOptions(addIdentityOptions(cmd)).action((host: string, port: number, o: EchoFlags) =>
    runCommand(program.opts(), async () => {
      const timeout = o.timeout;
      const userIdentity = identityFromFlags(o);
      const tls = checkedTlsFromFlags(o);
      const results: (EchoResult | { host: string; port: number; error: Record<string, unknown> })[] = [];
      let failed = 0;
      for (let i = 0; i < o.repeat; i++) {
        try {
          const r = await echo({
            host, port, callingAeTitle: o.aet, calledAeTitle: o.aec, tls, userIdentity,
            connectTimeout: timeout, timers: { artim: timeout, dimse: timeout },
          }).catch(tlsCertNamed(o));
          if (r.category !== 'success') failed++;
          // A status other than success is the peer's refusal, as send's --json calls a failure status (outcome "refused").
          results.push(r.category === 'success' ? r : { ...r, error: { code: 'REFUSED', message: `the peer answered the C-ECHO with ${r.meaning}${r.errorComment ? ` (${r.errorComment})` : ''}` } });
          if (!o.json) {
            const comment = r.errorComment ? ` (${r.errorComment})` : '';
            process.stdout.write(`echo ${hostPort(host, port)} (${r.calledAeTitle}${r.tls ? ', TLS' : ''}): ${r.meaning}${comment} in ${r.elapsedMs.toFixed(1)} ms` +
              ` — peer ${r.peerImplementationVersionName ?? ''} ${r.peerImplementationClassUid}`.trimEnd() + '\n');
          }
        } catch (e) {
          if (!(e instanceof NetError)) throw e;
          failed++;
          // The error as every command's --json says one, beside the peer it was for; its code the kind of failure
          // (CONNECTION_REFUSED, TIMEOUT, REJECTED …), with the rejection's or abort's fields, for a script to tell apart.
          const { error } = errorJson(e);
          results.push({ host, port, error: { ...error, code: e.kind, ...(e.pdu && { [e.kind === 'REJECTED' ? 'reject' : 'abort']: e.pdu }) } });
          // stderr gets the line with --json too, as every command's messages (docs/cli.md)
          process.stderr.write(`echo ${hostPort(host, port)} failed: ${e.message}\n`);
        }
      }
      if (o.json) printJson(results.length === 1 ? results[0] : results);
      return failed > 0 ? EXIT_PROBLEMS : EXIT_OK;
    }, o.json),
  );
}
