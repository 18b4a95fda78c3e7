import type { Dataset } from '../core/dataset.js';
import { Element, Encapsulated, Sequence, isBulkRef, swapBytes } from '../core/element.js';
import { DicomError } from '../core/errors.js';
import { checkNesting } from '../core/limits-in-force.js';
import {
  ITEM, ITEM_DELIMITATION, PIXEL_DATA, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH, formatTag, isGroupLength, tagGroup, type Tag,
} from '../core/tag.js';
import { hasLongHeader, padByte, swapUnit, type VR } from '../core/vr.js';
import type { ByteSink } from './byte-sink.js';

/** How sequence and item lengths are written: as read (new sequences get explicit lengths), or all one way. */
export type SequenceLengthPolicy = 'preserve' | 'undefined' | 'defined';

interface Encoding {
  explicitVR: boolean;
  littleEndian: boolean;
}

const IMPLICIT_LE: Encoding = { explicitVR: false, littleEndian: true };

/**
 * Encodes data sets in one transfer syntax. Lengths of defined-length sequences, items and retired group lengths are
 * computed from the content, so the output is consistent whatever was edited.
 */
export class DatasetWriter {
  /** Lengths of the items that hold sequences, by item, unless the writer keeps none (keepLengths). */
  private readonly lengths: WeakMap<object, number> | undefined;
  /** Element and item headers are built here: the sink copies small writes, so one buffer serves them all. */
  private readonly longHeader = Buffer.allocUnsafe(12);
  private readonly shortHeader = this.longHeader.subarray(0, 8);
  private nesting = 0;

  /**
   * @param keepLengths false: an item's length is computed each time it is asked for, and none is kept. Writing needs
   *   each item's length twice (in its sequence's, then its own header) and would compute it again at every level of
   *   nesting above it, so the lengths of items that hold sequences are kept; those of the others, whose elements are
   *   summed again at no more cost than their headers are written, are not (a sequence of 1,000,000 items would hold
   *   30-60 MiB of them while it is written). A writer asked for a length now and then (dump) keeps none: it would
   *   hold them for as long as it lives.
   */
  constructor(
    private readonly sink: ByteSink,
    private readonly policy: SequenceLengthPolicy = 'preserve',
    keepLengths = true,
  ) {
    if (keepLengths) this.lengths = new WeakMap();
  }

  write(ds: Dataset, syntax: Encoding): void {
    this.writeElements(ds, syntax);
  }

  private undefinedSequence(seq: Sequence): boolean {
    return this.policy === 'preserve' ? seq.undefinedLength : this.policy === 'undefined';
  }

  /** Whether an item is written with an undefined length (and an item delimiter), by the policy. */
  undefinedItem(item: Dataset): boolean {
    return this.policy === 'preserve' ? item.undefinedLength : this.policy === 'undefined';
  }

  private writeElements(ds: Dataset, enc: Encoding): void {
    for (const el of ds) {
      if (isGroupLength(el.tag) && tagGroup(el.tag) !== 0) this.writeGroupLength(ds, el, enc);
      else this.writeElement(el, enc);
    }
  }

  private writeGroupLength(ds: Dataset, el: Element, enc: Encoding): void {
    const group = tagGroup(el.tag);
    let total = 0;
    for (const other of ds) if (tagGroup(other.tag) === group && other.tag !== el.tag) total += this.elementLength(other, enc);
    const value = Buffer.alloc(4);
    value.writeUInt32LE(total);
    this.writeElement(new Element(el.tag, 'UL', value), enc);
  }

  /**
   * The VR written: values too long for a 16-bit length cannot keep a short-header VR in explicit syntaxes. Numbers
   * become the "other" VR of the same width (a 65536-entry US LUT is OW, as dcmtk writes it), so that byte swapping
   * stays right in big endian; anything else becomes UN.
   */
  private outputVR(el: Element, enc: Encoding): VR {
    if (!enc.explicitVR || hasLongHeader(el.vr) || el.value instanceof Sequence || paddedLength(el.length) <= 0xfffe) return el.vr;
    return LONG_FORM[el.vr] ?? 'UN';
  }

  /** Runs one level of item nesting, refusing more than a reader accepts (and so a sequence that contains itself). */
  private nested<T>(body: () => T): T {
    this.nesting++;
    try {
      checkNesting(this.nesting);
      return body();
    } finally {
      this.nesting--;
    }
  }

  private writeHeader(tag: Tag, vr: VR, length: number, enc: Encoding): void {
    const le = enc.littleEndian;
    const long = hasLongHeader(vr);
    const header = enc.explicitVR && long ? this.longHeader : this.shortHeader;
    writeTag(header, tag, le);
    if (!enc.explicitVR) {
      writeU32(header, 4, length, le);
    } else {
      header[4] = vr.charCodeAt(0);
      header[5] = vr.charCodeAt(1);
      if (long) {
        header.writeUInt16LE(0, 6);
        writeU32(header, 8, length, le);
      } else {
        if (le) header.writeUInt16LE(length, 6);
        else header.writeUInt16BE(length, 6);
      }
    }
    this.sink.write(header);
  }

  private writeItemHeader(tag: Tag, length: number, enc: Encoding): void {
    const header = this.shortHeader;
    writeTag(header, tag, enc.littleEndian);
    writeU32(header, 4, length, enc.littleEndian);
    this.sink.write(header);
  }

