/**
 * An association acceptor: listens (TCP or TLS), negotiates presentation contexts against the services registered,
 * applies the calling AE allowlist and the limits, and dispatches DIMSE requests to the services one at a time per
 * association. Verification (C-ECHO) is always provided.
 */
import { EventEmitter } from 'node:events';
import { createServer as createTcpServer, Socket, type Server as TcpServer, type SocketConstructorOpts } from 'node:net';
import type { TLSSocket, TlsOptions } from 'node:tls';
import {
  Association, DEFAULT_MAX_PDU, localUserInformation, type AssociationTimers, type DataSink, type DimseMessage, type State,
} from './association.js';
import {
  APPLICATION_CONTEXT_NAME, ContextResult, PDU_ASSOCIATE_AC, PDU_ASSOCIATE_RJ, RejectReason, RejectResult, RejectSource,
  type AssociateAc, type AssociateRj, type AssociateRq, type PresentationContextAc, type RoleSelection,
} from './pdu.js';
import { CommandField, NO_DATA_SET, commandName, type Command } from './command.js';
import { Status } from './status.js';
import { isUncompressed } from '../io/transfer-syntax.js';
import { hostPort, loadTls, tlsServerOptions, type TlsSettings } from './transport.js';
import { NetError } from './errors.js';
import { aeTitleProblem, checkAeTitle } from './ae-title.js';
import {
  checkSetting, givenSettings, idleTimeoutProblem, listenHostProblem, listenPortProblem, maxAssociationsProblem, operationsProblem, pduLengthProblem, requireSetting, timeoutProblem,
} from './setting-ranges.js';
import { clientHandshakeFailure, describeFailure } from './connection-hints.js';
import { acceptAnyIdentity, quoteUsername, usernameOf, type IdentityCheck } from './user-identity.js';
import { peerAeTitle, peerUid, quotePeerText } from './peer-text.js';

export const VERIFICATION_SOP_CLASS = '1.2.840.10008.1.1';

/** What a service answers: a status, optionally an Error Comment and a data set. */
export interface ServiceResponse {
  status: number;
  errorComment?: string;
  offendingElement?: number[];
}

export interface RequestContext {
  assoc: Association;
  contextId: number;
  abstractSyntax: string;
  transferSyntax: string;
  callingAeTitle: string;
  /** The user the association acts for, when its requestor gave a username (verified only if `checkIdentity` does). */
  username?: string;
}

/** A service the server provides for some abstract syntaxes. */
export interface Service {
  /** Whether the service handles this abstract syntax (SOP class). */
  handles(abstractSyntax: string): boolean;
  /** Transfer syntaxes accepted for it; the uncompressed ones in our order of preference (see acceptedSyntax). */
  transferSyntaxes: readonly string[];
  /** Where a request's data set goes while it arrives (default: memory). */
  openSink?(command: Command, ctx: RequestContext): DataSink | undefined;
  /** Handles one request; the server sends the response. */
  handle(message: DimseMessage, ctx: RequestContext): Promise<ServiceResponse> | ServiceResponse;
}

export interface AllowEntry {
  aeTitle: string;
  /** Host (IP address as seen on the socket) the AE must call from; any when absent. */
  host?: string;
}

export interface ServerOptions {
  aeTitle: string;
  port: number;
  /** Listening address (default all interfaces; an empty one is refused). */
  host?: string;
  /** Calling AE titles accepted; everyone when empty or absent. */
  allow?: AllowEntry[];
  /** Reject requests whose called AE title is not ours (default false: answer to any). */
  requireCalledAeTitle?: boolean;
  /** Most associations at once (default 32, at most 100000); more are rejected (transient, local limit exceeded). */
  maxAssociations?: number;
  /** Largest PDU we receive, as announced (default 256 KiB): 4096 bytes to 64 MiB, the most any PDU may have, or 0 for that most. */
  maxPduLength?: number;
  /**
   * Longest silence from a peer before aborting, also halfway through a PDU, longest wait for it to read our answer,
   * and longest a request may wait for its service's answer (a disk stalled, a hook that never returns), after which
   * its association is aborted and a shutdown no longer waits for it (ms, default 60 s; at least 1: with none a silent
   * peer, or a request never answered, would hold its place under maxAssociations for ever).
   */
  idleTimeout?: number;
  /** ARTIM (ms, default 30 s). */
  artimTimeout?: number;
  /**
   * Requests of one association handled at once when its requestor proposes an asynchronous operations window
   * (default 8; each holds one object being received or stored). A requestor that proposes none is served one
   * request at a time.
   */
  maxOperations?: number;
  /**
   * Decides on the requestor's user identity (PS3.7 D.3.3.7): a refusal rejects the association (permanent, service
   * user, no reason given). Default `acceptAnyIdentity`: anyone, and a username is confirmed unverified when asked;
   * `requireListedUsers` accepts only the users of a users file.
   */
  checkIdentity?: IdentityCheck;
  tls?: TlsSettings;
}

