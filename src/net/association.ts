/**
 * One DICOM association over one TCP (or TLS) connection: the PS3.8 upper layer state machine for both the
 * requestor and the acceptor, ARTIM and idle timers, PDV fragmentation to the peer's maximum length, and the
 * assembly of DIMSE messages (command set, then data set streamed to a sink as it arrives).
 *
 * Whatever arrives from the peer, the association never throws out of an event handler: an invalid PDU, a PDU
 * that is not allowed in the current state or a malformed command aborts the association (A-ABORT) and closes it.
 */
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { closeSync, openSync, readSync } from 'node:fs';
import { readFully } from '../io/byte-source.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../core/implementation.js';
import {
  AbortReason, AbortSource, APPLICATION_CONTEXT_NAME, ContextResult, PDU_ABORT, PDU_ASSOCIATE_AC, PDU_ASSOCIATE_RJ,
  PDU_ASSOCIATE_RQ, PDU_DATA_TF, PDU_RELEASE_RP, PDU_RELEASE_RQ, PduError, dataTfHeader, decodePdu, describeAbort,
  describeReject, emptyUserInformation, encodePdu,
  type AssociateAc, type AssociateRj, type AssociateRq, type DataTf, type Pdu, type PresentationContextAc,
  type PresentationContextRq, type UserInformation,
} from './pdu.js';
import { HARD_PDU_CAP, PduFramer, type FrameEvent } from './framer.js';
import { CommandError, decodeCommand, encodeCommand, hasDataSet, isResponse, commandName, type Command } from './command.js';
import { statusCategory } from './status.js';
import { NetError } from './errors.js';
import { RELEASE_THEN_CLOSED, closedHint, describeFailure, tlsHint } from './connection-hints.js';
import { hostPort } from './transport.js';
import { peerUid } from './peer-text.js';
import {
  associatePduProblem, checkSetting, commandLengthProblem, givenSettings, inMemoryDataSetProblem, pduLengthProblem, refuseUnknownSettings, timeoutProblem,
} from './setting-ranges.js';

/** PS3.8 states (Sta1 … Sta13). */
export type State =
  | 'Sta1' | 'Sta2' | 'Sta3' | 'Sta4' | 'Sta5' | 'Sta6' | 'Sta7' | 'Sta8' | 'Sta9' | 'Sta10' | 'Sta11' | 'Sta12' | 'Sta13';

export interface AssociationTimers {
  /** ARTIM (ms): waiting for A-ASSOCIATE-RQ after accepting a connection, for A-ASSOCIATE-AC, for the peer to close. */
  artim: number;
  /** Longest silence from the peer while established (ms); 0 = none. */
  idle: number;
  /** Longest wait for a DIMSE response, or for the peer to read what we sent (ms); 0 = none. */
  dimse: number;
}

export const DEFAULT_TIMERS: AssociationTimers = { artim: 30_000, idle: 0, dimse: 0 };

/** Refuses timers that are none (a misspelt name) or out of range, naming each (`timers.dimse`): a requestor's or an association's. */
export function checkTimers(timers: Partial<AssociationTimers> = {}): void {
  refuseUnknownSettings('timers', timers, Object.keys(DEFAULT_TIMERS));
  for (const [name, ms] of Object.entries(timers)) checkSetting(`timers.${name}`, ms, timeoutProblem);
}

/** Largest P-DATA-TF PDU we announce by default (bytes). */
export const DEFAULT_MAX_PDU = 256 * 1024;

/** What an association takes from its peer (bytes); each out of its range is refused when the association is made. */
export interface AssociationLimits {
  /** The maximum PDU length we announce and enforce on receipt: 0 (the most the framer takes) or 4096 to 64 MiB. */
  maxPduLength: number;
  /** Largest command set accepted: 1024 to the largest buffer. */
  maxCommandLength: number;
  /** Largest data set held in memory by the default sink (C-FIND identifiers …): 0 (none) to the largest buffer. */
  maxDataSetInMemory: number;
  /** Largest A-ASSOCIATE PDU accepted: 4096 to 64 MiB. */
  maxAssociatePdu: number;
}

export const DEFAULT_LIMITS: AssociationLimits = {
  maxPduLength: DEFAULT_MAX_PDU,
  maxCommandLength: 1024 * 1024,
  maxDataSetInMemory: 64 * 1024 * 1024,
  maxAssociatePdu: 1024 * 1024,
};

/** The range of each limit (setting-ranges.ts): a limit added here needs one. */
const LIMIT_RANGES: { [K in keyof AssociationLimits]: (n: number) => string | undefined } = {
  maxPduLength: pduLengthProblem,
  maxCommandLength: commandLengthProblem,
  maxDataSetInMemory: inMemoryDataSetProblem,
  maxAssociatePdu: associatePduProblem,
};

/** An association's timers and limits; each left out or given as undefined takes its default. */
export interface AssociationOptions {
  timers?: Partial<AssociationTimers>;
  limits?: Partial<AssociationLimits>;
}

/**
 * Refuses timers and limits out of their ranges (DicomError INVALID_ARGUMENT naming the option), as a requestor's and a
 * server's settings are: an association made on a caller's own socket gets them straight.
 */
function checkAssociationOptions(o: AssociationOptions): void {
  checkTimers(o.timers);
  const limits = o.limits ?? {};
  refuseUnknownSettings('limits', limits, Object.keys(LIMIT_RANGES));
  for (const name of Object.keys(LIMIT_RANGES) as (keyof AssociationLimits)[]) checkSetting(`limits.${name}`, limits[name], LIMIT_RANGES[name]);
}

/** A negotiated presentation context. */
export interface PresentationContext {
  id: number;
  abstractSyntax: string;
  /** The accepted transfer syntax ('' when rejected). */
  transferSyntax: string;
  result: ContextResult;
}

/** Receives a data set as it arrives; `end` returns what the message carries as its data. */
export interface DataSink {
  /** A piece of the data set: valid only during the call (it may be a view on a reused buffer); copy what is kept. */
  write(chunk: Buffer): void;
  end(): unknown;
  /** The message will not complete (abort, close): release what the sink holds. */
  discard(reason: string): void;
}

/** A complete DIMSE message. `data` is what the sink's `end` returned (a Buffer for the default sink). */
export interface DimseMessage {
  contextId: number;
  command: Command;
  data?: unknown;
}

/** What can be sent as a data set: bytes, a region of a file (streamed, never loaded whole), or chunks. */
export type DataSource =
  | Buffer
  | { path: string; offset: number; length: number }
  | AsyncIterable<Buffer>;

/** Chooses where an incoming data set goes, once its command has arrived. */
export type SinkFactory = (contextId: number, command: Command, assoc: Association) => DataSink | undefined;
/** Handles an incoming request (the acceptor's services, or sub-operations on the requestor). */
export type RequestHandler = (message: DimseMessage, assoc: Association) => Promise<void> | void;

