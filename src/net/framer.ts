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

/** Hard cap on any PDU, whatever was announced: lengths read from the wire are never trusted. */
export const HARD_PDU_CAP = 64 * 1024 * 1024;

/**
 * Cuts a byte stream into PDUs. Each PDU length is checked against the limits before anything is buffered for it;
 * a PDU that arrives in one chunk is returned as a view on that chunk, without copying.
 */
export class PduFramer {
  private chunks: Buffer[] = [];
  private buffered = 0;

  constructor(private readonly limits: FramerLimits) {}

  get pendingBytes(): number {
    return this.buffered;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
  }

  private limitFor(type: number): number {
    if (type === PDU_DATA_TF) return this.limits.maxDataPdu > 0 ? Math.min(this.limits.maxDataPdu, HARD_PDU_CAP) : HARD_PDU_CAP;
    if (type === PDU_ASSOCIATE_RQ || type === PDU_ASSOCIATE_AC) return this.limits.maxAssociatePdu;
    if (type >= 0x03 && type <= 0x07) return 4;
    throw new PduError(`unrecognized PDU type 0x${type.toString(16).padStart(2, '0')}`, AbortReason.UnrecognizedPdu);
  }

  private peekHeader(): { type: number; length: number } {
    let first = this.chunks[0]!;
    if (first.length < 6) {
      first = Buffer.concat(this.chunks);
      this.chunks = [first];
    }
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
}