export interface AssociationSummary {
  id: number;
  peer: string;
  callingAeTitle: string;
  calledAeTitle: string;
  how: string;
  /** What ended it, in words (CloseInfo.error). */
  error?: string;
  /** For debugging: the PS3.8 state it ended in (CloseInfo.state). */
  state?: string;
}

/** The answer to an A-ASSOCIATE-RQ, and what logs it (and emits its event) once it goes out. */
interface Decision {
  answer: AssociateAc | AssociateRj;
  report(): void;
}

/** How long a shutdown waits for peers told A-ABORT (or A-RELEASE-RP) to close their connections, once no work is left. */
const PEER_CLOSE_WAIT_MS = 1000;

/**
 * Connections kept at least in each state that holds no place under maxAssociations — waiting for their
 * A-ASSOCIATE-RQ (or TLS handshake), or answered and waiting for their peer to close — the limit being twice
 * maxAssociations when that is more.
 */
const MIN_WAITING = 64;

/**
 * Whether a connection in this state holds a place under maxAssociations: negotiating or established, not one waiting
 * for its A-ASSOCIATE-RQ, nor one that has said its last word (released, rejected, aborted) and waits for its peer to
 * close, which a peer that never does would otherwise hold for the ARTIM timeout.
 */
const holdsPlace = (state: State): boolean => state !== 'Sta1' && state !== 'Sta2' && state !== 'Sta13';

/** The normalised form used to compare AE titles: leading/trailing spaces are not significant. */
const aeKey = (ae: string): string => ae.trim();

/** Maps an IPv4-mapped IPv6 address to its IPv4 form. */
const plainAddress = (a: string | undefined): string => (a ?? '').replace(/^::ffff:/, '');

/**
 * Events: 'association' (Association, id) when one is accepted and the peer is still there to be told, 'rejected'
 * ({peer, callingAeTitle, calledAeTitle, reason, username?}), 'closed' (AssociationSummary), 'log' (level, message).
 */
export class DicomServer extends EventEmitter {
  readonly options: Required<Omit<ServerOptions, 'tls' | 'host' | 'allow'>> & Pick<ServerOptions, 'tls' | 'host' | 'allow'>;
  private readonly services: Service[] = [];
  private server?: TcpServer;
  private readonly live = new Map<number, Association>();
  /**
   * The live connections in each state that holds no place under maxAssociations, in the order they entered it
   * (makeRoomForWaiting), and how many hold one (negotiating or established): kept as states change, so that a new
   * connection or request costs the same however many are live, not a walk over all of them.
   */
  private readonly waiting = { Sta2: new Set<Association>(), Sta13: new Set<Association>() };
  private holdingPlaces = 0;
  private nextId = 1;
  private shuttingDown = false;
  /**
   * Requests being handled by their services (a store being committed), with when each began and what it is: a shutdown
   * waits for them, aborted association or not, each for up to the idle timeout (settleHandling).
   */
  private readonly handling = new Map<Promise<unknown>, { started: number; what: string }>();
  /**
   * TLS: the connections still in their handshake, by peer address and port. They are no association yet, so owe
   * nothing: a shutdown closes them rather than wait for their handshake timeout (ARTIM, 30 s by default).
   */
  private readonly handshaking = new Map<string, Socket>();
  /** The TLS settings' files read and our certificate's dates checked, when the server is made: before it listens. */
  private readonly tlsOptions?: TlsOptions;

  constructor(options: ServerOptions) {
    super();
    const given = givenSettings(options);
    this.options = {
      requireCalledAeTitle: false,
      maxAssociations: 32,
      maxPduLength: DEFAULT_MAX_PDU,
      idleTimeout: 60_000,
      artimTimeout: 30_000,
      maxOperations: 8,
      ...given,
      checkIdentity: options.checkIdentity ?? acceptAnyIdentity,
    };
    // Refused here, before the archive is opened or anything listens, naming the option (DicomError INVALID_ARGUMENT).
    requireSetting('port', this.options.port, listenPortProblem);
    checkSetting('host', this.options.host, listenHostProblem);
    checkSetting('maxAssociations', this.options.maxAssociations, maxAssociationsProblem);
    checkSetting('maxOperations', this.options.maxOperations, operationsProblem);
    checkSetting('maxPduLength', this.options.maxPduLength, pduLengthProblem);
    checkSetting('idleTimeout', this.options.idleTimeout, idleTimeoutProblem);
    checkSetting('artimTimeout', this.options.artimTimeout, timeoutProblem);
    checkAeTitle(this.options.aeTitle, 'our AE title');
    for (const entry of this.options.allow ?? []) checkAeTitle(entry.aeTitle, 'allowed calling AE title');
    this.tlsOptions = options.tls && tlsServerOptions(options.tls);
    this.addService(verificationService());
  }

