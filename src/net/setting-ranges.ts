import { constants } from 'node:buffer';
import { DicomError } from '../core/errors.js';
import { HARD_PDU_CAP } from './framer.js';

/**
 * The ranges of the network settings (hosts, ports, counts, lengths, timeouts), as "why a value is not one" (undefined
 * when it is): the library refuses a setting out of its range with these words (requireSetting, checkSetting), and
 * the command line's parsers use the same.
 */

/** The longest timer Node keeps (ms): a longer one would fire at once. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * The smallest maximum PDU length we announce, as dcmtk takes (ASC_MINIMUMPDUSIZE): below it the peer would split
 * every data set into thousands of PDUs, and below 8 bytes a P-DATA-TF has no room for its PDV header and an even
 * fragment, so nothing could be received at all.
 */
export const MIN_PDU_LENGTH = 4096;

/** A text that is not blank, and the words refusing one that is. */
const notBlank = (why: string) => (text: string): string | undefined => (typeof text === 'string' && text.trim() !== '' ? undefined : why);

/** Why a text is not a peer's host: a name or an address. */
export const hostProblem = notBlank('a host name or address is needed');

/** Why a text is not an address to listen on: an empty one would listen on every interface, as none does. */
export const listenHostProblem = notBlank('an address to listen on is needed (without one, every interface is listened on)');

/** A range of whole numbers, and the words refusing a number out of it. */
const wholeNumber = (min: number, max: number, why = `a whole number from ${min} to ${max}`) => (n: number): string | undefined =>
  Number.isInteger(n) && n >= min && n <= max ? undefined : why;

/** Why a number is not a TCP port of a peer. Port 0 would be any port. */
export const portProblem = wholeNumber(1, 65535, 'a TCP port is a whole number from 1 to 65535');

/** Why a number is not a port to listen on: there 0 picks a free one. */
export const listenPortProblem = wholeNumber(0, 65535, 'a TCP port is a whole number from 0 (any free port) to 65535');

/**
 * Why a number is not a count of operations outstanding at once (send's operations, a server's maxOperations): the
 * asynchronous operations window's 16-bit fields (PS3.7 D.3.3.3), without the 0 that means no limit there.
 */
export const operationsProblem = wholeNumber(1, 0xffff);

/** Why a number is not a field of a proposed asynchronous operations window: 16 bits, 0 for no limit. */
export const windowProblem = wholeNumber(0, 0xffff, 'a whole number from 0 (no limit) to 65535');

/** Why a number is not a DIMSE priority (PS3.7 9.1.1.1): the command encodes any 16 bits, which peers then refuse. */
export const priorityProblem = (n: number): string | undefined => (n === 0 || n === 1 || n === 2 ? undefined : 'Priority.Medium (0), Priority.High (1) or Priority.Low (2)');

/** Why a number is not a Message ID: 16 bits on the wire. */
export const messageIdProblem = wholeNumber(0, 0xffff);

/** Why a number is not a most of objects sent in one association. */
export const maxPerAssociationProblem = wholeNumber(1, Number.MAX_SAFE_INTEGER);

/** Why a number is not a most of associations a server keeps at once (each holds a socket and, waiting, two). */
export const maxAssociationsProblem = wholeNumber(1, 100_000);

/** Why a number is not a size up to which send converts an object in memory: it must fit one buffer. */
export const conversionLimitProblem = wholeNumber(0, constants.MAX_LENGTH, `a whole number of bytes from 0 (every conversion through a temporary file) to ${constants.MAX_LENGTH}, the largest buffer`);

/** Why a number is not a timeout in milliseconds. */
export const timeoutProblem = (ms: number): string | undefined =>
  typeof ms === 'number' && ms >= 0 && ms <= MAX_TIMEOUT_MS ? undefined : `a timeout is a number of milliseconds from 0 (none) to ${MAX_TIMEOUT_MS}`;

