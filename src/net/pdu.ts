/**
 * Upper layer protocol data units (PS3.8 section 9.3): encoding and decoding of A-ASSOCIATE-RQ/AC/RJ, P-DATA-TF,
 * A-RELEASE-RQ/RP and A-ABORT, with every user information sub-item. Decoding checks each length against what
 * remains and throws a PduError naming the A-ABORT reason to send.
 */

export const PDU_ASSOCIATE_RQ = 0x01;
export const PDU_ASSOCIATE_AC = 0x02;
export const PDU_ASSOCIATE_RJ = 0x03;
export const PDU_DATA_TF = 0x04;
export const PDU_RELEASE_RQ = 0x05;
export const PDU_RELEASE_RP = 0x06;
export const PDU_ABORT = 0x07;

export const APPLICATION_CONTEXT_NAME = '1.2.840.10008.3.1.1.1';

/** A-ABORT reasons when the service provider aborts (PS3.8 Table 9-26). */
export enum AbortReason {
  NotSpecified = 0,
  UnrecognizedPdu = 1,
  UnexpectedPdu = 2,
  UnrecognizedPduParameter = 4,
  UnexpectedPduParameter = 5,
  InvalidPduParameterValue = 6,
}

/** A-ABORT source (PS3.8 Table 9-26). */
export enum AbortSource {
  ServiceUser = 0,
  ServiceProvider = 2,
}

/** A-ASSOCIATE-RJ result, source and reason (PS3.8 Table 9-21). */
export enum RejectResult {
  Permanent = 1,
  Transient = 2,
}
export enum RejectSource {
  ServiceUser = 1,
  ServiceProviderAcse = 2,
  ServiceProviderPresentation = 3,
}
/** Reasons by source: user (1): 1 no reason, 2 application context not supported, 3 calling AE not recognized,
 * 7 called AE not recognized; ACSE (2): 1 no reason, 2 protocol version not supported; presentation (3):
 * 1 temporary congestion, 2 local limit exceeded. */
export const RejectReason = {
  NoReason: 1,
  ApplicationContextNotSupported: 2,
  CallingAeNotRecognized: 3,
  CalledAeNotRecognized: 7,
  ProtocolVersionNotSupported: 2,
  TemporaryCongestion: 1,
  LocalLimitExceeded: 2,
} as const;

/** Presentation context results in an A-ASSOCIATE-AC (PS3.8 Table 9-18). */
export enum ContextResult {
  Acceptance = 0,
  UserRejection = 1,
  NoReason = 2,
  AbstractSyntaxNotSupported = 3,
  TransferSyntaxesNotSupported = 4,
}

export interface RoleSelection {
  sopClassUid: string;
  scuRole: boolean;
  scpRole: boolean;
}

export interface ExtendedNegotiation {
  sopClassUid: string;
  info: Buffer;
}

export interface CommonExtendedNegotiation {
  sopClassUid: string;
  serviceClassUid: string;
  relatedGeneralSopClassUids: string[];
}

/** User-Identity-Type of a user identity item (PS3.7 Table D.3-14). */
export enum UserIdentityType {
  Username = 1,
  UsernameAndPasscode = 2,
  Kerberos = 3,
  Saml = 4,
  Jwt = 5,
}

/** The user identity item of an A-ASSOCIATE-RQ (PS3.7 D.3.3.7.1). */
export interface UserIdentityRq {
  /** A UserIdentityType; other values are kept as received. */
  type: number;
  positiveResponseRequested: boolean;
  /** Username (UTF-8), Kerberos ticket, SAML assertion or JWT. */
  primary: Buffer;
  /** The passcode (UTF-8) for type 2; empty otherwise. */
  secondary: Buffer;
}

/** The smallest maximum length a peer may announce: a PDV item's 6-byte header and 2 bytes of data (PDVs are even). */
export const MIN_PEER_PDU_LENGTH = 8;