export interface CloseInfo {
  /**
   * How the association ended; `closed`: the peer closed the connection where PS3.8 lets it (before sending any
   * request, or, an acceptor's peer none of whose presentation contexts was accepted, having nothing to ask), or
   * after our last word.
   */
  how: 'released' | 'aborted' | 'rejected' | 'closed' | 'error';
  /** What ended it, in words, when that was not a release (a close where PS3.8 lets the peer close says so too). */
  error?: Error;
  /** For debugging: the PS3.8 state (Sta2 … Sta13) it ended in. */
  state?: State;
}

interface PendingRequest {
  resolve: (m: DimseMessage) => void;
  reject: (e: Error) => void;
  onPending?: (m: DimseMessage) => void;
  timer?: NodeJS.Timeout;
}

class MemorySink implements DataSink {
  private parts: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  write(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > this.limit) throw new PduError(`data set larger than ${this.limit} bytes`, AbortReason.NotSpecified);
    this.parts.push(Buffer.from(chunk));
  }
  end(): Buffer {
    return Buffer.concat(this.parts, this.size);
  }
  discard(): void {
    this.parts = [];
  }
}

/**
 * The association; created by `requestAssociation` (requestor) or by a server for each accepted connection
 * (acceptor). Events: 'closed' (CloseInfo), 'log' (level, message), 'state' (previous, next: each change of state).
 */
export class Association extends EventEmitter {
  private stateNow: State = 'Sta1';
  /** The PS3.8 state; each change is emitted ('state'), for a server to count its connections by state as they go. */
  get state(): State {
    return this.stateNow;
  }
  private set state(next: State) {
    const previous = this.stateNow;
    if (next === previous) return;
    this.stateNow = next;
    this.emit('state', previous, next);
  }
  readonly role: 'requestor' | 'acceptor';
  callingAeTitle = '';
  calledAeTitle = '';
  /** Negotiated contexts by id. */
  readonly contexts = new Map<number, PresentationContext>();
  /** The peer's user information (maximum length, implementation, roles …). */
  peerUser: UserInformation = emptyUserInformation();
  /** Ours as sent. */
  localUser: UserInformation = emptyUserInformation();
  /** The A-ASSOCIATE-RQ as received (acceptor) or sent (requestor). */
  associateRq?: AssociateRq;
  /** Acceptor: the user the requestor's user identity named, once the server accepted it (types 1 and 2). */
  username?: string;
  readonly peerAddress: string;

  sinkFactory?: SinkFactory;
  requestHandler?: RequestHandler;
  /** Acceptor: decides on an A-ASSOCIATE-RQ. Returns the AC to send, or an RJ. */
  acceptor?: (rq: AssociateRq, assoc: Association) => AssociateAc | AssociateRj | Promise<AssociateAc | AssociateRj>;

  private readonly framer: PduFramer;
  private readonly timers: AssociationTimers;
  private readonly limits: AssociationLimits;
  private artimTimer?: NodeJS.Timeout;
  private idleTimer?: NodeJS.Timeout;
  private closeTimer?: NodeJS.Timeout;
  private closedInfo?: CloseInfo;
  private readonly closedPromise: Promise<CloseInfo>;
  private resolveClosed!: (info: CloseInfo) => void;
  private establishedWaiters?: { resolve: () => void; reject: (e: Error) => void };
  private releaseWaiter?: { resolve: () => void; reject: (e: Error) => void };

  // message assembly
  private commandParts: Buffer[] = [];
  private commandSize = 0;
  private commandContext = -1;
  private current?: { contextId: number; command: Command; sink: DataSink };
  /** Requests waiting for the handler, with the sink that holds their data set (discarded if they never run). */
  private readonly inbox: { message: DimseMessage; sink?: DataSink }[] = [];
  /** Request handlers running (up to the negotiated asynchronous operations window, see `performWindow`). */
  private running = 0;
  private releaseRequested = false;

  // sending
  private sendChain: Promise<void> = Promise.resolve();
  private nextMessageId = 1;
  private readonly pending = new Map<number, PendingRequest>();

