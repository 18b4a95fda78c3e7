import { AbortReason, PDU_ASSOCIATE_AC, PDU_ASSOCIATE_RQ, PDU_DATA_TF, PduError } from './pdu.js';

export interface RawPdu {
  type: number;
  body: Buffer;
}

export interface FramerLimits {
  /** Largest P-DATA-TF PDU accepted (the length we announced; 0 = our hard cap). */
  maxDataPdu: number;
  /** Largest A-ASSOCIATE-RQ/AC accepted. */
  maxAssociatePdu: number;
}

/**
 * What `nextEvent` yields: a whole PDU, or — for a P-DATA-TF streamed as it arrives — the start of a PDV, a piece
 * of its value and its end. Pieces are views on the bytes pushed: valid only until `detach` or the next `push` when
 * those bytes were pushed as transient.
 */
export type FrameEvent =
  | { kind: 'pdu'; type: number; body: Buffer }
  | { kind: 'pdv'; contextId: number; command: boolean; last: boolean; length: number }
  | { kind: 'data'; bytes: Buffer }
  | { kind: 'pdv-end' };

/** Hard cap on any PDU, whatever was announced: lengths read from the wire are never trusted. */
export const HARD_PDU_CAP = 64 * 1024 * 1024;

/**
 * Cuts a byte stream into PDUs. Each PDU length is checked against the limits before anything is buffered for it;
 * a PDU that arrives in one chunk is returned as a view on that chunk, without copying.
 *
 * With `nextEvent` and `streamData` returning true, P-DATA-TF PDUs are not assembled: their PDV headers are parsed
 * across chunk boundaries and the values handed out as slices of the chunks as they arrive (no copy, whatever the
 * PDU size).
 */
