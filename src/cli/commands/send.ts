import type { Command } from 'commander';
import { libraryNumber, operationsCount, pduLength, seconds, secondsOption } from '../number-options.js';
import { maxPerAssociationProblem } from '../../net/setting-ranges.js';
import { progressBar } from '../progress.js';
import { send, type FileResult } from '../../net/send.js';
import { hostPort } from '../../net/transport.js';
import { UNCOMPRESSED_BY_NAME, uncompressedNames } from '../../io/transfer-syntax.js';
import { uidByKeyword } from '../../core/uid-registry.js';
import { DicomError } from '../../core/errors.js';
import { EXIT_OK, EXIT_PROBLEMS, runCommand } from '../run-command.js';
import { printJson } from '../json-output.js';
import { fileWarningLines } from '../file-warnings.js';
import { stopOnSignals } from '../stop-on-signals.js';
import { addTlsOptions, checkedTlsFromFlags, peerHost, peerPort, tlsCertNamed, type TlsFlags } from './echo.js';
import { aeTitle } from '../ae-title-option.js';
import { addIdentityOptions, identityFromFlags, type IdentityFlags } from '../identity-options.js';
import { withLimitOption } from '../limit-option.js';

interface SendFlags extends TlsFlags, IdentityFlags {
  aet: string;
  aec: string;
  transferSyntax?: string;
  maxPerAssociation?: number;
  async?: number;
  maxPdu: number;
  timeout: number;
  acseTimeout?: number;
  stopOnFailure?: boolean;
  json?: boolean;
  quiet?: boolean;
}

/** A transfer syntax by short name (explicit-le …), PS3.6 keyword (JPEGBaseline8Bit) or UID. */
export function resolveTransferSyntax(text: string): string {
  const byName = UNCOMPRESSED_BY_NAME.get(text);
  if (byName) return byName;
  if (/^[0-9.]+$/.test(text)) return text;
  const info = uidByKeyword(text);
  if (info?.type === 'Transfer Syntax') return info.uid;
  throw new DicomError('INVALID_ARGUMENT', `unknown transfer syntax "${text}" (use ${uncompressedNames()}, a keyword or a UID)`);
}

/**
 * How long the association request and the release wait for their answer unless told (dcmtk's ACSE timeout is also
 * 30 s): a port where something other than a DICOM peer listens and never answers fails in that time, not after the
 * minute a response to a large store may take.
 */
const ACSE_TIMEOUT_MS = 30_000;

