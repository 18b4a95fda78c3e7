import { DicomError } from '../core/errors.js';

/** What went wrong on the network, more precisely than DicomError's code (which is 'IO' for all of these). */
export type NetErrorKind =
  | 'CONNECT_FAILED'
  | 'TIMEOUT'
  | 'REJECTED'
  | 'ABORTED'
  | 'CLOSED'
  | 'PROTOCOL'
  | 'NO_CONTEXT'
  | 'TLS'
  /** The acceptor did not confirm the user identity a positive response was requested for. */
  | 'IDENTITY';

/** A network failure: a DicomError (code 'IO') with the kind of failure and, when known, the peer. */
export class NetError extends DicomError {
  constructor(
    readonly kind: NetErrorKind,
    message: string,
    readonly peer?: string,
    cause?: unknown,
  ) {
    super('IO', message, cause === undefined ? {} : { cause });
    this.name = 'NetError';
  }
}