/** The user information item (PS3.7 Annex D, PS3.8 9.3.2.3/9.3.3.3). */
export interface UserInformation {
  /** Maximum P-DATA-TF PDU length the sender can receive; 0 = no limit. */
  maxPduLength: number;
  implementationClassUid: string;
  implementationVersionName?: string;
  asyncOps?: { maxInvoked: number; maxPerformed: number };
  roles: RoleSelection[];
  extended: ExtendedNegotiation[];
  commonExtended: CommonExtendedNegotiation[];
  userIdentity?: UserIdentityRq;
  /** The user identity item of an A-ASSOCIATE-AC: the server response (empty for identity types 1 and 2). */
  userIdentityResponse?: Buffer;
  /** Sub-items of unknown type, kept as read. */
  unknown: { type: number; data: Buffer }[];
}

export interface PresentationContextRq {
  id: number;
  abstractSyntax: string;
  transferSyntaxes: string[];
}

export interface PresentationContextAc {
  id: number;
  result: ContextResult;
  transferSyntax: string;
}

/** Called and calling AE title fields, 16 latin1 characters each. */
export interface AeTitleFields {
  called: string;
  calling: string;
}

export interface AssociateRq {
  type: typeof PDU_ASSOCIATE_RQ;
  protocolVersion: number;
  calledAeTitle: string;
  callingAeTitle: string;
  /**
   * The two AE title fields (called, calling) as 16 characters each, when they are other than the titles padded with
   * spaces (a leading space, NUL padding): as received, or to send. An A-ASSOCIATE-AC returns the request's as they
   * were received (PS3.8 9.3.3).
   */
  aeTitleFields?: AeTitleFields;
  applicationContext: string;
  contexts: PresentationContextRq[];
  user: UserInformation;
}

export interface AssociateAc {
  type: typeof PDU_ASSOCIATE_AC;
  protocolVersion: number;
  calledAeTitle: string;
  callingAeTitle: string;
  /**
   * The two AE title fields (called, calling) as 16 characters each, when they are other than the titles padded with
   * spaces (a leading space, NUL padding): as received, or to send. An A-ASSOCIATE-AC returns the request's as they
   * were received (PS3.8 9.3.3).
   */
  aeTitleFields?: AeTitleFields;
  applicationContext: string;
  contexts: PresentationContextAc[];
  user: UserInformation;
}

export interface AssociateRj {
  type: typeof PDU_ASSOCIATE_RJ;
  result: RejectResult;
  source: RejectSource;
  reason: number;
}

/** One presentation data value: a fragment of a command or data set. */
export interface Pdv {
  contextId: number;
  command: boolean;
  last: boolean;
  data: Buffer;
}

export interface DataTf {
  type: typeof PDU_DATA_TF;
  pdvs: Pdv[];
}

export interface ReleaseRq {
  type: typeof PDU_RELEASE_RQ;
}
export interface ReleaseRp {
  type: typeof PDU_RELEASE_RP;
}
export interface Abort {
  type: typeof PDU_ABORT;
  source: number;
  reason: number;
}

export type Pdu = AssociateRq | AssociateAc | AssociateRj | DataTf | ReleaseRq | ReleaseRp | Abort;

/** A PDU that cannot be decoded: the A-ABORT reason says why. */
export class PduError extends Error {
  constructor(
    message: string,
    readonly reason: AbortReason,
  ) {
    super(message);
    this.name = 'PduError';
  }
}

export function emptyUserInformation(): UserInformation {
  return { maxPduLength: 0, implementationClassUid: '', roles: [], extended: [], commonExtended: [], unknown: [] };
}

// ---- encoding -----------------------------------------------------------------------------------------------------