  private writeElement(el: Element, enc: Encoding): void {
    const v = el.value;
    if (v instanceof Sequence) {
      // UN of undefined length holds its items in Implicit VR Little Endian whatever the transfer syntax.
      const itemEnc = el.vr === 'UN' && enc.explicitVR ? IMPLICIT_LE : enc;
      const undefinedLength = this.undefinedSequence(v) || el.vr === 'UN';
      this.writeHeader(el.tag, enc.explicitVR ? el.vr : 'SQ', undefinedLength ? UNDEFINED_LENGTH : this.sequenceLength(v, itemEnc), enc);
      for (const item of v.items) this.writeItem(item, itemEnc);
      if (undefinedLength) this.writeItemHeader(SEQUENCE_DELIMITATION, 0, itemEnc);
      return;
    }
    if (v instanceof Encapsulated) {
      this.writeHeader(el.tag, encapsulatedVR(el), UNDEFINED_LENGTH, enc);
      this.writeItemHeader(ITEM, v.offsetTable.length, enc);
      this.sink.write(v.offsetTable);
      for (const f of v.fragments) {
        this.writeItemHeader(ITEM, f.length, enc);
        if (isBulkRef(f)) this.sink.writeBulk(f, 1);
        else this.sink.write(f);
      }
      this.writeItemHeader(SEQUENCE_DELIMITATION, 0, enc);
      return;
    }
    const vr = this.outputVR(el, enc);
    const length = paddedLength(v.length);
    if (length > 0xfffffffe) throw new DicomError('LIMIT_EXCEEDED', `${formatTag(el.tag)} is too long to encode`, { tag: el.tag });
    this.writeHeader(el.tag, vr, length, enc);
    const unit = enc.littleEndian ? 1 : swapUnit(vr);
    if (isBulkRef(v)) this.sink.writeBulk(v, unit);
    else this.sink.write(unit > 1 ? swapBytes(Buffer.from(v), unit) : v);
    // PS3.5 7.1.1: every value has an even length; an odd one (set by hand, or read leniently) gets the VR's pad byte.
    if (length > v.length) this.sink.write(padByte(el.vr) === 0x20 ? SPACE : NUL);
  }

  private writeItem(item: Dataset, enc: Encoding): void {
    this.nested(() => {
      const undefinedLength = this.undefinedItem(item);
      this.writeItemHeader(ITEM, undefinedLength ? UNDEFINED_LENGTH : this.datasetLength(item, enc), enc);
      this.writeElements(item, enc);
      if (undefinedLength) this.writeItemHeader(ITEM_DELIMITATION, 0, enc);
    });
  }

  // ---- lengths ------------------------------------------------------------------------------------------------

  /** Encoded length of a data set's elements (kept for an item that holds a sequence, unless keepLengths is false). */
  datasetLength(ds: Dataset, enc: Encoding): number {
    const known = this.lengths?.get(ds);
    if (known !== undefined) return known;
    let total = 0;
    let nests = false;
    for (const el of ds) {
      total += this.elementLength(el, enc);
      nests ||= el.value instanceof Sequence;
    }
    if (nests) this.lengths?.set(ds, total);
    return total;
  }

  private sequenceLength(seq: Sequence, enc: Encoding): number {
    let total = 0;
    for (const item of seq.items) {
      total += 8 + this.nested(() => this.datasetLength(item, enc));
      if (this.undefinedItem(item)) total += 8;
    }
    return total;
  }

  elementLength(el: Element, enc: Encoding): number {
    const v = el.value;
    if (v instanceof Sequence) {
      const itemEnc = el.vr === 'UN' && enc.explicitVR ? IMPLICIT_LE : enc;
      const undefinedLength = this.undefinedSequence(v) || el.vr === 'UN';
      return headerLength(enc.explicitVR ? el.vr : 'SQ', enc) + this.sequenceLength(v, itemEnc) + (undefinedLength ? 8 : 0);
    }
    if (v instanceof Encapsulated) {
      return headerLength(encapsulatedVR(el), enc) + 8 + v.offsetTable.length + v.fragments.reduce((n, f) => n + 8 + f.length, 0) + 8;
    }
    return headerLength(this.outputVR(el, enc), enc) + paddedLength(v.length);
  }
}

/** Short-header VRs too long for a 16-bit length, by the long-header VR of the same value width. */
const LONG_FORM: Partial<Record<VR, VR>> = { US: 'OW', SS: 'OW', UL: 'OL', SL: 'OL', FL: 'OF', FD: 'OD', SV: 'OV', UV: 'OV' };
const SPACE = Buffer.from(' ');
const NUL = Buffer.alloc(1);

const paddedLength = (length: number): number => length + (length % 2);

/**
 * Fragments (an undefined length) belong to Pixel Data alone (PS3.5 7.1.1, A.4), in the data set or in an item (an
 * icon image): dcmtk cannot read them on any other element. They are written as OB (PS3.5 A.4), as dcmtk writes them,
 * whatever VR the element was later given.
 */
function encapsulatedVR(el: Element): VR {
  if (el.tag !== PIXEL_DATA) {
    throw new DicomError('BAD_VALUE', `${formatTag(el.tag)} holds fragments (an encapsulated value), which only Pixel Data (7FE0,0010) may hold`, { tag: el.tag });
  }
  return 'OB';
}

function headerLength(vr: VR, enc: Encoding): number {
  return enc.explicitVR && hasLongHeader(vr) ? 12 : 8;
}

function writeTag(b: Buffer, tag: Tag, le: boolean): void {
  if (le) {
    b.writeUInt16LE(tag >>> 16, 0);
    b.writeUInt16LE(tag & 0xffff, 2);
  } else {
    b.writeUInt16BE(tag >>> 16, 0);
    b.writeUInt16BE(tag & 0xffff, 2);
  }
}

function writeU32(b: Buffer, offset: number, value: number, le: boolean): void {
  if (le) b.writeUInt32LE(value >>> 0, offset);
  else b.writeUInt32BE(value >>> 0, offset);
}