  constructor(
    readonly socket: Socket,
    role: 'requestor' | 'acceptor',
    options: AssociationOptions = {},
  ) {
    super();
    // Before the socket is touched: a refused association leaves it as it was.
    checkAssociationOptions(options);
    this.role = role;
    this.timers = { ...DEFAULT_TIMERS, ...givenSettings(options.timers ?? {}) };
    this.limits = { ...DEFAULT_LIMITS, ...givenSettings(options.limits ?? {}) };
    this.framer = new PduFramer(
      { maxDataPdu: this.limits.maxPduLength, maxAssociatePdu: this.limits.maxAssociatePdu },
      () => this.state === 'Sta6' || this.state === 'Sta7',
    );
    this.peerAddress = hostPort(socket.remoteAddress, socket.remotePort);
    this.closedPromise = new Promise((resolve) => (this.resolveClosed = resolve));
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (e) => this.onSocketError(e));
    socket.on('close', () => this.onSocketClose());
    socket.on('end', () => {
      this.peerEnded = true;
      // What it sent before, held while a handler ran (an A-RELEASE-RQ), is processed first; pump then ends our side.
      if (!this.paused) this.pump();
    });
    if (role === 'acceptor') {
      this.state = 'Sta2';
      this.startArtim();
    } else {
      this.state = 'Sta5';
    }
  }

  /** Resolves when the connection is closed, however that happened. */
  get closed(): Promise<CloseInfo> {
    return this.closedPromise;
  }

  /** No message is being received or handled: aborting now loses nothing that was started. */
  get quiescent(): boolean {
    return !this.current && this.running === 0 && this.inbox.length === 0 && this.commandParts.length === 0;
  }

  /** Set by `abortOnceAnswered`: a request that starts arriving after it is left unread. */
  private stopping = false;
  /** A request arrived after `abortOnceAnswered` and is left unread: nothing more is processed. */
  private holding = false;

  /**
   * Aborts the association (A-ABORT, service user) once every request received, or being received, has been answered,
   * taking no request that starts after this call: a shutdown. An acceptor cannot release (PS3.8 7.2), and a requestor
   * that sends one request after another, or several at once, is never seen between messages from outside.
   */
  abortOnceAnswered(): void {
    this.stopping = true;
    this.abortIfAnswered();
  }

  /** After `abortOnceAnswered`, aborts once nothing is left to answer (not while a peer's release is being answered). */
  private abortIfAnswered(): boolean {
    if (!this.stopping || !this.quiescent || this.state === 'Sta8') return false;
    this.abort();
    return true;
  }

  get isOpen(): boolean {
    return this.state === 'Sta6';
  }

  /** Why the association ended, once it has (an abort by either side, the connection lost …); none after a release. */
  get endError(): Error | undefined {
    return (this.closedInfo ?? this.pendingHow)?.error;
  }

  /** The largest PDV fragment the peer accepts. */
  get maxFragment(): number {
    const max = this.peerUser.maxPduLength;
    // 0 means no limit: still send PDUs of a sensible size. A smaller maximum is kept to, however small: the decoder
    // refused one with no room for 2 bytes after the PDV header (MIN_PEER_PDU_LENGTH).
    // Even: every PDV of a data set holds an even number of bytes (dcmtk refuses others), also when a peer announces
    // an odd maximum.
    return (max === 0 || max > 4 * 1024 * 1024 ? 4 * 1024 * 1024 - 6 : max - 6) & ~1;
  }

  private log(level: 'info' | 'warn' | 'debug', message: string): void {
    if (this.listenerCount('log') > 0) this.emit('log', level, message);
  }

  // ---- timers -----------------------------------------------------------------------------------------------------

  private startArtim(): void {
    this.stopArtim();
    if (this.timers.artim > 0) {
      this.artimTimer = setTimeout(() => this.onArtimExpired(), this.timers.artim);
      this.artimTimer.unref?.();
    }
  }

  private stopArtim(): void {
    if (this.artimTimer) clearTimeout(this.artimTimer);
    this.artimTimer = undefined;
  }

  private onArtimExpired(): void {
    this.artimTimer = undefined;
    if (this.state === 'Sta5') {
      this.abortInternal(AbortSource.ServiceUser, AbortReason.NotSpecified, new NetError('TIMEOUT', `no answer to the association request from ${this.peerAddress} within ${this.timers.artim} ms`, this.peerAddress));
      return;
    }
    // Sta13: the peer does not close after our last word, which says how the association ended (and why, an abort).
    if (this.state === 'Sta13') return this.destroy(this.pendingHow ?? { how: 'closed' });
    // Sta2 (no A-ASSOCIATE-RQ): close the transport.
    this.destroy({ how: 'error', error: this.state === 'Sta2' ? new NetError('TIMEOUT', `no A-ASSOCIATE-RQ from ${this.peerAddress} within ${this.timers.artim} ms`) : undefined });
  }

  private pendingHow?: CloseInfo;

  private touchIdle(): void {
    if (this.timers.idle <= 0 || this.state !== 'Sta6') return;
    if (this.idleTimer) this.idleTimer.refresh();
    else {
      this.idleTimer = setTimeout(() => {
        this.idleTimer = undefined;
        if (this.running > 0 || this.state !== 'Sta6') return this.touchIdle();
        this.abortInternal(AbortSource.ServiceProvider, AbortReason.NotSpecified, new NetError('TIMEOUT', `association idle for ${this.timers.idle} ms`, this.peerAddress));
      }, this.timers.idle);
      this.idleTimer.unref?.();
    }
  }

  // ---- receiving --------------------------------------------------------------------------------------------------

  private paused = false;

  private onData(chunk: Buffer): void {
    this.receive(chunk, false);
  }

  /**
   * Bytes from the peer. `transient`: the caller reuses the buffer once this returns (a socket reading into one
   * buffer), so nothing may keep a view on it: what the framer still holds is copied.
   */
  receive(chunk: Buffer, transient = false): void {
    if (this.state === 'Sta1') return;
    this.framer.push(chunk);
    if (this.state === 'Sta6') this.touchIdle();
    if (this.paused && !this.socketPaused) {
      // Bytes arrived while a request is being handled: stop reading until it is done (at most this chunk waits).
      this.socketPaused = true;
      this.socket.pause();
    }
    this.pump();
    if (transient) this.framer.detach();
  }

  /** Processes PDUs (P-DATA-TF as their PDVs stream in) until more bytes are needed or a request handler is running. */
  private pump(): void {
    try {
      while (!this.paused && this.state !== 'Sta1') {
        const ev = this.framer.nextEvent();
        if (!ev) return this.endAfterPeer();
        if (ev.kind !== 'pdu') {
          if (this.state !== 'Sta13') this.onPdvEvent(ev);
          continue;
        }
        if (this.state === 'Sta13') {
          if (ev.type === PDU_ABORT) return this.destroy(this.pendingHow ?? { how: 'closed' });
          continue; // AA-6: ignore anything else while waiting for the close
        }
        const pdu = decodePdu(ev.type, ev.body);
        this.handlePdu(pdu);
      }
    } catch (e) {
      if (e instanceof PduError) this.abortInternal(AbortSource.ServiceProvider, e.reason, new NetError('PROTOCOL', e.message, this.peerAddress));
      else if (e instanceof CommandError) this.abortInternal(AbortSource.ServiceProvider, AbortReason.InvalidPduParameterValue, new NetError('PROTOCOL', e.message, this.peerAddress));
      else this.abortInternal(AbortSource.ServiceProvider, AbortReason.NotSpecified, e instanceof Error ? e : new Error(String(e)));
    }
  }

  private unexpected(pdu: Pdu): void {
    const names: Record<number, string> = { 1: 'A-ASSOCIATE-RQ', 2: 'A-ASSOCIATE-AC', 3: 'A-ASSOCIATE-RJ', 4: 'P-DATA-TF', 5: 'A-RELEASE-RQ', 6: 'A-RELEASE-RP', 7: 'A-ABORT' };
    throw new PduError(`unexpected ${names[pdu.type]} ${UNEXPECTED_WHEN[this.state]}`, AbortReason.UnexpectedPdu);
  }

  private handlePdu(pdu: Pdu): void {
    if (pdu.type === PDU_ABORT) {
      // AA-3: the peer aborted.
      const error = new NetError('ABORTED', describeAbort(pdu), this.peerAddress, undefined, { source: pdu.source, reason: pdu.reason });
      if (this.state !== 'Sta13') this.log('warn', error.message);
      this.establishedWaiters?.reject(error);
      this.destroy({ how: 'aborted', error });
      return;
    }
    switch (this.state) {
      case 'Sta2':
        if (pdu.type !== PDU_ASSOCIATE_RQ) return this.unexpected(pdu);
        this.stopArtim();
        this.state = 'Sta3';
        void this.onAssociateRq(pdu);
        return;
      case 'Sta3':
        return this.unexpected(pdu);
      case 'Sta5':
        if (pdu.type === PDU_ASSOCIATE_AC) return this.onAssociateAc(pdu);
        if (pdu.type === PDU_ASSOCIATE_RJ) {
          const error = new NetError('REJECTED', describeReject(pdu), this.peerAddress, undefined, { result: pdu.result, source: pdu.source, reason: pdu.reason });
          this.stopArtim();
          this.establishedWaiters?.reject(error);
          this.destroy({ how: 'rejected', error });
          return;
        }
        return this.unexpected(pdu);
      case 'Sta6':
        if (pdu.type === PDU_DATA_TF) return this.onDataTf(pdu);
        if (pdu.type === PDU_RELEASE_RQ) {
          this.state = 'Sta8';
          this.releaseRequested = true;
          this.maybeAnswerRelease();
          return;
        }
        return this.unexpected(pdu);
      case 'Sta7':
        if (pdu.type === PDU_DATA_TF) return this.onDataTf(pdu);
        if (pdu.type === PDU_RELEASE_RP) {
          // AR-3: released.
          this.releaseWaiter?.resolve();
          this.destroy({ how: 'released' });
          return;
        }
        if (pdu.type === PDU_RELEASE_RQ) {
          // Release collision (AR-8).
          if (this.role === 'requestor') {
            this.state = 'Sta11';
            this.writeRaw(encodePdu({ type: PDU_RELEASE_RP }));
          } else {
            this.state = 'Sta10';
          }
          return;
        }
        return this.unexpected(pdu);
      case 'Sta8':
        // Waiting for our own release response; the peer may not send anything but an abort.
        return this.unexpected(pdu);
      case 'Sta10':
        if (pdu.type !== PDU_RELEASE_RP) return this.unexpected(pdu);
        this.state = 'Sta12';
        this.writeRaw(encodePdu({ type: PDU_RELEASE_RP }));
        this.releaseWaiter?.resolve();
        this.enterSta13({ how: 'released' });
        return;
      case 'Sta11':
        if (pdu.type !== PDU_RELEASE_RP) return this.unexpected(pdu);
        this.releaseWaiter?.resolve();
        this.destroy({ how: 'released' });
        return;
      default:
        return this.unexpected(pdu);
    }
  }

  private async onAssociateRq(rq: AssociateRq): Promise<void> {
    this.associateRq = rq;
    this.callingAeTitle = rq.callingAeTitle;
    this.calledAeTitle = rq.calledAeTitle;
    this.peerUser = rq.user;
    let answer: AssociateAc | AssociateRj;
    try {
      if (!this.acceptor) throw new Error('no acceptor configured');
      answer = await this.acceptor(rq, this);
    } catch (e) {
      this.log('warn', `association request from ${this.peerAddress} failed: ${(e as Error).message}`);
      answer = { type: PDU_ASSOCIATE_RJ, result: 2, source: 3, reason: 1 };
    }
    if (this.state !== 'Sta3') return;
    if (answer.type === PDU_ASSOCIATE_RJ) {
      this.writeRaw(encodePdu(answer));
      this.enterSta13({ how: 'rejected', error: new NetError('REJECTED', describeReject(answer), this.peerAddress) });
      return;
    }
    this.localUser = answer.user;
    for (const pc of answer.contexts) {
      const proposed = rq.contexts.find((c) => c.id === pc.id);
      this.contexts.set(pc.id, { id: pc.id, abstractSyntax: proposed?.abstractSyntax ?? '', transferSyntax: pc.result === ContextResult.Acceptance ? pc.transferSyntax : '', result: pc.result });
    }
    this.writeRaw(encodePdu(answer));
    this.state = 'Sta6';
    this.touchIdle();
    this.emit('established');
    this.pump();
  }

  private onAssociateAc(ac: AssociateAc): void {
    this.stopArtim();
    this.peerUser = ac.user;
    const proposed = this.associateRq?.contexts ?? [];
    for (const pc of ac.contexts) {
      const rq = proposed.find((c) => c.id === pc.id);
      if (!rq) throw new PduError(`A-ASSOCIATE-AC answers presentation context ${pc.id}, which was not proposed`, AbortReason.InvalidPduParameterValue);
      this.contexts.set(pc.id, { id: pc.id, abstractSyntax: rq.abstractSyntax, transferSyntax: pc.result === ContextResult.Acceptance ? pc.transferSyntax : '', result: pc.result });
    }
    this.state = 'Sta6';
    this.touchIdle();
    this.establishedWaiters?.resolve();
  }

  /** A whole P-DATA-TF (not streamed): its PDVs go the same way as streamed ones. */
  private onDataTf(pdu: DataTf): void {
    for (const pdv of pdu.pdvs) {
      this.onPdvEvent({ kind: 'pdv', contextId: pdv.contextId, command: pdv.command, last: pdv.last, length: pdv.data.length });
      if (pdv.data.length > 0) this.onPdvEvent({ kind: 'data', bytes: pdv.data });
      this.onPdvEvent({ kind: 'pdv-end' });
    }
  }

  /** The PDV being received. */
  private pdv?: { contextId: number; command: boolean; last: boolean };

  /** One step of a P-DATA-TF: a PDV starts, a piece of its value (a view valid only now), the PDV ends. */
  private onPdvEvent(ev: Exclude<FrameEvent, { kind: 'pdu' }>): void {
    if (ev.kind === 'pdv') {
      const pc = this.contexts.get(ev.contextId);
      if (!pc || pc.result !== ContextResult.Acceptance) {
        throw new PduError(`PDV on presentation context ${ev.contextId}, which was not accepted`, AbortReason.InvalidPduParameterValue);
      }
      if (ev.command) {
        if (this.stopping && !this.current && this.commandParts.length === 0) {
          // A new request after a shutdown began: left unread, and the association aborted once the others are answered.
          this.holding = this.paused = true;
          this.abortIfAnswered();
          return;
        }
        if (this.current) throw new PduError('command fragment while a data set was expected', AbortReason.UnexpectedPduParameter);
        if (this.commandParts.length > 0 && this.commandContext !== ev.contextId) {
          throw new PduError('command fragments on different presentation contexts', AbortReason.UnexpectedPduParameter);
        }
        this.commandContext = ev.contextId;
        this.commandSize += ev.length;
        if (this.commandSize > this.limits.maxCommandLength) throw new PduError(`command set longer than ${this.limits.maxCommandLength} bytes`, AbortReason.InvalidPduParameterValue);
      } else {
        const cur = this.current;
        if (!cur) throw new PduError('data set fragment without a command', AbortReason.UnexpectedPduParameter);
        if (cur.contextId !== ev.contextId) throw new PduError('data set fragment on another presentation context than its command', AbortReason.UnexpectedPduParameter);
      }
      this.pdv = { contextId: ev.contextId, command: ev.command, last: ev.last };
      return;
    }
    const pdv = this.pdv;
    if (!pdv) return;
    if (ev.kind === 'data') {
      // Command bytes are kept (copied: the view may be on a reused buffer); data set bytes go to the sink now.
      if (pdv.command) this.commandParts.push(Buffer.from(ev.bytes));
      else this.current!.sink.write(ev.bytes);
      return;
    }
    this.pdv = undefined;
    if (!pdv.last) return;
    if (pdv.command) {
      const bytes = this.commandParts.length === 1 ? this.commandParts[0]! : Buffer.concat(this.commandParts, this.commandSize);
      this.commandParts = [];
      this.commandSize = 0;
      const command = decodeCommand(bytes);
      if (!hasDataSet(command)) {
        this.deliver({ contextId: pdv.contextId, command });
        return;
      }
      const sink = this.sinkFactory?.(pdv.contextId, command, this) ?? new MemorySink(this.limits.maxDataSetInMemory);
      this.current = { contextId: pdv.contextId, command, sink };
      return;
    }
    const cur = this.current!;
    this.current = undefined;
    this.deliver({ contextId: cur.contextId, command: cur.command, data: cur.sink.end() }, cur.sink);
  }

  private deliver(message: DimseMessage, sink?: DataSink): void {
    const cmd = message.command;
    if (isResponse(cmd.commandField)) {
      const id = cmd.messageIdBeingRespondedTo ?? -1;
      const req = this.pending.get(id);
      if (!req) {
        this.log('warn', `${commandName(cmd.commandField)} answers message ${id}, which is not outstanding; ignored`);
        return;
      }
      // Only the services that have pending answers (C-FIND, C-GET, C-MOVE) wait past one; a C-STORE or C-ECHO answered
      // "pending" (which they do not have) is answered, with that status, rather than left waiting for the timeout.
      if (req.onPending && statusCategory(cmd.status ?? 0) === 'pending') {
        req.timer?.refresh();
        req.onPending(message);
        return;
      }
      this.pending.delete(id);
      if (req.timer) clearTimeout(req.timer);
      req.resolve(message);
      return;
    }
    this.inbox.push({ message, sink });
    this.runInbox();
  }

  /** The socket was paused because bytes came in while a handler ran. */
  private socketPaused = false;

  /**
   * How many requests from the peer are handled at once: the operations we allowed it to invoke in the
   * A-ASSOCIATE-AC's asynchronous operations window (PS3.7 D.3.3.3), else one (synchronous operation, the default).
   */
  private get performWindow(): number {
    return this.role === 'acceptor' ? windowOf(this.localUser.asyncOps?.maxInvoked) : 1;
  }

  /**
   * How many of our requests may be outstanding at once: one unless the A-ASSOCIATE-AC answered our proposed
   * asynchronous operations window; then the smaller of what we proposed to invoke and what the acceptor allows us to
   * invoke. Its maximum performed bounds the sub-operations we perform for it, not our requests (PS3.7 D.3.3.3).
   */
  get requestWindow(): number {
    const ac = this.peerUser.asyncOps;
    const proposed = this.localUser.asyncOps;
    if (this.role !== 'requestor' || !ac || !proposed) return 1;
    return Math.min(windowOf(proposed.maxInvoked, Infinity), windowOf(ac.maxInvoked, Infinity));
  }

  /**
   * Starts request handlers, up to the window; nothing more is processed while the window is full, and reading from
   * the socket pauses as soon as more bytes arrive meanwhile (a handler that completes without waiting for I/O costs
   * no pause/resume of the socket).
   */
  private runInbox(): void {
    while (this.inbox.length > 0 && this.running < this.performWindow && (this.state === 'Sta6' || this.state === 'Sta7' || this.state === 'Sta8')) {
      const { message } = this.inbox.shift()!;
      this.running++;
      this.paused = this.holding || this.running >= this.performWindow;
      void this.runHandler(message);
    }
  }

  private async runHandler(message: DimseMessage): Promise<void> {
    try {
      if (!this.requestHandler) throw new Error(`no handler for ${commandName(message.command.commandField)}`);
      await this.requestHandler(message, this);
    } catch (e) {
      if (this.state === 'Sta6' || this.state === 'Sta8') {
        this.abortInternal(AbortSource.ServiceProvider, AbortReason.NotSpecified, e instanceof Error ? e : new Error(String(e)));
      }
    } finally {
      this.running--;
      this.paused = this.holding || this.running >= this.performWindow;
      // A shutdown's abort follows the answer just sent, before the peer can start another request.
      if (!this.abortIfAnswered() && this.state !== 'Sta1') {
        if (this.socketPaused && !this.paused) {
          this.socketPaused = false;
          this.socket.resume();
        }
        this.touchIdle();
        this.runInbox();
        this.maybeAnswerRelease();
        // bytes that arrived meanwhile (a pipelining peer): process them on the next turn
        if (!this.paused && this.framer.pendingBytes > 0) setImmediate(() => this.pump());
        else this.endAfterPeer();
      }
    }
  }

  /**
   * Answers a peer's A-RELEASE-RQ once every request already received has been answered, and once the socket has been
   * read again: libuv stops reading a socket at a short read, so the end of the connection, when the peer closed it
   * right behind its request, is read on the next turn of the event loop, and the answer waits one turn past it. The
   * answer still goes to a peer that only ended its side and reads on, but the association did not end in an orderly
   * release (closedBeforeReply).
   */
  private maybeAnswerRelease(): void {
    if (this.state !== 'Sta8' || !this.releaseRequested || this.running > 0 || this.inbox.length > 0) return;
    this.releaseRequested = false;
    void this.sendChain.then(() => setImmediate(() => setImmediate(() => {
      if (this.state !== 'Sta8') return;
      this.writeRaw(encodePdu({ type: PDU_RELEASE_RP }));
      this.enterSta13(this.peerEnded ? this.closedBeforeReply() : { how: 'released' });
    })));
  }

  /** A peer that asked to release and closed the connection before our A-RELEASE-RP (RELEASE_THEN_CLOSED), logged. */
  private closedBeforeReply(): CloseInfo {
    this.log('warn', RELEASE_THEN_CLOSED);
    return { how: 'error', error: new NetError('CLOSED', `connection to ${this.peerAddress}: ${RELEASE_THEN_CLOSED}`, this.peerAddress) };
  }

  // ---- closing ----------------------------------------------------------------------------------------------------

  /** The peer ended its side of the connection: it sends nothing more, though it may still read. */
  private peerEnded = false;

  /**
   * Ends our side once the peer has ended its own and what it sent before is handled. A peer that half-closes right
   * after its A-RELEASE-RQ still reads: the responses it waits for and the A-RELEASE-RP go out first, and answering
   * the release ends our side (Sta13). Otherwise we have nothing more to say either.
   */
  private endAfterPeer(): void {
    if (!this.peerEnded || this.state === 'Sta8' || this.running > 0 || this.inbox.length > 0) return;
    this.peerEnded = false;
    if (this.state !== 'Sta13' && this.state !== 'Sta1') this.logPeerClosed();
    this.socket.end();
  }

  /**
   * Says that the peer closed the connection without releasing or aborting: a warning, unless PS3.8 lets it close
   * there (closeAllowed): for a requestor with nothing to ask, the warning that no context was accepted has said all
   * there is, and a connection that sent nothing (a port check) is no fault.
   */
  private logPeerClosed(): void {
    const meaning = this.closedMeaning();
    if (meaning) this.log(this.closeAllowed ? 'info' : 'warn', meaning);
  }

  /** Sta13: we said our last word; wait (ARTIM) for the peer to close, then close ourselves. */
  private enterSta13(info: CloseInfo): void {
    this.state = 'Sta13';
    this.pendingHow = info;
    this.clearIdle();
    if (this.role === 'requestor') {
      this.destroy(info);
      return;
    }
    this.socket.end();
    this.startArtim();
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  private abortInternal(source: AbortSource, reason: AbortReason, error: Error): void {
    if (this.state === 'Sta1' || this.state === 'Sta13') return;
    this.log('warn', `aborting association with ${this.peerAddress}: ${error.message}`);
    if (this.state !== 'Sta4') this.writeRaw(encodePdu({ type: PDU_ABORT, source, reason }));
    this.establishedWaiters?.reject(error);
    const info: CloseInfo = { how: 'aborted', error };
    this.failOutstanding(error);
    this.enterSta13(info);
    // An aborting requestor closes at once; an acceptor gives the peer a moment to read the A-ABORT.
  }

  /**
   * Closes at once a connection that is owed nothing, as the expiry of ARTIM would: one that has sent no A-ASSOCIATE-RQ
   * yet (Sta2), or one that has had our last word (Sta13) and whose peer does not close it, which keeps how it ended
   * (rejected, released, aborted). It has ended (Sta1) when this returns, not once its socket reports the close: a
   * server making room for several connections in one turn of the event loop closes a different one for each.
   */
  drop(why: string): void {
    if (this.state === 'Sta2') this.destroy({ how: 'error', error: new NetError('CLOSED', why, this.peerAddress) });
    else if (this.state === 'Sta13') this.destroy(this.pendingHow ?? { how: 'closed' });
    else return;
    this.socket.destroy();
  }

  /** Aborts the association (A-ABORT, service user) and closes the connection. */
  abort(): void {
    this.abortInternal(AbortSource.ServiceUser, AbortReason.NotSpecified, new NetError('ABORTED', 'association aborted locally', this.peerAddress));
  }

  /**
   * Aborts the association as its own timers do when a time limit runs out (A-ABORT, service provider, reason not
   * specified), `error` saying which: the log and the closed event say that.
   */
  abortForTimeout(error: NetError): void {
    this.abortInternal(AbortSource.ServiceProvider, AbortReason.NotSpecified, error);
  }

  private failOutstanding(error: Error): void {
    for (const [, req] of this.pending) {
      if (req.timer) clearTimeout(req.timer);
      req.reject(error);
    }
    this.pending.clear();
    if (this.current) {
      // The one object lost with the association: named, as the requestor may not say which it was sending.
      const { command } = this.current;
      this.log('warn', `${commandName(command.commandField)} ${command.affectedSopInstanceUid === undefined ? '(no Affected SOP Instance UID)' : peerUid(command.affectedSopInstanceUid)} not received whole, discarded: ${error.message}`);
      this.current.sink.discard(error.message);
      this.current = undefined;
    }
    this.pdv = undefined;
    this.releaseWaiter?.reject(error);
    this.releaseWaiter = undefined;
  }

  private destroy(info: CloseInfo): void {
    if (this.state === 'Sta1') return;
    this.closedInfo = { ...info, state: this.state };
    this.state = 'Sta1';
    this.stopArtim();
    this.clearIdle();
    const error = info.error ?? new NetError('CLOSED', `connection to ${this.peerAddress} closed`, this.peerAddress);
    this.failOutstanding(error);
    // Requests that arrived whole but will never be handled: their data (a temporary file) goes too.
    for (const queued of this.inbox.splice(0)) queued.sink?.discard(error.message);
    // Let queued writes (A-RELEASE-RP, A-ABORT) go out, then close. Once they are with the kernel, which delivers them
    // whether or not we are still running, the connection no longer keeps the process alive: a peer that never closes
    // its side does not hold a finished command for the 2 s below.
    this.socket.end(() => this.socket.unref());
    this.closeTimer = setTimeout(() => this.socket.destroy(), 2000);
    this.closeTimer.unref?.();
    if (this.socket.destroyed) this.finish();
  }

  private finished = false;
  private finish(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.closeTimer) clearTimeout(this.closeTimer);
    const info = this.closedInfo ?? { how: 'closed' };
    this.emit('closed', info);
    this.resolveClosed(info);
  }

  /** What the peer closing the connection now means, in words (PS3.8 states tell no one much). */
  private closedMeaning(): string | undefined {
    if (this.state === 'Sta1' || this.state === 'Sta13') return undefined;
    return this.nothingToAsk ? NOTHING_TO_ASK : closedHint(this.state, 'encrypted' in this.socket);
  }

  /**
   * An acceptor none of whose presentation contexts was accepted: its requestor has nothing to ask, and closing the
   * connection is how dcmtk's tools end such an association (findscu to a storage SCP).
   */
  private get nothingToAsk(): boolean {
    return this.role === 'acceptor' && this.state === 'Sta6' && ![...this.contexts.values()].some((c) => c.result === ContextResult.Acceptance);
  }

  /** The peer closed where PS3.8 lets it: before any request (AA-5), or with nothing to ask. */
  private get closeAllowed(): boolean {
    return this.state === 'Sta2' || this.nothingToAsk;
  }

  private onSocketError(e: Error & { code?: string }): void {
    // A reset, or a write to a connection the peer has closed, while its release request was being answered.
    if (this.state === 'Sta8' && (e.code === 'ECONNRESET' || e.code === 'EPIPE')) return this.destroy(this.closedBeforeReply());
    const tls = tlsHint(e.code);
    const reset = e.code === 'ECONNRESET' ? this.closedMeaning() : undefined;
    const hint = reset ?? tls;
    const err = new NetError(tls ? 'TLS' : 'CLOSED', `connection to ${this.peerAddress}: ${describeFailure(e, hint)}`, this.peerAddress, e);
    // Said in the log as a close without a reset is (logPeerClosed), before our last word.
    if (this.state !== 'Sta1' && this.state !== 'Sta13') this.log(reset && this.closeAllowed ? 'info' : 'warn', describeFailure(e, hint));
    this.establishedWaiters?.reject(err);
    if (this.state !== 'Sta1') this.destroy(this.state === 'Sta13' ? (this.pendingHow ?? { how: 'closed' }) : { how: reset && this.closeAllowed ? 'closed' : 'error', error: err });
  }

  private onSocketClose(): void {
    const meaning = this.closedMeaning();
    if (this.state === 'Sta13') this.destroy(this.pendingHow ?? { how: 'closed' });
    else if (this.state === 'Sta8') this.destroy(this.closedBeforeReply());
    else if (meaning) {
      const err = new NetError('CLOSED', `connection to ${this.peerAddress}: ${meaning}`, this.peerAddress);
      this.establishedWaiters?.reject(err);
      this.destroy({ how: this.closeAllowed ? 'closed' : 'error', error: err });
    }
    this.finish();
  }

  // ---- requestor ----------------------------------------------------------------------------------------------------

  /** Sends the A-ASSOCIATE-RQ and resolves once accepted (rejects on RJ, abort, close or ARTIM). */
  establish(rq: AssociateRq): Promise<void> {
    this.associateRq = rq;
    this.localUser = rq.user;
    this.callingAeTitle = rq.callingAeTitle;
    this.calledAeTitle = rq.calledAeTitle;
    return new Promise<void>((resolve, reject) => {
      this.establishedWaiters = { resolve, reject };
      this.writeRaw(encodePdu(rq));
      this.startArtim();
    }).finally(() => (this.establishedWaiters = undefined));
  }

  /** Releases the association (A-RELEASE-RQ) once everything queued has been sent; resolves when released. */
  async release(): Promise<void> {
    await this.sendChain.catch(() => undefined);
    if (this.state !== 'Sta6') {
      if (this.state === 'Sta1') return;
      throw new NetError('CLOSED', `cannot release the association with ${this.peerAddress}: ${notOpen(this.state)}`, this.peerAddress);
    }
    const done = new Promise<void>((resolve, reject) => (this.releaseWaiter = { resolve, reject }));
    this.state = 'Sta7';
    this.clearIdle();
    this.writeRaw(encodePdu({ type: PDU_RELEASE_RQ }));
    this.startArtim();
    try {
      await done;
    } finally {
      this.releaseWaiter = undefined;
    }
  }

  // ---- sending ------------------------------------------------------------------------------------------------------

  private writeRaw(b: Buffer): boolean {
    if (this.socket.destroyed || !this.socket.writable) return true;
    return this.socket.write(b);
  }

  /** Waits until the socket has room again (the peer reads), or fails after the DIMSE timeout or on close. */
  private drain(): Promise<void> {
    if (!this.socket.writableNeedDrain) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (e?: Error): void => {
        this.socket.off('drain', onDrain);
        this.socket.off('close', onClose);
        if (timer) clearTimeout(timer);
        if (e) reject(e);
        else resolve();
      };
      const onDrain = (): void => done();
      const onClose = (): void => done(new NetError('CLOSED', `connection to ${this.peerAddress} closed while sending`, this.peerAddress));
      this.socket.on('drain', onDrain);
      this.socket.on('close', onClose);
      const limit = this.timers.dimse || this.timers.idle;
      if (limit > 0) {
        timer = setTimeout(() => {
          const e = new NetError('TIMEOUT', `peer ${this.peerAddress} did not read for ${limit} ms`, this.peerAddress);
          done(e);
          this.abortInternal(AbortSource.ServiceProvider, AbortReason.NotSpecified, e);
        }, limit);
      }
    });
  }

  private checkSendable(contextId: number): void {
    if (this.state !== 'Sta6' && this.state !== 'Sta8') throw new NetError('CLOSED', `association with ${this.peerAddress} is not open: ${notOpen(this.state)}`, this.peerAddress);
    const pc = this.contexts.get(contextId);
    if (!pc || pc.result !== ContextResult.Acceptance) throw new NetError('NO_CONTEXT', `presentation context ${contextId} was not accepted`, this.peerAddress);
  }

  /**
   * Writes fragments of one PDV stream (command or data set), the last one flagged; holds one piece back. The caller
   * corks the socket around a message: `release` uncorks it once the first chunk has been queued, so a command and
   * the first data fragment (a whole small object) leave in one writev.
   */
  private async writeFragments(contextId: number, command: boolean, chunks: AsyncIterable<Buffer> | Iterable<Buffer>, release: () => void): Promise<void> {
    const max = this.maxFragment;
    let held: Buffer | undefined;
    const emit = (data: Buffer, last: boolean): boolean => {
      if (this.state === 'Sta1' || this.state === 'Sta13') throw new NetError('CLOSED', `association with ${this.peerAddress} ended while sending`, this.peerAddress);
      this.socket.write(dataTfHeader(contextId, command, last, data.length));
      return this.socket.write(data);
    };
    let first = true;
    for await (const chunk of chunks) {
      let full = false;
      if (!first) this.socket.cork();
      try {
        for (let pos = 0; pos < chunk.length; pos += max) {
          if (held && !emit(held, false)) full = true;
          held = chunk.subarray(pos, Math.min(chunk.length, pos + max));
        }
      } finally {
        if (first) first = false;
        else this.socket.uncork();
      }
      if (full) {
        release();
        await this.drain();
      }
    }
    emit(held ?? Buffer.alloc(0), true);
  }

  /** Read buffer for small file regions, reused once everything written before has left (no allocation per object). */
  private scratch?: Buffer;

  /** A data set small enough to be sent in one go (up to one block), as bytes; undefined for the streamed way. */
  private smallData(data: DataSource): Buffer | undefined {
    if (Buffer.isBuffer(data)) return data;
    if (!('path' in data) || data.length > READ_BLOCK) return undefined;
    // Nothing written earlier is still queued: whatever the scratch buffer held has gone to the kernel.
    const reusable = this.socket.writableLength === 0;
    let buf = reusable ? this.scratch : undefined;
    if (!buf || buf.length < data.length) {
      buf = Buffer.allocUnsafe(Math.max(data.length, 64 * 1024));
      if (reusable) this.scratch = buf;
    }
    const fd = openSync(data.path, 'r');
    try {
      const got = readFully(fd, buf, 0, data.length, data.offset);
      if (got < data.length) throw new NetError('CLOSED', `${data.path} ended ${data.length - got} bytes early`);
    } finally {
      closeSync(fd);
    }
    return buf.subarray(0, data.length);
  }

  /**
   * Writes a whole command set or (small) data set as PDVs cut to the peer's maximum, without waiting; the socket is
   * corked by the caller.
   */
  private writePdvsSync(contextId: number, command: boolean, bytes: Buffer): void {
    const max = this.maxFragment;
    if (this.state === 'Sta1' || this.state === 'Sta13') throw new NetError('CLOSED', `association with ${this.peerAddress} ended while sending`, this.peerAddress);
    let pos = 0;
    do {
      const end = Math.min(bytes.length, pos + max);
      this.socket.write(dataTfHeader(contextId, command, end === bytes.length, end - pos));
      this.socket.write(bytes.subarray(pos, end));
      pos = end;
    } while (pos < bytes.length);
  }

  /** Sends one DIMSE message (command, then the data set if any). Messages are sent one after another. */
  sendMessage(contextId: number, command: Command, data?: DataSource): Promise<void> {
    const run = async (): Promise<void> => {
      this.checkSendable(contextId);
      const socket = this.socket;
      let corked = true;
      const release = (): void => {
        if (corked) {
          corked = false;
          socket.uncork();
        }
      };
      // A small data set is read first: a file that cannot be read leaves nothing half sent.
      const whole = data === undefined ? undefined : this.smallData(data);
      socket.cork();
      try {
        this.writePdvsSync(contextId, true, encodeCommand(command));
        if (whole) this.writePdvsSync(contextId, false, whole.length % 2 ? Buffer.concat([whole, PAD]) : whole);
        else if (data !== undefined) await this.writeFragments(contextId, false, evenChunks(chunksOf(data, () => socket.writableLength === 0)), release);
      } finally {
        release();
      }
      await this.drain();
    };
    const result = this.sendChain.then(run, run);
    this.sendChain = result.catch(() => undefined);
    return result;
  }

  /**
   * Sends a request and resolves with its final response. With `onPending` (C-FIND, C-MOVE, C-GET), pending responses
   * go to it; without, the first response is the final one. The message ID is assigned here.
   */
  request(contextId: number, command: Omit<Command, 'messageId'>, data?: DataSource, onPending?: (m: DimseMessage) => void): Promise<DimseMessage> {
    const messageId = this.nextMessageId;
    this.nextMessageId = (this.nextMessageId % 0xffff) + 1;
    const full: Command = { ...command, messageId } as Command;
    return new Promise<DimseMessage>((resolve, reject) => {
      const req: PendingRequest = { resolve, reject, onPending };
      this.pending.set(messageId, req);
      this.sendMessage(contextId, full, data).then(
        () => {
          if (this.timers.dimse > 0 && this.pending.has(messageId)) {
            req.timer = setTimeout(() => {
              this.pending.delete(messageId);
              const e = new NetError('TIMEOUT', `no response to ${commandName(full.commandField)} within ${this.timers.dimse} ms`, this.peerAddress);
              reject(e);
              this.abortInternal(AbortSource.ServiceUser, AbortReason.NotSpecified, e);
            }, this.timers.dimse);
            req.timer.unref?.();
          }
        },
        (e: Error) => {
          this.pending.delete(messageId);
          reject(e);
        },
      );
    });
  }

  /** The accepted context for an abstract syntax, preferring the given transfer syntaxes in order. */
  findContext(abstractSyntax: string, preferred: readonly string[] = []): PresentationContext | undefined {
    const accepted = [...this.contexts.values()].filter((c) => c.abstractSyntax === abstractSyntax && c.result === ContextResult.Acceptance);
    for (const ts of preferred) {
      const hit = accepted.find((c) => c.transferSyntax === ts);
      if (hit) return hit;
    }
    return accepted[0];
  }
}