/** Builds variable-length content from parts. */
class Builder {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): this {
    this.parts.push(b);
    this.length += b.length;
    return this;
  }
  u8(n: number): this {
    return this.push(Buffer.from([n & 0xff]));
  }
  u16(n: number): this {
    const b = Buffer.allocUnsafe(2);
    b.writeUInt16BE(n & 0xffff);
    return this.push(b);
  }
  u32(n: number): this {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32BE(n >>> 0);
    return this.push(b);
  }
  ascii(s: string): this {
    return this.push(Buffer.from(s, 'latin1'));
  }
  /** A field after its 16-bit length. */
  field(b: Buffer): this {
    if (b.length > 0xffff) throw new RangeError(`field too long for its 16-bit length (${b.length} bytes)`);
    return this.u16(b.length).push(b);
  }
  /** An item: type, reserved, 16-bit length, content. */
  item(type: number, content: Buffer): this {
    if (content.length > 0xffff) throw new RangeError(`item 0x${type.toString(16)} too long (${content.length} bytes)`);
    return this.u8(type).u8(0).u16(content.length).push(content);
  }
  build(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

const uidBytes = (uid: string): Buffer => Buffer.from(uid, 'latin1');

/** AE titles are 16 bytes, space padded. */
function aeField(title: string): Buffer {
  const b = Buffer.alloc(16, 0x20);
  b.write(title.slice(0, 16), 0, 'latin1');
  return b;
}

function encodeUserInformation(user: UserInformation, ac: boolean): Buffer {
  const b = new Builder();
  b.item(0x51, new Builder().u32(user.maxPduLength).build());
  b.item(0x52, uidBytes(user.implementationClassUid));
  if (user.asyncOps) b.item(0x53, new Builder().u16(user.asyncOps.maxInvoked).u16(user.asyncOps.maxPerformed).build());
  for (const r of user.roles) {
    const uid = uidBytes(r.sopClassUid);
    b.item(0x54, new Builder().field(uid).u8(r.scuRole ? 1 : 0).u8(r.scpRole ? 1 : 0).build());
  }
  if (user.implementationVersionName) b.item(0x55, Buffer.from(user.implementationVersionName.slice(0, 16), 'latin1'));
  for (const e of user.extended) {
    const uid = uidBytes(e.sopClassUid);
    b.item(0x56, new Builder().field(uid).push(e.info).build());
  }
  if (!ac) {
    for (const c of user.commonExtended) {
      const sop = uidBytes(c.sopClassUid);
      const svc = uidBytes(c.serviceClassUid);
      const rel = new Builder();
      for (const r of c.relatedGeneralSopClassUids) rel.u16(r.length).ascii(r);
      const relBuf = rel.build();
      b.item(0x57, new Builder().field(sop).field(svc).field(relBuf).build());
    }
    if (user.userIdentity) {
      const u = user.userIdentity;
      b.item(0x58, new Builder().u8(u.type).u8(u.positiveResponseRequested ? 1 : 0).field(u.primary).field(u.secondary).build());
    }
  } else if (user.userIdentityResponse) {
    b.item(0x59, new Builder().field(user.userIdentityResponse).build());
  }
  for (const u of user.unknown) b.item(u.type, u.data);
  return b.build();
}

function header(type: number, length: number): Buffer {
  const h = Buffer.allocUnsafe(6);
  h[0] = type;
  h[1] = 0;
  h.writeUInt32BE(length, 2);
  return h;
}

function encodeAssociate(pdu: AssociateRq | AssociateAc): Buffer {
  const ac = pdu.type === PDU_ASSOCIATE_AC;
  const body = new Builder()
    .u16(pdu.protocolVersion)
    .u16(0)
    .push(aeField(pdu.aeTitleFields?.called ?? pdu.calledAeTitle))
    .push(aeField(pdu.aeTitleFields?.calling ?? pdu.callingAeTitle))
    .push(Buffer.alloc(32))
    .item(0x10, uidBytes(pdu.applicationContext));
  if (pdu.type === PDU_ASSOCIATE_RQ) {
    for (const pc of pdu.contexts) {
      const sub = new Builder().u8(pc.id).u8(0).u8(0).u8(0).item(0x30, uidBytes(pc.abstractSyntax));
      for (const ts of pc.transferSyntaxes) sub.item(0x40, uidBytes(ts));
      body.item(0x20, sub.build());
    }
  } else {
    for (const pc of pdu.contexts) {
      body.item(0x21, new Builder().u8(pc.id).u8(0).u8(pc.result).u8(0).item(0x40, uidBytes(pc.transferSyntax)).build());
    }
  }
  body.item(0x50, encodeUserInformation(pdu.user, ac));
  return Buffer.concat([header(pdu.type, body.length), body.build()]);
}

/** Encodes any PDU except P-DATA-TF, which is written by `dataTfHeader` without copying the fragment. */
export function encodePdu(pdu: Pdu): Buffer {
  switch (pdu.type) {
    case PDU_ASSOCIATE_RQ:
    case PDU_ASSOCIATE_AC:
      return encodeAssociate(pdu);
    case PDU_ASSOCIATE_RJ:
      return Buffer.concat([header(pdu.type, 4), Buffer.from([0, pdu.result, pdu.source, pdu.reason])]);
    case PDU_RELEASE_RQ:
    case PDU_RELEASE_RP:
      return Buffer.concat([header(pdu.type, 4), Buffer.alloc(4)]);
    case PDU_ABORT:
      return Buffer.concat([header(pdu.type, 4), Buffer.from([0, 0, pdu.source, pdu.reason])]);
    case PDU_DATA_TF: {
      const parts: Buffer[] = [];
      for (const pdv of pdu.pdvs) {
        parts.push(dataTfHeader(pdv.contextId, pdv.command, pdv.last, pdv.data.length).subarray(6), pdv.data);
      }
      const body = Buffer.concat(parts);
      return Buffer.concat([header(PDU_DATA_TF, body.length), body]);
    }
  }
}

/** The 12 bytes before a fragment in a P-DATA-TF PDU holding one PDV: PDU header, PDV length, context, control. */
export function dataTfHeader(contextId: number, command: boolean, last: boolean, fragmentLength: number): Buffer {
  const h = Buffer.allocUnsafe(12);
  h[0] = PDU_DATA_TF;
  h[1] = 0;
  h.writeUInt32BE(fragmentLength + 6, 2);
  h.writeUInt32BE(fragmentLength + 2, 6);
  h[10] = contextId;
  h[11] = (command ? 1 : 0) | (last ? 2 : 0);
  return h;
}

// ---- decoding -----------------------------------------------------------------------------------------------------

const countBytes = (n: number): string => `${n} byte${n === 1 ? '' : 's'}`;

/** Names of the items and sub-items of A-ASSOCIATE PDUs, for messages. */
const ITEM_NAMES: Record<number, string> = {
  0x10: 'application context', 0x20: 'presentation context', 0x21: 'presentation context', 0x30: 'abstract syntax',
  0x40: 'transfer syntax', 0x50: 'user information', 0x51: 'maximum length', 0x52: 'implementation class UID',
  0x53: 'asynchronous operations window', 0x54: 'role selection', 0x55: 'implementation version name',
  0x56: 'SOP class extended negotiation', 0x57: 'SOP class common extended negotiation', 0x58: 'user identity',
  0x59: 'user identity',
};

/** Reads items from a region, checking every length. */
class Reader {
  constructor(
    private readonly b: Buffer,
    public pos: number,
    private readonly limit: number,
    /** The PDU, then the item, for messages. */
    private readonly pdu: string,
    private readonly what = pdu,
  ) {}
  get remaining(): number {
    return this.limit - this.pos;
  }
  need(n: number): void {
    if (this.limit - this.pos < n) {
      throw new PduError(`${this.what}: ${countBytes(n)} needed at offset ${this.pos}, ${this.limit - this.pos} left`, AbortReason.InvalidPduParameterValue);
    }
  }
  u8(): number {
    this.need(1);
    return this.b[this.pos++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.b.readUInt16BE(this.pos);
    this.pos += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.b.readUInt32BE(this.pos);
    this.pos += 4;
    return v;
  }
  bytes(n: number): Buffer {
    this.need(n);
    const v = this.b.subarray(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
  text(n: number): string {
    return cleanUid(this.bytes(n).toString('latin1'));
  }
  /** A field after its 16-bit length (a copy), which must fit in what remains. */
  field(name: string): Buffer {
    if (this.remaining < 2) throw new PduError(`${this.what}: no length of the ${name} (${countBytes(this.remaining)} left)`, AbortReason.InvalidPduParameterValue);
    const length = this.u16();
    if (length > this.remaining) {
      throw new PduError(`${this.what}: the ${name} of ${length} bytes runs past the end of the item (${countBytes(this.remaining)} left)`, AbortReason.InvalidPduParameterValue);
    }
    return Buffer.from(this.bytes(length));
  }
  /** Nothing may follow the last field. */
  end(): void {
    if (this.remaining > 0) throw new PduError(`${this.what}: ${countBytes(this.remaining)} after the last field`, AbortReason.InvalidPduParameterValue);
  }
  /** The next item: its type and a reader over its content. */
  item(): { type: number; content: Reader; data: Buffer } {
    const type = this.u8();
    this.u8();
    const length = this.u16();
    const start = this.pos;
    const data = this.bytes(length);
    const name = `${ITEM_NAMES[type] ?? 'unknown'} item (0x${type.toString(16).padStart(2, '0')})`;
    return { type, content: new Reader(this.b, start, start + length, this.pdu, `${this.pdu} ${name}`), data };
  }
}

/** UIDs may arrive NUL- or space-padded. */
const cleanUid = (s: string): string => s.replace(/[\0 ]+$/, '').replace(/^[ ]+/, '');
const cleanAe = (field: string): string => field.replace(/[\0 ]+$/, '').replace(/^ +/, '');

function decodeUserInformation(r: Reader): UserInformation {
  const user = emptyUserInformation();
  let sawMax = false;
  while (r.remaining > 0) {
    const { type, content, data } = r.item();
    switch (type) {
      case 0x51:
        user.maxPduLength = content.u32();
        // Below 8 bytes no P-DATA-TF holds a PDV header (6 bytes) and an even fragment of data: nothing could be sent.
        if (user.maxPduLength > 0 && user.maxPduLength < MIN_PEER_PDU_LENGTH) {
          throw new PduError(`maximum length ${user.maxPduLength} leaves no room for a PDV (a P-DATA-TF needs ${MIN_PEER_PDU_LENGTH} bytes at least)`, AbortReason.InvalidPduParameterValue);
        }
        sawMax = true;
        break;
      case 0x52:
        user.implementationClassUid = content.text(data.length);
        break;
      case 0x53:
        user.asyncOps = { maxInvoked: content.u16(), maxPerformed: content.u16() };
        break;
      case 0x54: {
        const uid = content.text(content.u16());
        user.roles.push({ sopClassUid: uid, scuRole: content.u8() === 1, scpRole: content.u8() === 1 });
        break;
      }
      case 0x55:
        user.implementationVersionName = data.toString('latin1').replace(/[\0 ]+$/, '');
        break;
      case 0x56: {
        const uid = content.text(content.u16());
        user.extended.push({ sopClassUid: uid, info: Buffer.from(content.bytes(content.remaining)) });
        break;
      }
      case 0x57: {
        const sopClassUid = content.text(content.u16());
        const serviceClassUid = content.text(content.u16());
        const relLength = content.u16();
        const related: string[] = [];
        const end = content.pos + relLength;
        content.need(relLength);
        while (content.pos < end) related.push(content.text(content.u16()));
        user.commonExtended.push({ sopClassUid, serviceClassUid, relatedGeneralSopClassUids: related });
        break;
      }
      case 0x58: {
        // PS3.7 Table D.3-14: every field is there whatever the type (the secondary field may be empty); some
        // requestors leave the secondary field's length out when only a passcode (type 2) would use it.
        const type = content.u8();
        const positiveResponseRequested = content.u8() === 1;
        const primary = content.field('primary field');
        const secondary = content.remaining === 0 && type !== 2 ? Buffer.alloc(0) : content.field('secondary field');
        const identity: UserIdentityRq = { type, positiveResponseRequested, primary, secondary };
        content.end();
        user.userIdentity = identity;
        break;
      }
      case 0x59:
        user.userIdentityResponse = content.field('server response');
        content.end();
        break;
      default:
        user.unknown.push({ type, data: Buffer.from(data) });
    }
  }
  if (!sawMax) user.maxPduLength = 0;
  return user;
}

function decodeAssociate(type: number, b: Buffer): AssociateRq | AssociateAc {
  const what = type === PDU_ASSOCIATE_RQ ? 'A-ASSOCIATE-RQ' : 'A-ASSOCIATE-AC';
  const r = new Reader(b, 0, b.length, what);
  const protocolVersion = r.u16();
  r.u16();
  const called = r.bytes(16).toString('latin1');
  const calling = r.bytes(16).toString('latin1');
  const calledAeTitle = cleanAe(called);
  const callingAeTitle = cleanAe(calling);
  // Kept only when encoding the titles would not give them back.
  const aeTitleFields = called !== calledAeTitle.padEnd(16) || calling !== callingAeTitle.padEnd(16) ? { called, calling } : undefined;
  r.bytes(32);
  let applicationContext: string | undefined;
  let user: UserInformation | undefined;
  const rqContexts: PresentationContextRq[] = [];
  const acContexts: PresentationContextAc[] = [];
  while (r.remaining > 0) {
    const { type: itemType, content, data } = r.item();
    if (itemType === 0x10) applicationContext = cleanUid(data.toString('latin1'));
    else if (itemType === 0x20 && type === PDU_ASSOCIATE_RQ) {
      const id = content.u8();
      content.bytes(3);
      let abstractSyntax: string | undefined;
      const transferSyntaxes: string[] = [];
      while (content.remaining > 0) {
        const sub = content.item();
        if (sub.type === 0x30) abstractSyntax = cleanUid(sub.data.toString('latin1'));
        else if (sub.type === 0x40) transferSyntaxes.push(cleanUid(sub.data.toString('latin1')));
        // other sub-items are skipped (PS3.8 9.3.1)
      }
      if (abstractSyntax === undefined) throw new PduError(`${what}: presentation context ${id} has no abstract syntax`, AbortReason.InvalidPduParameterValue);
      rqContexts.push({ id, abstractSyntax, transferSyntaxes });
    } else if (itemType === 0x21 && type === PDU_ASSOCIATE_AC) {
      const id = content.u8();
      content.u8();
      const result = content.u8() as ContextResult;
      content.u8();
      let transferSyntax = '';
      while (content.remaining > 0) {
        const sub = content.item();
        if (sub.type === 0x40) transferSyntax = cleanUid(sub.data.toString('latin1'));
      }
      acContexts.push({ id, result, transferSyntax });
    } else if (itemType === 0x50) user = decodeUserInformation(content);
    // PS3.8 9.3.1: items of unrecognized types (here, any other) are ignored and skipped.
  }
  if (!applicationContext) throw new PduError(`${what}: no application context item`, AbortReason.InvalidPduParameterValue);
  if (!user) throw new PduError(`${what}: no user information item`, AbortReason.InvalidPduParameterValue);
  if (type === PDU_ASSOCIATE_RQ) {
    return { type: PDU_ASSOCIATE_RQ, protocolVersion, calledAeTitle, callingAeTitle, ...(aeTitleFields && { aeTitleFields }), applicationContext, contexts: rqContexts, user };
  }
  return { type: PDU_ASSOCIATE_AC, protocolVersion, calledAeTitle, callingAeTitle, ...(aeTitleFields && { aeTitleFields }), applicationContext, contexts: acContexts, user };
}

function decodeDataTf(b: Buffer): DataTf {
  const pdvs: Pdv[] = [];
  let pos = 0;
  while (pos < b.length) {
    if (b.length - pos < 6) throw new PduError(`P-DATA-TF: truncated PDV header at offset ${pos}`, AbortReason.InvalidPduParameterValue);
    const length = b.readUInt32BE(pos);
    if (length < 2 || length > b.length - pos - 4) {
      throw new PduError(`P-DATA-TF: PDV length ${length} does not fit the PDU (${b.length - pos - 4} bytes left)`, AbortReason.InvalidPduParameterValue);
    }
    const contextId = b[pos + 4]!;
    const control = b[pos + 5]!;
    pdvs.push({ contextId, command: (control & 1) === 1, last: (control & 2) === 2, data: b.subarray(pos + 6, pos + 4 + length) });
    pos += 4 + length;
  }
  if (pdvs.length === 0) throw new PduError('P-DATA-TF without any PDV', AbortReason.InvalidPduParameterValue);
  return { type: PDU_DATA_TF, pdvs };
}

/** Decodes a PDU body (the bytes after the 6-byte header). */
export function decodePdu(type: number, body: Buffer): Pdu {
  switch (type) {
    case PDU_ASSOCIATE_RQ:
    case PDU_ASSOCIATE_AC:
      return decodeAssociate(type, body);
    case PDU_ASSOCIATE_RJ:
      if (body.length !== 4) throw new PduError(`A-ASSOCIATE-RJ of length ${body.length} (expected 4)`, AbortReason.InvalidPduParameterValue);
      return { type, result: body[1]!, source: body[2]!, reason: body[3]! };
    case PDU_DATA_TF:
      return decodeDataTf(body);
    case PDU_RELEASE_RQ:
    case PDU_RELEASE_RP:
      if (body.length !== 4) throw new PduError(`release PDU of length ${body.length} (expected 4)`, AbortReason.InvalidPduParameterValue);
      return { type };
    case PDU_ABORT:
      if (body.length !== 4) throw new PduError(`A-ABORT of length ${body.length} (expected 4)`, AbortReason.InvalidPduParameterValue);
      return { type, source: body[2]!, reason: body[3]! };
    default:
      throw new PduError(`unrecognized PDU type 0x${type.toString(16).padStart(2, '0')}`, AbortReason.UnrecognizedPdu);
  }
}

export function describeReject(rj: { result: number; source: number; reason: number }): string {
  const result = rj.result === RejectResult.Permanent ? 'permanent' : rj.result === RejectResult.Transient ? 'transient' : `result ${rj.result}`;
  let reason = `reason ${rj.reason}`;
  if (rj.source === RejectSource.ServiceUser) {
    reason = ({ 1: 'no reason given', 2: 'application context name not supported', 3: 'calling AE title not recognized', 7: 'called AE title not recognized' } as Record<number, string>)[rj.reason] ?? reason;
  } else if (rj.source === RejectSource.ServiceProviderAcse) {
    reason = ({ 1: 'no reason given', 2: 'protocol version not supported' } as Record<number, string>)[rj.reason] ?? reason;
  } else if (rj.source === RejectSource.ServiceProviderPresentation) {
    reason = ({ 1: 'temporary congestion', 2: 'local limit exceeded' } as Record<number, string>)[rj.reason] ?? reason;
  }
  const source = ({ 1: 'service user', 2: 'service provider (ACSE)', 3: 'service provider (presentation)' } as Record<number, string>)[rj.source] ?? `source ${rj.source}`;
  return `association rejected (${result}) by the ${source}: ${reason}`;
}

export function describeAbort(a: { source: number; reason: number }): string {
  if (a.source === AbortSource.ServiceUser) return 'association aborted by the peer (service user)';
  const reasons: Record<number, string> = {
    0: 'reason not specified', 1: 'unrecognized PDU', 2: 'unexpected PDU', 4: 'unrecognized PDU parameter',
    5: 'unexpected PDU parameter', 6: 'invalid PDU parameter value',
  };
  return `association aborted by the peer's service provider: ${reasons[a.reason] ?? `reason ${a.reason}`}`;
}
