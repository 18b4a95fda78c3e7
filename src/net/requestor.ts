import { Association, DEFAULT_MAX_PDU, localUserInformation, type AssociationTimers } from './association.js';
import { APPLICATION_CONTEXT_NAME, PDU_ASSOCIATE_RQ, type RoleSelection, type ExtendedNegotiation, type UserIdentityRq } from './pdu.js';
import { openConnection, type TlsSettings } from './transport.js';
import { NetError } from './errors.js';
import { checkAeTitle } from './ae-title.js';

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
  /** Largest PDU we accept (announced). */
  maxPduLength?: number;
  /** Connection timeout (ms, default 15 s). */
  connectTimeout?: number;
  timers?: Partial<AssociationTimers>;
  /** Called with log lines from the association. */
  log?: (level: string, message: string) => void;
}

export interface AssociationRequest extends PeerOptions {
  contexts: ProposedContext[];
  roles?: RoleSelection[];
  extended?: ExtendedNegotiation[];
  userIdentity?: UserIdentityRq;
  asyncOps?: { maxInvoked: number; maxPerformed: number };
}

export const DEFAULT_CALLING_AE = 'TBPDICOM';
export const DEFAULT_CALLED_AE = 'ANY-SCP';


/** Connects and negotiates an association; rejects with a NetError on refusal, rejection, abort or timeout. */
export async function requestAssociation(req: AssociationRequest): Promise<Association> {
  if (req.contexts.length === 0) throw new NetError('PROTOCOL', 'no presentation context to propose');
  if (req.contexts.length > 128) throw new NetError('PROTOCOL', `${req.contexts.length} presentation contexts proposed; at most 128 fit in one association`);
  const calling = checkAeTitle(req.callingAeTitle ?? DEFAULT_CALLING_AE, 'calling AE title');
  const called = checkAeTitle(req.calledAeTitle ?? DEFAULT_CALLED_AE, 'called AE title');
  const maxPdu = req.maxPduLength ?? DEFAULT_MAX_PDU;
  const socket = await openConnection(req.host, req.port, req.connectTimeout ?? 15_000, req.tls);
  const assoc = new Association(socket, 'requestor', { timers: req.timers, limits: { maxPduLength: maxPdu } });
  if (req.log) assoc.on('log', req.log);
  await assoc.establish({
    type: PDU_ASSOCIATE_RQ,
    protocolVersion: 1,
    calledAeTitle: called,
    callingAeTitle: calling,
    applicationContext: APPLICATION_CONTEXT_NAME,
    contexts: req.contexts.map((c, i) => ({ id: 2 * i + 1, abstractSyntax: c.abstractSyntax, transferSyntaxes: c.transferSyntaxes })),
    user: localUserInformation(maxPdu, { roles: req.roles ?? [], extended: req.extended ?? [], userIdentity: req.userIdentity, asyncOps: req.asyncOps }),
  });
  return assoc;
}
