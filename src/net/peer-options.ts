import { DicomError } from '../core/errors.js';
import { checkAeTitle } from './ae-title.js';
import type { PeerOptions } from './requestor.js';

/** The longest timer Node keeps (ms): a longer one would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** Why a number is not a TCP port of a peer, or undefined. Port 0 would be any port. */
export const portProblem = (port: number): string | undefined =>
  Number.isInteger(port) && port >= 1 && port <= 65535 ? undefined : 'a TCP port is a whole number from 1 to 65535';

const refuse = (option: string, value: unknown, why: string): never => {
  throw new DicomError('INVALID_ARGUMENT', `${option} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: ${why}`);
};

function checkTimeout(option: string, ms: number | undefined): void {
  if (ms !== undefined && !(typeof ms === 'number' && ms >= 0 && ms <= MAX_TIMEOUT_MS)) refuse(option, ms, `a timeout is a number of milliseconds from 0 (none) to ${MAX_TIMEOUT_MS}`);
}

/**
 * Refuses settings no peer could be reached with (DicomError INVALID_ARGUMENT naming the option), before anything is
 * read or any connection made: every association would fail alike, so it is the settings' problem, not the files'.
 */
export function checkPeerOptions(o: PeerOptions): void {
  if (typeof o.host !== 'string' || o.host.trim() === '') refuse('host', o.host, 'a host name or address is needed');
  const port = portProblem(o.port);
  if (port) refuse('port', o.port, port);
  if (o.callingAeTitle !== undefined) checkAeTitle(o.callingAeTitle, 'callingAeTitle');
  if (o.calledAeTitle !== undefined) checkAeTitle(o.calledAeTitle, 'calledAeTitle');
  // 0 or above the most a PDU may have announce that most (announcedMaxPdu).
  if (o.maxPduLength !== undefined && !(Number.isInteger(o.maxPduLength) && o.maxPduLength >= 0)) refuse('maxPduLength', o.maxPduLength, 'a whole number of bytes, 0 for the most we take');
  checkTimeout('connectTimeout', o.connectTimeout);
  for (const [name, ms] of Object.entries(o.timers ?? {})) checkTimeout(`timers.${name}`, ms);
}