export function register(program: Command): void {
  const cmd = withLimitOption(program.command('send'))
    .description('send DICOM files to a storage SCP (C-STORE), like storescu')
    .argument('<host>', 'peer host name or address', peerHost)
    .argument('<port>', 'peer port', peerPort)
    .argument('<paths...>', 'files and folders (folders are searched recursively)')
    .option('--aet <title>', 'our (calling) AE title', aeTitle, 'TBPDICOM')
    .option('--aec <title>', 'the peer (called) AE title', aeTitle, 'ANY-SCP')
    .option('-t, --transfer-syntax <ts>', `send uncompressed files in this syntax only (${uncompressedNames()}, keyword or UID); compressed files go in their own`)
    .option('--max-per-association <n>', 'objects per association (default: all in one)', libraryNumber(maxPerAssociationProblem))
    .option('--async <n>', 'propose an asynchronous operations window: up to n requests outstanding, as the peer accepts (default: one at a time, none proposed)', operationsCount)
    .option('--max-pdu <bytes>', 'largest PDU we receive, as announced (0: the most we take, 67108864)', pduLength, 262_144)
    .addOption(secondsOption('--timeout <seconds>', 'connection timeout and longest wait for a response (0: none)', 60_000))
    .option('--acse-timeout <seconds>', `longest wait for the answer to the association request and to the release (0: none; default: ${ACSE_TIMEOUT_MS / 1000}, or --timeout when shorter)`, seconds)
    .option('--stop-on-failure', 'stop at the first object the peer refuses')
    .option('-q, --quiet', 'print only the summary')
    .option('--json', 'print the summary and every result as JSON');
  addTlsOptions(addIdentityOptions(cmd)).action((host: string, port: number, paths: string[], o: SendFlags) =>
    runCommand(program.opts(), async () => {
      const timeout = o.timeout;
      const acse = o.acseTimeout ?? (timeout > 0 ? Math.min(timeout, ACSE_TIMEOUT_MS) : ACSE_TIMEOUT_MS);
      const userIdentity = identityFromFlags(o);
      const interactive = process.stderr.isTTY && !o.json;
      const bar = progressBar('sending', !interactive);
      const lines: string[] = [];
      const onProgress = (r: FileResult, done: number, total: number): void => {
        bar.update(done, total, r.path);
        if (o.json || o.quiet) return;
        if (r.outcome === 'failure') lines.push(`FAILED  ${r.path}: ${r.reason}`);
        else if (r.outcome === 'refused') lines.push(`REFUSED ${r.path}: ${r.reason}`);
        else if (r.outcome === 'not-sent') lines.push(`NOT SENT ${r.path}: ${r.reason?.replace(/^not sent: /, '')}`);
        else if (r.outcome === 'warning') lines.push(`WARNING ${r.path}: ${r.meaning}${r.errorComment ? `: ${r.errorComment}` : ''}`);
        else if (r.outcome === 'skipped') lines.push(`skipped ${r.path}: ${r.reason}`);
        // What its read set aside or corrected, on lines of their own as every command says them.
        lines.push(...fileWarningLines(r.path, r.warnings ?? []));
        // With a bar on screen, messages wait for the end so they do not tear it.
        if (!interactive && lines.length > 0) process.stderr.write(lines.splice(0).join('\n') + '\n');
      };
      const options = {
        host, port, callingAeTitle: o.aet, calledAeTitle: o.aec, tls: checkedTlsFromFlags(o), userIdentity,
        transferSyntax: o.transferSyntax ? resolveTransferSyntax(o.transferSyntax) : undefined,
        maxPerAssociation: o.maxPerAssociation,
        operations: o.async,
        maxPduLength: o.maxPdu, connectTimeout: timeout, timers: { artim: acse, dimse: timeout },
        stopOnFailure: o.stopOnFailure, onProgress,
      };
      // Ctrl-C (or SIGTERM) stops before the next file; the summary is printed, then the run ends with 130.
      const stopped = (signal: NodeJS.Signals): DicomError =>
        new DicomError('INTERRUPTED', `${signal}: send stopped before its next file; the requests under way were answered, the files not sent are listed`);
      let interrupted: unknown;
      const summary = await stopOnSignals(stopped, async (signal) => {
        const result = await send(paths, { ...options, signal }).catch(tlsCertNamed(o));
        interrupted = signal.aborted ? signal.reason : undefined;
        return result;
      });
      bar.stop();
      if (lines.length > 0) process.stderr.write(lines.join('\n') + '\n');
      if (o.json) printJson(summary);
      else {
        const secs = summary.elapsedMs / 1000;
        const rate = secs > 0 ? ` (${rateText(summary.sent, secs)} objects/s, ${(summary.bytes / 1e6 / secs).toFixed(1)} MB/s)` : '';
        process.stdout.write(`sent ${summary.sent} of ${summary.total} to ${hostPort(host, port)} in ${secs.toFixed(2)} s${rate}: ` +
          `${summary.warnings} with warnings, ${summary.refused} refused, ${summary.failed} failed, ${summary.notSent} not sent, ` +
          `${summary.skipped} skipped, ${summary.associations} association(s)\n`);
      }
      if (interrupted) throw interrupted;
      // A file read with warnings makes it 1 too, as in dump, convert, modify and deidentify.
      const problems = summary.refused + summary.failed + summary.notSent > 0 || summary.results.some((r) => r.warnings);
      return problems ? EXIT_PROBLEMS : EXIT_OK;
    }, o.json),
  );
}

/** Objects per second with the digits that say something: "0.5" for one object in 2 s, not "0"; "1234" for many. */
export function rateText(count: number, seconds: number): string {
  const rate = count / seconds;
  return rate < 10 ? String(Number(rate.toPrecision(2))) : rate.toFixed(0);
}