  addService(service: Service): this {
    this.services.push(service);
    return this;
  }

  get port(): number {
    const a = this.server?.address();
    return a && typeof a === 'object' ? a.port : this.options.port;
  }

  get associationCount(): number {
    return this.live.size;
  }

  private log(level: string, message: string): void {
    this.emit('log', level, message);
  }

  /** Starts listening; resolves once bound (port 0 picks a free port: read `port`). */
  async listen(): Promise<void> {
    const onConnection = (socket: Socket): void => this.onConnection(socket);
    // Plain TCP connections arrive paused: they are re-wrapped to read into one reused buffer (see adoptTcp).
    if (this.tlsOptions) {
      try {
        // A connection that does not complete its handshake is closed when ARTIM would close one that sends no
        // A-ASSOCIATE-RQ (Node's own default waits 120 s).
        this.server = loadTls().createServer({ ...this.tlsOptions, handshakeTimeout: this.options.artimTimeout || undefined }, onConnection);
      } catch (e) {
        throw e instanceof NetError ? e : new NetError('TLS', `TLS settings of the server: ${describeFailure(e as Error)}`, undefined, e);
      }
      this.server.on('connection', (raw: Socket) => {
        // Handshakes are bounded as connections that send nothing are (makeRoomForWaiting): the oldest goes.
        if (this.handshaking.size >= this.waitingLimit) {
          const [oldestKey, oldest] = this.handshaking.entries().next().value!;
          this.log('warn', `closed a connection from ${oldestKey} in its TLS handshake: ${this.handshaking.size} connections were in theirs (at most ${this.waitingLimit})`);
          this.handshaking.delete(oldestKey);
          oldest.destroy();
        }
        const key = hostPort(raw.remoteAddress, raw.remotePort);
        this.handshaking.set(key, raw);
        raw.once('close', () => this.handshaking.get(key) === raw && this.handshaking.delete(key));
      });
      this.server.on('tlsClientError', (e: Error & { code?: string }, s: TLSSocket) => {
        // a handshake a shutdown cut short (close) is no failure of the client's
        if (this.shuttingDown && e.code === 'ECONNRESET') return void s.destroy();
        // A connection reset has taken its address with it (Node keeps none for a socket that never got through TLS).
        const client = s.remoteAddress ? plainAddress(s.remoteAddress) : 'a client (address gone with the connection)';
        // authorizationError is the verify code ("CERT_HAS_EXPIRED"), though Node's types call it an Error.
        this.log('warn', `TLS handshake with ${client} failed: ${clientHandshakeFailure(e, s.authorizationError?.toString())}`);
        s.destroy();
      });
    } else {
      this.server = createTcpServer({ noDelay: true, pauseOnConnect: true, allowHalfOpen: true }, onConnection);
    }
    return new Promise<void>((resolve, reject) => {
      const server = this.server!;
      server.once('error', (e: NodeJS.ErrnoException) => reject(new NetError('CONNECT_FAILED', listenFailure(this.options.port, this.options.host, e), undefined, e)));
      server.listen({ port: this.options.port, host: this.options.host }, () => {
        server.on('error', (e) => this.log('warn', `server error: ${e.message}`));
        resolve();
      });
    });
  }

  private onConnection(accepted: Socket): void {
    let target: Association | undefined;
    this.handshaking.delete(hostPort(accepted.remoteAddress, accepted.remotePort));
    const socket = this.options.tls ? accepted : adoptTcp(accepted, (bytes) => target?.receive(bytes, true));
    // Half open: a peer's end of its side (right after its A-RELEASE-RQ) must not end ours before the association has
    // answered; the association ends our side itself. Over TLS only once the handshake is done (here): a client that
    // gives up during it must close the connection, as it would not be closed at all.
    socket.allowHalfOpen = true;
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    const id = this.nextId++;
    const assoc = new Association(socket, 'acceptor', {
      timers: { artim: this.options.artimTimeout, idle: this.options.idleTimeout, dimse: this.options.idleTimeout } satisfies AssociationTimers,
      limits: { maxPduLength: this.options.maxPduLength },
    });
    target = assoc;
    if (socket.isPaused()) socket.resume();
    this.makeRoomForWaiting();
    this.live.set(id, assoc);
    this.waiting.Sta2.add(assoc);
    assoc.on('state', (previous: State, next: State) => this.countState(assoc, previous, next));
    assoc.on('log', (level: string, message: string) => this.log(level, `[${id}] ${message}`));
    assoc.acceptor = (rq) => this.answer(rq, assoc, id);
    assoc.sinkFactory = (contextId, command, a) => this.openSink(contextId, command, a);
    assoc.requestHandler = (message, a) => this.dispatch(message, a);
    void assoc.closed.then((info) => {
      this.live.delete(id);
      this.emit('closed', {
        id, peer: assoc.peerAddress, callingAeTitle: assoc.callingAeTitle, calledAeTitle: assoc.calledAeTitle, how: info.how, error: info.error?.message, state: info.state,
      } satisfies AssociationSummary);
    });
  }

