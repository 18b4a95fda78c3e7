import { DicomError } from '../core/errors.js';

/**
 * What went wrong on the network, more precisely than DicomError's code (which is 'IO' for all of these); stable, as
 * `echo --json` gives it for a script to tell failures apart (network.md).
 */
export type NetErrorKind =
  /** Nothing listens at the port (ECONNREFUSED). */
  | 'CONNECTION_REFUSED'
  /** The host name does not resolve (ENOTFOUND, EAI_AGAIN). */
  | 'HOST_NOT_FOUND'
  /** Any other failure to connect (no route to the host …), or to listen. */
  | 'CONNECT_FAILED'
  /** No connection, no answer to the association request, or no response, in the time allowed. */
  | 'TIMEOUT'
  /** A-ASSOCIATE-RJ: `pdu` has its result, source and reason. */
  | 'REJECTED'
  /** A-ABORT: `pdu` has its source and reason when the peer sent it. */
  | 'ABORTED'
  | 'CLOSED'
  | 'PROTOCOL'
  | 'NO_CONTEXT'
  | 'TLS'
  /** The acceptor did not confirm the user identity a positive response was requested for. */
  | 'IDENTITY';

/** The fields of the A-ASSOCIATE-RJ (result, source, reason) or A-ABORT (source, reason) a peer sent, as PS3.8 9.3 numbers them. */
export interface PeerPduFields {
  result?: number;
  source: number;
  reason: number;
}

/** A network failure: a DicomError (code 'IO') with the kind of failure and, when known, the peer. */
export class NetError extends DicomError {
  constructor(
    readonly kind: NetErrorKind,
    message: string,
    readonly peer?: string,
    cause?: unknown,
    /** The rejection or abort the peer sent, for REJECTED and ABORTED. */
    readonly pdu?: PeerPduFields,
  ) {
    super('IO', message, cause === undefined ? {} : { cause });
    this.name = 'NetError';
  }
}

/** The kind of a failed connection attempt, by the system's code. */
export function connectFailureKind(code: string | undefined): NetErrorKind {
  if (code === 'ECONNREFUSED') return 'CONNECTION_REFUSED';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return 'HOST_NOT_FOUND';
  if (code === 'ETIMEDOUT') return 'TIMEOUT';
  return 'CONNECT_FAILED';
}
