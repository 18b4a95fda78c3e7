import { CommandField, NO_DATA_SET } from './command.js';
import { requestAssociation, type PeerOptions } from './requestor.js';
import { VERIFICATION_SOP_CLASS } from './server.js';
import { statusCategory, statusMeaning, type StatusCategory } from './status.js';
import { IMPLICIT_VR_LE, EXPLICIT_VR_LE } from '../io/transfer-syntax.js';
import { hostPort } from './transport.js';
import { givenSettings } from './setting-ranges.js';

export interface EchoResult {
  host: string;
  port: number;
  calledAeTitle: string;
  status: number;
  category: StatusCategory;
  meaning: string;
  errorComment?: string;
  /** Time from connect to the release (ms). */
  elapsedMs: number;
  peerImplementationClassUid: string;
  peerImplementationVersionName?: string;
  peerMaxPduLength: number;
  tls: boolean;
}

/** Verifies connectivity (C-ECHO, PS3.4 Annex A): associates, echoes, releases. Throws NetError if no association. */
export async function echo(options: PeerOptions): Promise<EchoResult> {
  const started = performance.now();
  const assoc = await requestAssociation({
    ...options,
    contexts: [{ abstractSyntax: VERIFICATION_SOP_CLASS, transferSyntaxes: [IMPLICIT_VR_LE, EXPLICIT_VR_LE] }],
    timers: { dimse: 30_000, ...givenSettings(options.timers ?? {}) },
  });
  try {
    const ctx = assoc.findContext(VERIFICATION_SOP_CLASS);
    if (!ctx) {
      const { NetError } = await import('./errors.js');
      throw new NetError('NO_CONTEXT', `${hostPort(options.host, options.port)} did not accept the Verification SOP Class`);
    }
    const rsp = await assoc.request(ctx.id, { commandField: CommandField.C_ECHO_RQ, affectedSopClassUid: VERIFICATION_SOP_CLASS, commandDataSetType: NO_DATA_SET });
    const status = rsp.command.status ?? 0xffff;
    await assoc.release();
    return {
      host: options.host,
      port: options.port,
      calledAeTitle: assoc.calledAeTitle,
      status,
      category: statusCategory(status),
      meaning: statusMeaning(status, 'C-ECHO'),
      errorComment: rsp.command.errorComment,
      elapsedMs: performance.now() - started,
      peerImplementationClassUid: assoc.peerUser.implementationClassUid,
      peerImplementationVersionName: assoc.peerUser.implementationVersionName,
      peerMaxPduLength: assoc.peerUser.maxPduLength,
      tls: options.tls !== undefined,
    };
  } finally {
    if (assoc.state !== 'Sta1') assoc.abort();
  }
}