/** Why no message can be sent, nor a release asked for, in a state other than Sta6 (and Sta8, for the answers). */
function notOpen(state: State): string {
  if (state === 'Sta1' || state === 'Sta13') return 'it has ended';
  if (state === 'Sta2' || state === 'Sta3' || state === 'Sta4' || state === 'Sta5') return 'it is not established yet';
  return 'it is being released';
}

/** The close of a requestor with nothing to ask (Association.nothingToAsk). */
const NOTHING_TO_ASK = 'the requestor closed the connection: none of its presentation contexts was accepted, so it had nothing to ask';

/** Where in the association an unexpected PDU came, after "unexpected A-RELEASE-RP …". */
const UNEXPECTED_WHEN: Record<State, string> = {
  Sta1: 'after the association ended',
  Sta2: 'before the association request (the first PDU must be an A-ASSOCIATE-RQ)',
  Sta3: 'while the association request was being answered',
  Sta4: 'before the association request was sent',
  Sta5: 'in answer to the association request',
  Sta6: 'while the association was open',
  Sta7: 'after our release request (A-RELEASE-RQ)',
  Sta8: 'after the peer\'s release request (A-RELEASE-RQ), which only an A-ABORT may follow',
  Sta9: 'while both sides were releasing',
  Sta10: 'while both sides were releasing (an A-RELEASE-RP was due)',
  Sta11: 'while both sides were releasing (an A-RELEASE-RP was due)',
  Sta12: 'while both sides were releasing',
  Sta13: 'after the association ended',
};