  /** Moves a connection from the count of one state to the next's (waiting, holdingPlaces). */
  private countState(assoc: Association, previous: State, next: State): void {
    if (previous === 'Sta2' || previous === 'Sta13') this.waiting[previous].delete(assoc);
    if (next === 'Sta2' || next === 'Sta13') this.waiting[next].add(assoc);
    this.holdingPlaces += Number(holdsPlace(next)) - Number(holdsPlace(previous));
  }

  /** How many connections are kept in each state that holds no place under maxAssociations (see MIN_WAITING). */
  private get waitingLimit(): number {
    return Math.max(MIN_WAITING, 2 * this.options.maxAssociations);
  }

  /**
   * Connections that have not sent their A-ASSOCIATE-RQ yet, and those answered (rejected, released, aborted) whose
   * peer has not closed them, are kept up to a limit each; beyond it the oldest is closed for the new one. A peer that
   * opens connections and says nothing (a flood, a scanner), or one that keeps every rejected connection open, would
   * otherwise hold a descriptor and ~10 KiB each for the ARTIM timeout, until no descriptor is left for anyone;
   * evicting the oldest lets a real requestor, whose request follows its connection within milliseconds, in all the
   * same.
   */
  private makeRoomForWaiting(): void {
    const limit = this.waitingLimit;
    const kinds = [
      ['Sta2', 'that had sent nothing', 'connections were waiting for their A-ASSOCIATE-RQ'],
      ['Sta13', 'answered and not closed by its peer', 'answered connections (rejected, released or aborted) were waiting for their peers to close them'],
    ] as const;
    for (const [state, what, waitingFor] of kinds) {
      const waiting = this.waiting[state];
      if (waiting.size < limit) continue;
      const oldest: Association = waiting.values().next().value!;
      const why = `closed a connection from ${oldest.peerAddress} ${what}: ${waiting.size} ${waitingFor} (at most ${limit})`;
      this.log('warn', why);
      oldest.drop(why);
    }
  }

  private reject(assoc: Association, rq: AssociateRq, result: RejectResult, source: RejectSource, reason: number, why: string, username?: string): Decision {
    return {
      answer: { type: PDU_ASSOCIATE_RJ, result, source, reason },
      report: () => {
        this.log('info', `rejecting ${peerAeTitle(rq.callingAeTitle)}@${plainAddress(assoc.socket.remoteAddress)} → ${peerAeTitle(rq.calledAeTitle)}: ${why}`);
        this.emit('rejected', { peer: assoc.peerAddress, callingAeTitle: rq.callingAeTitle, calledAeTitle: rq.calledAeTitle, reason: why, username });
      },
    };
  }

  /**
   * Decides on an A-ASSOCIATE-RQ and says what the peer is answered, once it is. A peer that aborted or closed the
   * connection while the request was decided (an A-ABORT right behind it, a password being checked) is answered
   * nothing: the log says that, not an acceptance or rejection it never saw, and no 'association' event is emitted.
   */
  private async answer(rq: AssociateRq, assoc: Association, id: number): Promise<AssociateAc | AssociateRj> {
    const decision = await this.negotiate(rq, assoc, id);
    // Sta3: still waiting for our answer; the association writes it right after this returns, with no I/O in between.
    if (assoc.state === 'Sta3') decision.report();
    else {
      const why = assoc.endError?.message ?? 'the connection closed';
      this.log('info', `association ${id}: ${peerAeTitle(rq.callingAeTitle)}@${plainAddress(assoc.socket.remoteAddress)} → ${peerAeTitle(rq.calledAeTitle)} not answered: ${why}`);
    }
    return decision.answer;
  }

  private allowed(callingAe: string, host: string): boolean {
    const allow = this.options.allow;
    if (!allow || allow.length === 0) return true;
    return allow.some((e) => aeKey(e.aeTitle) === aeKey(callingAe) && (!e.host || plainAddress(e.host) === host));
  }

