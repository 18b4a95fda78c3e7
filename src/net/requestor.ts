import { Association, DEFAULT_MAX_PDU, localUserInformation, type AssociationTimers } from './association.js';
import { APPLICATION_CONTEXT_NAME, PDU_ASSOCIATE_RQ, RejectReason, RejectSource, type RoleSelection, type ExtendedNegotiation, type UserIdentityRq } from './pdu.js';
import { hostPort, openConnection, type TlsSettings } from './transport.js';
import { NetError, type PeerPduFields } from './errors.js';
import { checkPeerOptions } from './peer-options.js';
import { checkSetting, windowProblem } from './setting-ranges.js';
import { describeIdentity } from './user-identity.js';

/** A presentation context to propose: one abstract syntax with the transfer syntaxes acceptable for it. */
export interface ProposedContext {
  abstractSyntax: string;
  transferSyntaxes: string[];
}

export interface PeerOptions {
  host: string;
  port: number;
  /** Our AE title (default TBPDICOM). */
  callingAeTitle?: string;
  /** The peer's AE title (default ANY-SCP). */
  calledAeTitle?: string;
  tls?: TlsSettings;
  /** Largest PDU we accept, as announced (default 256 KiB): 4096 bytes to 64 MiB, the most any PDU may have, or 0 for that most. */
  maxPduLength?: number;
  /** Connection timeout (ms, default 15 s). */
  connectTimeout?: number;
  timers?: Partial<AssociationTimers>;
  /** Called with log lines from the association. */
  log?: (level: string, message: string) => void;
  /**
   * Who we act for (user identity negotiation, PS3.7 D.3.3.7; `usernameIdentity` makes one). When it asks for a
   * positive response, an association accepted without one fails.
   */
  userIdentity?: UserIdentityRq;
}

export interface AssociationRequest extends PeerOptions {
  contexts: ProposedContext[];
  roles?: RoleSelection[];
  extended?: ExtendedNegotiation[];
  /** An asynchronous operations window to propose (PS3.7 D.3.3.3): each a whole number from 0 (no limit) to 65535. */
  asyncOps?: { maxInvoked: number; maxPerformed: number };
}

export const DEFAULT_CALLING_AE = 'TBPDICOM';
export const DEFAULT_CALLED_AE = 'ANY-SCP';

/**
 * The part of our request a rejection refuses, named, to add to its message: the AE title it does not recognize (which
 * the rejection does not say, and a PACS such as Orthanc rejects a calling AE title it has not been told of), or else
 * the identity given, for a rejection without a reason (a refused identity gets none).
 */
function refusedPart(rj: PeerPduFields | undefined, calling: string, called: string, identity: UserIdentityRq | undefined): string | undefined {
  if (rj?.source === RejectSource.ServiceUser && rj.reason === RejectReason.CallingAeNotRecognized) {
    return `: the peer does not know our AE title "${calling}" (--aet): it must be configured there (its list of known AE titles), or give the one it knows`;
  }
  if (rj?.source === RejectSource.ServiceUser && rj.reason === RejectReason.CalledAeNotRecognized) return `: "${called}" (--aec) is not the peer's AE title`;
  return identity && ` (the request gave ${describeIdentity(identity)})`;
}

/**
 * Connects and negotiates an association; rejects with a NetError on refusal, rejection, abort or timeout, and with a
 * DicomError (INVALID_ARGUMENT) before connecting when the settings could reach no peer (checkPeerOptions).
 */
export async function requestAssociation(req: AssociationRequest): Promise<Association> {
  checkPeerOptions(req);
  checkSetting('asyncOps.maxInvoked', req.asyncOps?.maxInvoked, windowProblem);
  checkSetting('asyncOps.maxPerformed', req.asyncOps?.maxPerformed, windowProblem);
  if (req.contexts.length === 0) throw new NetError('PROTOCOL', 'no presentation context to propose');
  if (req.contexts.length > 128) throw new NetError('PROTOCOL', `${req.contexts.length} presentation contexts proposed; at most 128 fit in one association`);
  const calling = (req.callingAeTitle ?? DEFAULT_CALLING_AE).trim();
  const called = (req.calledAeTitle ?? DEFAULT_CALLED_AE).trim();
  const maxPdu = req.maxPduLength ?? DEFAULT_MAX_PDU;
  const socket = await openConnection(req.host, req.port, req.connectTimeout ?? 15_000, req.tls);
  const assoc = new Association(socket, 'requestor', { timers: req.timers, limits: { maxPduLength: maxPdu } });
  if (req.log) assoc.on('log', req.log);
  const identity = req.userIdentity;
  await assoc.establish({
    type: PDU_ASSOCIATE_RQ,
    protocolVersion: 1,
    calledAeTitle: called,
    callingAeTitle: calling,
    applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: req.contexts.map((c, i) => ({ id: 2 * i + 1, abstractSyntax: c.abstractSyntax, transferSyntaxes: c.transferSyntaxes })),
    user: localUserInformation(maxPdu, { roles: req.roles ?? [], extended: req.extended ?? [], userIdentity: identity, asyncOps: req.asyncOps }),
  }).catch((e: unknown) => {
    if (!(e instanceof NetError) || e.kind !== 'REJECTED') throw e;
    const named = refusedPart(e.pdu, calling, called, identity);
    throw named ? new NetError('REJECTED', e.message + named, e.peer, e, e.pdu) : e;
  });
  if (identity?.positiveResponseRequested && assoc.peerUser.userIdentityResponse === undefined) {
    // PS3.7 D.3.3.7: an acceptor that does not support user identities accepts without a response; the requestor
    // that asked for one decides, and we do not go on unconfirmed.
    assoc.abort();
    const peer = hostPort(req.host, req.port);
    throw new NetError('IDENTITY', `${peer} accepted the association without confirming the user identity (${describeIdentity(identity)}), although a positive response was requested: it may not support user identity negotiation`, peer);
  }
  return assoc;
}