/** A negotiated number of operations as a window: 0 means no limit (`unlimited`), absent means synchronous (1). */
function windowOf(n: number | undefined, unlimited = 64): number {
  if (n === undefined) return 1;
  return n === 0 ? unlimited : n;
}

/** File regions are read in blocks of this size; one that fits is sent in one go. */
const READ_BLOCK = 1024 * 1024;

/**
 * A data source's bytes in chunks. A file region is read in blocks of READ_BLOCK into two buffers taken in turn: the
 * one read two blocks back is read into again once `sent()` says that all written so far has left for the kernel (the
 * caller then holds back at most a piece of the last block), else a new one is taken. New memory costs a page fault
 * per 4 KiB (on a virtual machine, about 2.8 ms per block), which for a 150 MB object was a third of the send.
 */
async function* chunksOf(data: DataSource, sent: () => boolean): AsyncIterable<Buffer> {
  if (Buffer.isBuffer(data)) {
    yield data;
    return;
  }
  if ('path' in data) {
    // Synchronous reads: from the page cache they cost less than a trip through the thread pool, and a 1 MiB block
    // never holds the event loop long.
    const fd = openSync(data.path, 'r');
    try {
      const block = READ_BLOCK;
      const turns: (Buffer | undefined)[] = [undefined, undefined];
      for (let done = 0, turn = 0; done < data.length; turn ^= 1) {
        const want = Math.min(block, data.length - done);
        const spare = turns[turn];
        const buf = spare && sent() ? spare.subarray(0, want) : (turns[turn] = Buffer.allocUnsafe(block)).subarray(0, want);
        const got = readSync(fd, buf, 0, want, data.offset + done);
        if (got === 0) throw new NetError('CLOSED', `${data.path} ended ${data.length - done} bytes early`);
        yield got === want ? buf : buf.subarray(0, got);
        done += got;
      }
    } finally {
      closeSync(fd);
    }
    return;
  }
  yield* data;
}