export class PduFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** Inside a streamed P-DATA-TF: bytes of the PDU not yet consumed. */
  private pduLeft = 0;
  /** Inside a PDV value: bytes not yet handed out (-1: between PDVs). */
  private pdvLeft = -1;
  /** Whether the current P-DATA-TF has had a PDV. */
  /** Whether a streamed P-DATA-TF is open (its header consumed). */
  private inData = false;

  constructor(
    private readonly limits: FramerLimits,
    /** Whether a P-DATA-TF starting now may be streamed (else it is assembled and returned whole). */
    public streamData: () => boolean = () => false,
  ) {}

  get pendingBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  /** Copies whatever is still buffered, so that the chunks pushed may be reused by their owner. */
  detach(): void {
    if (this.buffered === 0) return;
    this.chunks = [Buffer.concat(this.chunks, this.buffered)];
  }

  private limitFor(type: number): number {
    if (type === PDU_DATA_TF) return this.limits.maxDataPdu > 0 ? Math.min(this.limits.maxDataPdu, HARD_PDU_CAP) : HARD_PDU_CAP;
    if (type === PDU_ASSOCIATE_RQ || type === PDU_ASSOCIATE_AC) return this.limits.maxAssociatePdu;
    if (type >= 0x03 && type <= 0x07) return 4;
    throw new PduError(`unrecognized PDU type 0x${type.toString(16).padStart(2, '0')}${this.tlsHint() || this.textHint()}`, AbortReason.UnrecognizedPdu);
  }

  /**
   * A TLS record starting a handshake (content type 22, version 3.x): a requestor that speaks TLS (storescu +tls,
   * send --tls) on a connection that does not, which would otherwise read as an unknown PDU type 0x16.
   */
  private tlsHint(): string {
    const head = this.peek(Math.min(this.buffered, 3));
    if (head.length < 3 || head[0] !== 0x16 || head[1] !== 0x03 || head[2]! > 0x04) return '';
    return ' — a TLS handshake: the other side uses TLS, this port does not (serve with --tls-cert and --tls-key, or connect without TLS)';
  }

  /**
   * When the bytes that are not a PDU read as a line of text, they are quoted: a web server's port given for the DICOM
   * one ("HTTP/1.1 400 Bad Request"), a browser or curl pointed at a DICOM port ("GET / HTTP/1.1").
   */
  private textHint(): string {
    const head = this.peek(Math.min(this.buffered, 80)).subarray(0, 80);
    const line = head.toString('latin1').split(/\r?\n/)[0]!;
    if (line.length < 4 || !/^[\x20-\x7e]+$/.test(line)) return '';
    return ` — this is not DICOM: the other side sent text ("${line}"; is it a web server, or the port of another service?)`;
  }

  /** The first `n` buffered bytes (n small), contiguous; copies only when they span chunks. */
  private peek(n: number): Buffer {
    const first = this.chunks[0]!;
    if (first.length >= n) return first;
    const joined = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [joined];
    return joined;
  }

  private skip(n: number): void {
    this.buffered -= n;
    while (n > 0) {
      const c = this.chunks[0]!;
      if (c.length <= n) {
        this.chunks.shift();
        n -= c.length;
      } else {
        this.chunks[0] = c.subarray(n);
        n = 0;
      }
    }
  }

  private peekHeader(): { type: number; length: number } {
    const first = this.peek(6);
    return { type: first[0]!, length: first.readUInt32BE(2) };
  }

  /** The next complete PDU, or undefined if more bytes are needed. Throws PduError on an invalid header. */
  next(): RawPdu | undefined {
    if (this.buffered < 6) return undefined;
    const { type, length } = this.peekHeader();
    const limit = this.limitFor(type);
    if (length > limit) {
      throw new PduError(`PDU type 0x${type.toString(16).padStart(2, '0')} of length ${length} exceeds the limit of ${limit} bytes`, AbortReason.InvalidPduParameterValue);
    }
    const total = 6 + length;
    if (this.buffered < total) return undefined;
    let whole: Buffer;
    const first = this.chunks[0]!;
    if (first.length >= total) {
      whole = first.subarray(0, total);
      if (first.length === total) this.chunks.shift();
      else this.chunks[0] = first.subarray(total);
    } else {
      whole = Buffer.allocUnsafe(total);
      let got = 0;
      while (got < total) {
        const c = this.chunks[0]!;
        const take = Math.min(c.length, total - got);
        c.copy(whole, got, 0, take);
        got += take;
        if (take === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(take);
      }
    }
    this.buffered -= total;
    return { type, body: whole.subarray(6) };
  }

  /** The next event, or undefined if more bytes are needed. Throws PduError on anything invalid. */
  nextEvent(): FrameEvent | undefined {
    if (!this.inData) {
      if (this.buffered < 6) return undefined;
      const { type, length } = this.peekHeader();
      if (type !== PDU_DATA_TF || !this.streamData()) {
        const raw = this.next();
        return raw ? { kind: 'pdu', type: raw.type, body: raw.body } : undefined;
      }
      const limit = this.limitFor(type);
      if (length > limit) {
        throw new PduError(`PDU type 0x04 of length ${length} exceeds the limit of ${limit} bytes`, AbortReason.InvalidPduParameterValue);
      }
      if (length === 0) throw new PduError('P-DATA-TF without any PDV', AbortReason.InvalidPduParameterValue);
      this.skip(6);
      this.inData = true;
      this.pduLeft = length;
      this.pdvLeft = -1;
    }
    if (this.pdvLeft < 0) {
      if (this.pduLeft === 0) {
        this.inData = false;
        return this.nextEvent();
      }
      if (this.pduLeft < 6) throw new PduError(`P-DATA-TF: truncated PDV header (${this.pduLeft} bytes left in the PDU)`, AbortReason.InvalidPduParameterValue);
      if (this.buffered < 6) return undefined;
      const h = this.peek(6);
      const length = h.readUInt32BE(0);
      if (length < 2 || length > this.pduLeft - 4) {
        throw new PduError(`P-DATA-TF: PDV length ${length} does not fit the PDU (${this.pduLeft - 4} bytes left)`, AbortReason.InvalidPduParameterValue);
      }
      const contextId = h[4]!;
      const control = h[5]!;
      this.skip(6);
      this.pduLeft -= 6;
      this.pdvLeft = length - 2;
      return { kind: 'pdv', contextId, command: (control & 1) === 1, last: (control & 2) === 2, length: length - 2 };
    }
    if (this.pdvLeft === 0) {
      this.pdvLeft = -1;
      return { kind: 'pdv-end' };
    }
    if (this.buffered === 0) return undefined;
    const c = this.chunks[0]!;
    const take = Math.min(c.length, this.pdvLeft);
    const bytes = take === c.length ? c : c.subarray(0, take);
    if (take === c.length) this.chunks.shift();
    else this.chunks[0] = c.subarray(take);
    this.buffered -= take;
    this.pdvLeft -= take;
    this.pduLeft -= take;
    return { kind: 'data', bytes };
  }
}