  /** The acceptor's decision on an A-ASSOCIATE-RQ (PS3.8 7.1.1, reasons of Table 9-21), reported by `answer`. */
  private async negotiate(rq: AssociateRq, assoc: Association, id: number): Promise<Decision> {
    if ((rq.protocolVersion & 1) === 0) {
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceProviderAcse, RejectReason.ProtocolVersionNotSupported, `protocol version ${rq.protocolVersion} not supported`);
    }
    if (rq.applicationContext !== APPLICATION_CONTEXT_NAME) {
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.ApplicationContextNotSupported, `application context ${peerUid(rq.applicationContext)} not supported`);
    }
    // PS3.8 9.3.2: AE titles of the default repertoire, not all spaces; one we could not log or record as it is (a
    // backslash would make the meta header's Source AE Title two values) is not recognized.
    if (aeTitleProblem(rq.calledAeTitle)) {
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeNotRecognized, `called AE title ${quotePeerText(rq.calledAeTitle)} is not a valid AE title`);
    }
    if (aeTitleProblem(rq.callingAeTitle)) {
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CallingAeNotRecognized, `calling AE title ${quotePeerText(rq.callingAeTitle)} is not a valid AE title`);
    }
    if (rq.contexts.length === 0) {
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.NoReason, 'no presentation context proposed (PS3.8 9.3.2 asks for one or more)');
    }
    if (this.options.requireCalledAeTitle && aeKey(rq.calledAeTitle) !== aeKey(this.options.aeTitle)) {
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CalledAeNotRecognized, `called AE title "${rq.calledAeTitle}" is not ours ("${this.options.aeTitle}")`);
    }
    if (!this.allowed(rq.callingAeTitle, plainAddress(assoc.socket.remoteAddress))) {
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.CallingAeNotRecognized, `calling AE title "${rq.callingAeTitle}" from ${plainAddress(assoc.socket.remoteAddress)} is not allowed`);
    }
    if (this.shuttingDown) {
      return this.reject(assoc, rq, RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReason.TemporaryCongestion, 'shutting down');
    }
    // The others negotiating or established (holdsPlace).
    const open = this.holdingPlaces - Number(holdsPlace(assoc.state));
    if (open >= this.options.maxAssociations) {
      return this.reject(assoc, rq, RejectResult.Transient, RejectSource.ServiceProviderPresentation, RejectReason.LocalLimitExceeded, `${open} associations already open (limit ${this.options.maxAssociations})`);
    }
    // Last: checking a password is the costly part, spent only on requests that pass everything else.
    const identity = rq.user.userIdentity;
    const decision = await this.options.checkIdentity(identity);
    if (!decision.accept) {
      // Permanent: the same credentials will not do better; no reason is given, so the peer learns nothing of why.
      const username = identity && usernameOf(identity);
      return this.reject(assoc, rq, RejectResult.Permanent, RejectSource.ServiceUser, RejectReason.NoReason, decision.why, username);
    }
    assoc.username = decision.username;
    // Role selection (PS3.7 D.3.3.4): we act as SCP only (no C-GET sub-operations yet), so the requestor may be SCU.
    const roles: RoleSelection[] = rq.user.roles.map((r) => ({ sopClassUid: r.sopClassUid, scuRole: r.scuRole, scpRole: false }));
    // A requestor that declines the SCU role for a SOP class (getscu, wanting to be the SCP of its C-STOREs) leaves its
    // contexts no role on either side: they are rejected rather than accepted unusable.
    const noRole = new Set(rq.user.roles.filter((r) => !r.scuRole).map((r) => r.sopClassUid));
    const contexts: PresentationContextAc[] = [];
    const seen = new Set<number>();
    for (const pc of rq.contexts) {
      if (seen.has(pc.id)) continue;
      seen.add(pc.id);
      // PS3.8 9.3.2.2: context IDs are odd; an even one is no context we could answer on.
      if (pc.id % 2 === 0) {
        contexts.push({ id: pc.id, result: ContextResult.NoReason, transferSyntax: pc.transferSyntaxes[0] ?? '' });
        continue;
      }
      const service = this.services.find((s) => s.handles(pc.abstractSyntax));
      if (!service) {
        contexts.push({ id: pc.id, result: ContextResult.AbstractSyntaxNotSupported, transferSyntax: pc.transferSyntaxes[0] ?? '' });
        continue;
      }
      if (noRole.has(pc.abstractSyntax)) {
        contexts.push({ id: pc.id, result: ContextResult.UserRejection, transferSyntax: pc.transferSyntaxes[0] ?? '' });
        continue;
      }
      const ts = acceptedSyntax(pc.transferSyntaxes, service);
      contexts.push(ts
        ? { id: pc.id, result: ContextResult.Acceptance, transferSyntax: ts }
        : { id: pc.id, result: ContextResult.TransferSyntaxesNotSupported, transferSyntax: pc.transferSyntaxes[0] ?? '' });
    }
    const accepted = contexts.filter((c) => c.result === ContextResult.Acceptance).length;
    const user = decision.username === undefined ? '' : ` as user ${quoteUsername(decision.username)}`;
    // An association with nothing accepted serves no request: a warning, so that the log says why its requestor fails
    // ("No presentation context" is all storescu says) without --verbose.
    const refused = refusals(rq.contexts, contexts);
    const head = `association ${id}: ${rq.callingAeTitle}@${plainAddress(assoc.socket.remoteAddress)} → ${rq.calledAeTitle}${user}, ${accepted}/${contexts.length} contexts accepted, peer max PDU ${rq.user.maxPduLength}`;
    const report = (): void => {
      this.log(accepted === 0 ? 'warn' : 'info', `${head}${refused.summary}`);
      // what the summary counted, named (serve shows it with --verbose)
      if (refused.full !== refused.summary) this.log('info', `association ${id}${refused.full}`);
      this.emit('association', assoc, id);
    };
    const answer: AssociateAc = {
      type: PDU_ASSOCIATE_AC,
      protocolVersion: 1,
      calledAeTitle: rq.calledAeTitle,
      callingAeTitle: rq.callingAeTitle,
      // PS3.8 9.3.3: the values received, not tested by the requestor (some compare them byte for byte all the same).
      aeTitleFields: rq.aeTitleFields,
      applicationContext: APPLICATION_CONTEXT_NAME,
      contexts,
      user: localUserInformation(this.options.maxPduLength, {
        roles,
        asyncOps: rq.user.asyncOps ? this.operationsWindow(rq.user.asyncOps.maxInvoked) : undefined,
        // Only when asked (PS3.7 D.3.3.7: no user identity item in an answer to a request that did not ask).
        userIdentityResponse: identity?.positiveResponseRequested ? decision.serverResponse : undefined,
      }),
    };
    return { answer, report };
  }

  /**
   * Our answer to a proposed asynchronous operations window (PS3.7 D.3.3.3). Invoked: the requests the requestor may
   * have outstanding, as many as it asked to invoke (0: no limit) up to `maxOperations`. Performed: the sub-operations
   * it may have to perform for us, which PS3.7 bounds by what it offered to perform; we invoke none (no C-GET or
   * C-MOVE), so 1, which is within any offer (0 is no limit).
   */
  private operationsWindow(proposed: number): { maxInvoked: number; maxPerformed: number } {
    const limit = this.options.maxOperations;
    return { maxInvoked: proposed === 0 ? limit : Math.min(proposed, limit), maxPerformed: 1 };
  }

  private contextOf(contextId: number, assoc: Association): RequestContext {
    const pc = assoc.contexts.get(contextId)!;
    return { assoc, contextId, abstractSyntax: pc.abstractSyntax, transferSyntax: pc.transferSyntax, callingAeTitle: assoc.callingAeTitle, username: assoc.username };
  }

  private serviceFor(ctx: RequestContext): Service | undefined {
    return this.services.find((s) => s.handles(ctx.abstractSyntax));
  }

  private openSink(contextId: number, command: Command, assoc: Association): DataSink | undefined {
    const ctx = this.contextOf(contextId, assoc);
    return this.serviceFor(ctx)?.openSink?.(command, ctx);
  }

  /** Keeps a request's handling until it settles, for `close` to wait for. */
  private track<T>(handling: Promise<T>, what: string): Promise<T> {
    this.handling.set(handling, { started: Date.now(), what });
    void handling.then(() => this.handling.delete(handling), () => this.handling.delete(handling));
    return handling;
  }

  /**
   * A service's answer to a request, or undefined when it has not answered within the idle timeout (the disk under a
   * store stalled, a hook that never returns): its association is then aborted, which frees its place under
   * maxAssociations. A failure status would not do: the handling may still finish (the object stored after all), and
   * the request would keep its place in the association's operations window.
   */
  private async answerWithin(service: Service, message: DimseMessage, ctx: RequestContext): Promise<ServiceResponse | undefined> {
    const cmd = message.command;
    const uid = cmd.affectedSopInstanceUid;
    const what = `${commandName(cmd.commandField)}${uid === undefined ? '' : ` ${peerUid(uid)}`}`;
    const handling = this.track(Promise.resolve().then(() => service.handle(message, ctx)), `${what} from ${peerAeTitle(ctx.callingAeTitle)}`);
    const limit = this.options.idleTimeout;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, limit, undefined)));
    try {
      const response = await Promise.race([handling, late]);
      if (!response) ctx.assoc.abortForTimeout(new NetError('TIMEOUT', `${what} not answered within ${limit} ms: its handling has not finished`, ctx.assoc.peerAddress));
      return response;
    } catch (e) {
      this.log('warn', `${commandName(cmd.commandField)} failed: ${(e as Error).message}`);
      return { status: Status.ProcessingFailure, errorComment: (e as Error).message };
    } finally {
      clearTimeout(timer);
    }
  }

  private async dispatch(message: DimseMessage, assoc: Association): Promise<void> {
    const ctx = this.contextOf(message.contextId, assoc);
    const cmd = message.command;
    const service = this.serviceFor(ctx);
    const response = service
      ? await this.answerWithin(service, message, ctx)
      : { status: Status.SopClassNotSupported, errorComment: `no service for ${ctx.abstractSyntax}` };
    if (!response) return;
    if (cmd.commandField === CommandField.C_CANCEL_RQ) return;
    const rsp: Command = {
      commandField: cmd.commandField | 0x8000,
      messageIdBeingRespondedTo: cmd.messageId ?? 0,
      affectedSopClassUid: cmd.affectedSopClassUid ?? ctx.abstractSyntax,
      commandDataSetType: NO_DATA_SET,
      status: response.status,
    };
    if (cmd.affectedSopInstanceUid) rsp.affectedSopInstanceUid = cmd.affectedSopInstanceUid;
    if (response.errorComment) rsp.errorComment = response.errorComment;
    if (response.offendingElement) rsp.offendingElement = response.offendingElement;
    await assoc.sendMessage(message.contextId, rsp);
  }

  /**
   * Stops accepting, lets in-flight requests finish (up to `graceMs`), then aborts what is left. Each association is
   * aborted once the requests it received or was receiving are answered, reading no later one (see abortOnceAnswered):
   * the acceptor cannot release an association (PS3.8 7.2). It resolves once no request is being handled any more,
   * also one whose association the grace running out aborted (a store whose object had arrived whole, being written
   * and indexed): what the services use (the archive) may then be closed. One still being handled once it has run for
   * the idle timeout (hung: its association was aborted for it) is not waited for, and the log names it. A grace that
   * is not milliseconds from 0 to the longest timer Node keeps is refused (INVALID_ARGUMENT) with nothing stopped.
   */
  async close(graceMs = 10_000): Promise<void> {
    checkSetting('graceMs', graceMs, timeoutProblem);
    this.shuttingDown = true;
    const closing = new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    if (this.handshaking.size > 0) this.log('info', `closing ${this.handshaking.size} connection(s) still in their TLS handshake`);
    for (const raw of this.handshaking.values()) raw.destroy();
    const deadline = Date.now() + graceMs;
    /** Since when only associations that have said their last word (A-ABORT, A-RELEASE-RP, A-ASSOCIATE-RJ) are left. */
    let lastWordsSince: number | undefined;
    while (this.live.size > 0) {
      let working = false;
      for (const a of this.live.values()) {
        if (a.state === 'Sta1' || a.state === 'Sta13') continue;
        working = true;
        if (Date.now() >= deadline) a.abort();
        else a.abortOnceAnswered();
      }
      lastWordsSince = working ? undefined : (lastWordsSince ?? Date.now());
      await new Promise((r) => setTimeout(r, 25));
      // Their peers get a moment to read that word and close; one that does not is not worth the rest of the grace.
      const lingered = lastWordsSince !== undefined && Date.now() - lastWordsSince > PEER_CLOSE_WAIT_MS;
      if (lingered || Date.now() > deadline + 3000) {
        for (const a of this.live.values()) a.socket.destroy();
        break;
      }
    }
    await closing;
    await this.settleHandling();
  }

  /**
   * Waits for the requests being handled, each until it has run for the idle timeout: one still running then will not
   * be answered (its association was aborted for it) and may never finish; it is given up on, and the log says which.
   */
  private async settleHandling(): Promise<void> {
    const limit = this.options.idleTimeout;
    for (;;) {
      const now = Date.now();
      const waited = [...this.handling].filter(([, h]) => now - h.started < limit);
      if (waited.length === 0) break;
      let timer: NodeJS.Timeout | undefined;
      const firstOut = new Promise((resolve) => (timer = setTimeout(resolve, Math.min(...waited.map(([, h]) => h.started + limit)) - now)));
      await Promise.race([Promise.allSettled(waited.map(([p]) => p)), firstOut]);
      clearTimeout(timer);
    }
    if (this.handling.size === 0) return;
    const what = [...this.handling.values()].map((h) => h.what).join(', ');
    this.log('warn', `stopping without waiting for ${this.handling.size} request(s) still being handled after ${limit} ms: ${what}`);
  }
}