const PAD = Buffer.alloc(1);

/**
 * A data set's bytes as chunks of even length, so that every PDV is even (PS3.8; dcmtk refuses an odd one): a chunk
 * of odd length (a short read, a caller's stream) passes its last byte on to the next, and a data set of odd length
 * ends with a NUL, the pad PS3.5 A.5 gives a deflated data set whose stream is odd (files written without it exist).
 */
async function* evenChunks(chunks: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  let carry: Buffer | undefined;
  for await (const chunk of chunks) {
    let even = carry ? Buffer.concat([carry, chunk]) : chunk;
    carry = undefined;
    if (even.length % 2) {
      carry = Buffer.from(even.subarray(even.length - 1)); // a copy: a caller's stream may reuse its buffer
      even = even.subarray(0, even.length - 1);
    }
    if (even.length) yield even;
  }
  if (carry) yield Buffer.concat([carry, PAD]);
}

/**
 * The maximum length we announce for a limit of `maxPduLength` (0: none of ours): what the framer enforces. Announcing
 * 0 (no maximum, PS3.8 D.1) or more than the hard cap would let a peer send PDUs we then abort.
 */
export const announcedMaxPdu = (maxPduLength: number): number => (maxPduLength > 0 && maxPduLength < HARD_PDU_CAP ? maxPduLength : HARD_PDU_CAP);

/** Builds our user information for a request or an answer. */
export function localUserInformation(maxPduLength: number, extra: Partial<UserInformation> = {}): UserInformation {
  return {
    ...emptyUserInformation(),
    maxPduLength: announcedMaxPdu(maxPduLength),
    implementationClassUid: IMPLEMENTATION_CLASS_UID,
    implementationVersionName: IMPLEMENTATION_VERSION_NAME,
    ...extra,
  };
}

export { APPLICATION_CONTEXT_NAME, ContextResult, type PresentationContextRq, type PresentationContextAc };