/**
 * Why a number is not a server's idle timeout (ms): a timeout, but not 0. An association silent that long is aborted;
 * with none, a peer that connects, associates and goes silent (or stops halfway through a PDU) would keep its
 * connection, and its place under maxAssociations, for ever: enough of them and no one else gets in.
 */
export const idleTimeoutProblem = (ms: number): string | undefined =>
  ms === 0
    ? "a server's idle timeout cannot be 0 (none): a peer that associates and then goes silent would keep its connection, and its place under the association limit, for ever; give a time above 0"
    : timeoutProblem(ms);

/**
 * Why a number is not a largest PDU we receive: 0 (PS3.8's "no maximum": the most the framer takes is announced, as it
 * enforces that) or a length from MIN_PDU_LENGTH to that most.
 */
export const pduLengthProblem = (n: number): string | undefined =>
  n === 0 || (Number.isInteger(n) && n >= MIN_PDU_LENGTH && n <= HARD_PDU_CAP) ? undefined : `0 (the most we take) or a whole number of bytes from ${MIN_PDU_LENGTH} to ${HARD_PDU_CAP}`;

/**
 * Why a number is not a largest command set an association takes. A command set is held whole until decoded, so it
 * fits one buffer; every one of PS3.7 is a few hundred bytes (UIDs of 64 bytes, AE titles, an Error Comment) unless it
 * lists many attributes, so below 1024 bytes ordinary commands would be aborted.
 */
export const commandLengthProblem = wholeNumber(1024, constants.MAX_LENGTH, `a whole number of bytes from 1024 to ${constants.MAX_LENGTH}, the largest buffer`);

/**
 * Why a number is not a largest data set an association holds in memory: its default sink joins one into a single
 * buffer; 0 holds none (every data set then goes to a sink of the association's sinkFactory, or aborts it).
 */
export const inMemoryDataSetProblem = wholeNumber(0, constants.MAX_LENGTH, `a whole number of bytes from 0 (none held in memory) to ${constants.MAX_LENGTH}, the largest buffer`);

/**
 * Why a number is not a largest A-ASSOCIATE-RQ or -AC an association takes: the framer buffers one whole, as any PDU,
 * so within its hard cap; below MIN_PDU_LENGTH a request proposing a few dozen presentation contexts (about 100 bytes
 * each) would be refused.
 */
export const associatePduProblem = wholeNumber(MIN_PDU_LENGTH, HARD_PDU_CAP, `a whole number of bytes from ${MIN_PDU_LENGTH} to ${HARD_PDU_CAP}`);

/** The settings given: one given as undefined takes its default, as one left out does (a spread would override it). */
export const givenSettings = <T extends object>(settings: T): T =>
  Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as T;

/** Throws the refusal of a setting: a DicomError (INVALID_ARGUMENT) naming the option, its value and what is wrong. */
function refuseSetting(option: string, value: unknown, why: string): never {
  throw new DicomError('INVALID_ARGUMENT', `${option} ${typeof value === 'string' ? JSON.stringify(value) : String(value)}: ${why}`);
}

/** Refuses a setting that must be given (a peer's host and port, a server's port) out of its range, undefined included. */
export function requireSetting<T>(option: string, value: T, problem: (value: T) => string | undefined): void {
  const why = problem(value);
  if (why) refuseSetting(option, value, why);
}

/**
 * Refuses a name in a group of settings (`timers`, `limits`) that is none of them: from JavaScript a misspelt one
 * (`maxPDULength`) would otherwise be dropped without a word and its default used.
 */
export function refuseUnknownSettings(group: string, given: object, known: readonly string[]): void {
  const unknown = Object.keys(given).find((name) => !known.includes(name));
  if (unknown !== undefined) throw new DicomError('INVALID_ARGUMENT', `${group}.${unknown} is no setting; the ${group} are ${known.join(', ')}`);
}

/** Refuses a setting given (not undefined) out of its range. */
export function checkSetting<T>(option: string, value: T | undefined, problem: (value: T) => string | undefined): void {
  if (value !== undefined) requireSetting(option, value, problem);
}