/** Bytes read per call on an accepted connection. */
const READ_BUFFER = 64 * 1024;

/**
 * Re-wraps an accepted (paused) TCP connection so that it reads into one buffer reused for every read (net.Socket's
 * `onread`, which Node offers for sockets it connects but not for a server's). Without it each read allocates a new
 * 64 KiB buffer that lives until the next garbage collection: receiving a 150 MB object left tens of MiB of dead
 * buffers around. `onBytes` gets a view valid only during the call. Falls back to the socket as is when the runtime
 * does not have what this needs.
 */
function adoptTcp(accepted: Socket, onBytes: (bytes: Buffer) => void): Socket {
  const internal = accepted as unknown as { _handle?: { useUserBuffer?: unknown } | null };
  const handle = internal._handle;
  if (!handle || typeof handle.useUserBuffer !== 'function') return accepted;
  const buffer = Buffer.allocUnsafe(READ_BUFFER);
  let fresh: Socket;
  try {
    fresh = new Socket({
      handle, readable: true, writable: true,
      onread: { buffer, callback: (n: number, buf: Uint8Array) => void onBytes(Buffer.from(buf.buffer, buf.byteOffset, n)) },
    } as SocketConstructorOpts);
  } catch {
    return accepted;
  }
  // The old wrapper no longer owns the handle: destroying it only settles the server's connection count.
  internal._handle = null;
  accepted.destroy();
  return fresh;
}

/**
 * The syntax accepted among those a context proposes: an uncompressed one when it proposes any, the first of them in
 * the service's order, as Orthanc and storescp without +xa choose; else the requestor's first the service supports. A
 * requestor proposing compressed syntaxes beside uncompressed ones in one context (storescu --propose-jpeg8 +C) may
 * hold uncompressed data it cannot compress, and must not be made to compress it lossily.
 */
function acceptedSyntax(proposed: readonly string[], service: Service): string | undefined {
  return service.transferSyntaxes.find((t) => isUncompressed(t) && proposed.includes(t))
    ?? proposed.find((t) => service.transferSyntaxes.includes(t));
}

/** Why a context was refused, in words. */
const REFUSED: Partial<Record<ContextResult, string>> = {
  [ContextResult.UserRejection]: 'no role left to either side',
  [ContextResult.NoReason]: 'an even context ID',
  [ContextResult.AbstractSyntaxNotSupported]: 'SOP class not supported',
};

/** SOP classes named per reason in a refusal's summary; the rest are counted (all are listed at info level). */
const NAMED_PER_REASON = 3;

/**
 * The contexts refused, each SOP class once under its reason: in full ("; refused: Ultrasound Image Storage (Retired)
 * (SOP class not supported)"), and summarised, a reason's first SOP classes named and the others counted ("; refused
 * for no role left to either side: CT Image Storage, MR Image Storage, … and 118 more SOP classes"): getscu proposes
 * some 120 storage SOP classes, which in full make a line of 6 KB.
 */
function refusals(proposed: AssociateRq['contexts'], answered: readonly PresentationContextAc[]): { full: string; summary: string } {
  const byReason = new Map<string, Set<string>>();
  for (const ac of answered) {
    if (ac.result === ContextResult.Acceptance) continue;
    // the first proposed under its ID, as the one answered
    const pc = proposed.find((p) => p.id === ac.id)!;
    const why = REFUSED[ac.result] ?? `none of its transfer syntaxes taken: ${pc.transferSyntaxes.map(peerUid).join(', ')}`;
    const classes = byReason.get(why) ?? new Set<string>();
    classes.add(peerUid(pc.abstractSyntax));
    byReason.set(why, classes);
  }
  if (byReason.size === 0) return { full: '', summary: '' };
  const full = [...byReason].flatMap(([why, classes]) => [...classes].map((c) => `${c} (${why})`));
  const summary = [...byReason].map(([why, set]) => {
    const classes = [...set];
    if (classes.length <= NAMED_PER_REASON + 1) return classes.map((c) => `${c} (${why})`).join(', ');
    return `${classes.slice(0, NAMED_PER_REASON).join(', ')} and ${classes.length - NAMED_PER_REASON} more SOP classes (${why})`;
  });
  return { full: `; refused: ${full.join(', ')}`, summary: `; refused: ${summary.join(', ')}` };
}

/** C-ECHO SCP. */
function verificationService(): Service {
  return {
    handles: (as) => as === VERIFICATION_SOP_CLASS,
    transferSyntaxes: ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.2'],
    handle: (m) => (m.command.commandField === CommandField.C_ECHO_RQ
      ? { status: Status.Success }
      : { status: Status.UnrecognizedOperation, errorComment: `${commandName(m.command.commandField)} is not a verification request` }),
  };
}

/** Why a server cannot listen, in words, after where and before the system's code. */
const LISTEN_FAILURES: Record<string, string> = {
  EADDRINUSE: 'the port is in use (another server, or another serve, listens there)',
  EACCES: 'not permitted (ports below 1024 need privileges)',
  EADDRNOTAVAIL: 'the address is not one of this machine\'s',
  ENOTFOUND: 'no such host',
};

function listenFailure(port: number, host: string | undefined, e: NodeJS.ErrnoException): string {
  const where = host ? hostPort(host, port) : `port ${port}`;
  const why = e.code ? LISTEN_FAILURES[e.code] : undefined;
  return `cannot listen on ${where}: ${why ? `${why} (${e.code})` : e.code ?? e.message}`;
}
