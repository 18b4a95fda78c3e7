import { Dataset } from '../core/dataset.js';
import { Element, Encapsulated, Sequence, isBulkRef, loadBulk, swapBytes, type BulkRef, type Fragment } from '../core/element.js';
import { DicomError, type DicomErrorCode } from '../core/errors.js';
import { keywordOf } from '../core/dictionary.js';
import { knownVR, onlyKnownVR } from '../core/known-vr.js';
import { pixelValueVR, pixelValueVRPending } from '../core/pixel-value-vr.js';
import { beyondDefaultRepertoire } from '../core/values/repertoire.js';
import {
  ITEM, ITEM_DELIMITATION, PIXEL_DATA, SEQUENCE_DELIMITATION, UNDEFINED_LENGTH, formatTag, isGroupLength, type Tag,
} from '../core/tag.js';
import { explicitHeaderLength, hasLongHeader, isBulkVR, isLaterVRCode, swapUnit, vrFromCode, type VR } from '../core/vr.js';
import type { ByteSource } from './byte-source.js';
import type { ResolvedReadOptions } from './read-options.js';
import type { TransferSyntax } from './transfer-syntax.js';

interface Encoding {
  explicitVR: boolean;
  littleEndian: boolean;
}

const IMPLICIT_LE: Encoding = { explicitVR: false, littleEndian: true };

interface Header {
  tag: Tag;
  vr: VR;
  length: number;
  headerLength: number;
  /** The file says UN: the value is the attribute's Implicit VR Little Endian encoding (PS3.5 6.2.2). */
  saysUN?: boolean;
  /** This element and those after it are in Implicit VR Little Endian, whatever the transfer syntax says. */
  implicitFromHere?: true;
  /** The header's VR is damaged and its length a guess: a length past the end says nothing of the file's end. */
  damagedHeader?: true;
}

/** Warnings kept per read: each costs about 250 bytes, and a damaged file can raise one per element. */
const MAX_WARNINGS = 1000;

/** The words of the reader's message on a value of odd length: a validator that says it itself tells it by them. */
export const ODD_VALUE_LENGTH = 'odd value length';

/**
 * Whether a damaged VR ("ZZ") followed by the 16-bit length `shortLength` is the header of a group length (gggg,0000),
 * which is UL (PS3.5 7.2): 4 bytes. Its 32-bit reading cannot tell it from a VR added to the standard, as that reading
 * is its own value, the length of the rest of its group, which ends at an element whenever the value is right.
 */
export const damagedGroupLength = (tag: Tag, shortLength: number): boolean => isGroupLength(tag) && shortLength === 4;

/** Thrown by a parser that reads a prefix of the data (see `DatasetParser`) when it needs bytes past the prefix. */
export class PrefixExhausted extends Error {
  /** `needs`: how long the data is at least, when a value that runs past the prefix tells (its end). */
  constructor(readonly needs?: number) {
    super('the data set needs more bytes than the prefix read so far');
  }
}

/** A problem as a warning says it: "offset N, (gggg,eeee): message" (the tag when known). */
const located = (message: string, offset: number, tag?: Tag): string =>
  `offset ${offset}${tag === undefined ? '' : `, ${formatTag(tag)}`}: ${message}`;

/**
 * Parses the elements of a data set from a byte source in one transfer syntax. Every length is checked against
 * what remains and against the limits before anything is allocated; problems either throw a DicomError or, when
 * lenient, become warnings and parsing recovers what it can.
 */
export class DatasetParser {
  private readonly budget: { elements: number };
  /** Pixel values read in Implicit VR before any Pixel Representation (read as US), settled once the data set is read. */
  private readonly unsettled: { ds: Dataset; tag: Tag }[] = [];

  /**
   * With `prefix`, the source holds only the start of the data: where the data would run past its end, or might
   * go on after it, the parser throws PrefixExhausted instead of reporting damage. `container`: what the elements
   * parsed are, as messages name it (the file meta information is parsed by a parser of its own).
   */
  constructor(
    private readonly src: ByteSource,
    private readonly options: ResolvedReadOptions,
    private readonly prefix = false,
    private readonly container = 'the data set',
  ) {
    this.budget = options.budget;
  }

  /** Parses from `offset` to `end` into `ds`; returns the offset reached. */
  parse(ds: Dataset, offset: number, end: number, syntax: TransferSyntax | Encoding): number {
    const pos = this.parseElements(ds, offset, end, syntax, 0, false);
    for (const { ds: within, tag } of this.unsettled.splice(0)) {
      const element = within.getElementByTag(tag);
      if (element?.vr === 'US') element.vr = pixelValueVR(within, tag)!;
    }
    if (this.prefix && pos >= this.src.length) throw new PrefixExhausted();
    return pos;
  }

  /** `recovery` says, in the warning only, how a lenient read goes on. */
  private fail(code: DicomErrorCode, message: string, offset: number, tag?: Tag, recovery?: string): void {
    if (!this.options.lenient) throw new DicomError(code, message, { file: this.options.file, offset, tag });
    this.warn(recovery ? `${message}; ${recovery}` : message, offset, tag);
  }

  /**
   * Two bytes that are no VR at all (00H 00H, a lowercase "cs"), read leniently as `recovery` says, a guess: the first
   * is kept (invalidVR), as what was read there may be in a VR or under a tag its bytes do not mean.
   */
  private invalidVR(text: string, offset: number, tag: Tag, recovery: string): void {
    const message = `invalid VR "${text}"`;
    this.fail('BAD_VR', message, offset, tag, recovery);
    this.options.invalidVR ??= located(message, offset, tag);
  }

  /** The data stops before what it announces: damage, unless the source is a prefix and the rest would tell. */
  private short(code: DicomErrorCode, message: string, offset: number, end: number, tag?: Tag, needs?: number): void {
    if (this.prefix && end >= this.src.length) throw new PrefixExhausted(needs);
    this.fail(code, message, offset, tag);
    // What runs past the end of the data itself is missing (a file cut short), not merely mis-delimited.
    if ((end >= this.src.length && code !== 'TRUNCATED') || /^data ends inside/.test(message)) this.options.cutShort = true;
  }

  /**
   * An item or sequence of undefined length that stops at `end` without its delimiter. Where that is the end of the
   * data, the first is kept (endsUndelimited): a reader cannot tell a writer's missing delimiter from a cut between
   * two of its elements, but a caller that knows the whole file's length may.
   */
  private undelimited(message: string, end: number, tag?: Tag): void {
    this.short('TRUNCATED', message, end, end, tag);
    if (end >= this.src.length) this.options.endsUndelimited ??= { offset: end, warning: located(message, end, tag) };
  }

  /** A problem that loses nothing the file meant, so it is reported even when strict. */
  private warn(message: string, offset: number, tag?: Tag): void {
    const warnings = this.options.warnings;
    if (warnings.length > MAX_WARNINGS) return;
    warnings.push(warnings.length < MAX_WARNINGS ? located(message, offset, tag) : `more than ${MAX_WARNINGS} problems; the rest are not listed`);
  }

  /**
   * Counts an element, item or fragment against the read's budget (limits.maxElements); false once it is spent,
   * which is reported the first time.
   */
  private spend(offset: number, tag: Tag): boolean {
    if (--this.budget.elements >= 0) return true;
    if (this.budget.elements === -1) {
      this.fail('LIMIT_EXCEEDED', `more than ${this.options.limits.maxElements} elements, items and fragments in one read (limits.maxElements)`, offset, tag);
    }
    return false;
  }

  /** Adds an element; a tag met twice in one data set keeps its first value, as dcmtk does, and is reported. */
  private add(ds: Dataset, element: Element, offset: number): void {
    if (ds.getElementByTag(element.tag)) this.warn(`appears twice in ${this.container}; the first value is kept`, offset, element.tag);
    else ds.addElement(element);
  }

  private u16(b: Buffer, o: number, le: boolean): number {
    return le ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!;
  }

  private u32(b: Buffer, o: number, le: boolean): number {
    return le ? b.readUInt32LE(o) : b.readUInt32BE(o);
  }

  /** Tag and 32-bit length at `offset` (the item/delimiter header form), read in place. */
  private readTag(offset: number, le: boolean): Tag {
    const b = this.src.fetch(offset, 4);
    const i = offset - this.src.base;
    return ((this.u16(b, i, le) << 16) | this.u16(b, i + 2, le)) >>> 0;
  }

  private readHeader(ds: Dataset, offset: number, end: number, enc: Encoding): Header | undefined {
    const le = enc.littleEndian;
    if (end - offset < 8) {
      this.short('TRUNCATED', `data ends inside an element header (${end - offset} bytes left)`, offset, end);
      return undefined;
    }
    const available = end - offset >= 12 ? 12 : 8;
    const b = this.src.fetch(offset, available);
    const i = offset - this.src.base;
    const tag = ((this.u16(b, i, le) << 16) | this.u16(b, i + 2, le)) >>> 0;
    if (tag === ITEM || tag === ITEM_DELIMITATION || tag === SEQUENCE_DELIMITATION) {
      return { tag, vr: 'UN', length: this.u32(b, i + 4, le), headerLength: 8 };
    }
    if (enc.explicitVR) {
      const code = (b[i + 4]! << 8) | b[i + 5]!;
      const vr = vrFromCode(code);
      if (vr && !hasLongHeader(vr)) return { tag, vr, length: this.u16(b, i + 6, le), headerLength: 8 };
      if (vr || isLaterVRCode(code)) {
        // A 16-bit VR damaged into capitals on the data's last element may leave no room for a 32-bit length.
        if (!vr) return this.laterVR(ds, code, this.u16(b, i + 6, le), available < 12 ? undefined : this.u32(b, i + 8, le), offset, end, tag, le);
        if (available < 12) {
          this.short('TRUNCATED', 'data ends inside an element header', offset, end, tag);
          return undefined;
        }
        return { tag, vr, length: this.u32(b, i + 8, le), headerLength: 12, saysUN: vr === 'UN' };
      }
      const text = printable(String.fromCharCode(b[i + 4]!, b[i + 5]!));
      const implicitLength = this.u32(b, i + 4, le);
      // dcmtk reads a 16-bit length after bytes that are no VR: right when the next element starts after it (or
      // after a 32-bit length, where the VR lost was a long-header one).
      const shortLength = this.u16(b, i + 6, le);
      const longLength = available < 12 ? -1 : this.u32(b, i + 8, le);
      // Read as Implicit VR, the element ends where another Implicit VR element starts: the data set is in Implicit
      // VR whatever its transfer syntax says (as some writers left it). Checked first, as a value's own bytes may
      // pass for an explicit element after a 16-bit length (a 24-byte Image Type, whose length reads as VR 0x1800
      // and length 0, starts "DERIVED": a tag and a VR "VE"); pydicom reads such data sets as Implicit VR too.
      if (le && this.implicitElementAt(offset + 8 + implicitLength, end, tag)) {
        // Not an invalidVR: every element from here on is read where it is, as what it is.
        this.fail('BAD_VR', `invalid VR "${text}"`, offset, tag, `${this.container} is in Implicit VR Little Endian from this element on and is read so`);
        return { tag, vr: this.implicitVR(ds, tag), length: implicitLength, headerLength: 8, implicitFromHere: true };
      }
      if (this.elementAt(offset + 8 + shortLength, end, tag, le)) {
        this.invalidVR(text, offset, tag, 'reading the element as UN with a 16-bit length, as dcmtk does');
        return { tag, vr: 'UN', length: shortLength, headerLength: 8 };
      }
      if (longLength >= 0 && this.elementAt(offset + 12 + longLength, end, tag, le)) {
        this.invalidVR(text, offset, tag, 'reading the element as UN with a 32-bit length');
        return { tag, vr: 'UN', length: longLength, headerLength: 12 };
      }
      // Otherwise, most likely, the data set is in Implicit VR whatever its transfer syntax says.
      this.invalidVR(text, offset, tag, 'reading the element as implicit VR');
    }
    return { tag, vr: this.implicitVR(ds, tag), length: this.u32(b, i + 4, le), headerLength: 8 };
  }

  /**
   * Whether an Implicit VR Little Endian element (of a tag after `after`, or a delimiter) starts at `offset`: two
   * bytes that are no VR where an explicit element has its VR, and a length that fits before `end` (or is undefined).
   * Reads past the buffer a caller holds: call it once done with that buffer.
   */
  private implicitElementAt(offset: number, end: number, after: Tag): boolean {
    if (end - offset < 8) return false;
    const b = this.src.fetch(offset, 8);
    const i = offset - this.src.base;
    const tag = ((this.u16(b, i, true) << 16) | this.u16(b, i + 2, true)) >>> 0;
    if (tag <= after || explicitHeaderLength((b[i + 4]! << 8) | b[i + 5]!) !== undefined) return false;
    const length = b.readUInt32LE(i + 4);
    return length === UNDEFINED_LENGTH || offset + 8 + length <= end;
  }

  /**
   * Whether an Explicit VR element (of a tag after `after`, or a delimiter) starts at `offset`, or the data ends there.
   * Reads past the buffer a caller holds: call it once done with that buffer.
   */
  private elementAt(offset: number, end: number, after: Tag, le: boolean): boolean {
    if (offset === end) return true;
    if (end - offset < 8) return false;
    const b = this.src.fetch(offset, 8);
    const i = offset - this.src.base;
    const tag = ((this.u16(b, i, le) << 16) | this.u16(b, i + 2, le)) >>> 0;
    if (tag === ITEM_DELIMITATION || tag === SEQUENCE_DELIMITATION) return true;
    return tag > after && explicitHeaderLength((b[i + 4]! << 8) | b[i + 5]!) !== undefined;
  }

  /**
   * An explicit VR the parser does not know that is two capital letters ("XY"). PS3.5 7.1.2 gives every VR but the
   * listed 16-bit ones two reserved bytes and a 32-bit length, so a VR added to the standard after this reader is read
   * as UN with that header, as dcmtk reads it, losing nothing (a warning, even when strict). When that length does not
   * end where another element starts but a 16-bit length does, the bytes are a damaged VR of a 16-bit one (ZZ for
   * CS): the element is read with that length, as pydicom reads it, in its attribute's VR when that is known
   * (damagedVRRead), and the rest of the data set stays in step (dcmtk
   * goes on from the wrong length and reads the rest as garbage). When neither does, the header is damaged; the
   * 32-bit reading stands, and its length is not taken for a file cut short. `longLength` is undefined where the data
   * ends before one: only the 16-bit reading can hold, and without it the data ends inside the header. A group length
   * whose 16-bit length is its UL's (damagedGroupLength) is read so first: its 32-bit reading, its own value, would
   * swallow the rest of its group (the whole meta group, its Transfer Syntax UID with it) as one UN value.
   */
  private laterVR(ds: Dataset, code: number, shortLength: number, longLength: number | undefined, offset: number, end: number, tag: Tag, le: boolean): Header | undefined {
    const text = String.fromCharCode(code >> 8, code & 0xff);
    const groupLength = longLength !== undefined && damagedGroupLength(tag, shortLength) && this.elementAt(offset + 8 + shortLength, end, tag, le);
    if (!groupLength && longLength !== undefined && (longLength === UNDEFINED_LENGTH || this.elementAt(offset + 12 + longLength, end, tag, le))) {
      this.warn(`unknown VR "${text}"; read as UN with a 32-bit length, the header of VRs added to the standard`, offset, tag);
      return { tag, vr: 'UN', length: longLength, headerLength: 12 };
    }
    // Where a length past a prefix lands, only the rest of the data tells.
    const longEnd = offset + 12 + (longLength ?? 0);
    if (!groupLength && this.prefix && end >= this.src.length && longEnd > end) throw new PrefixExhausted(longEnd);
    if (groupLength || this.elementAt(offset + 8 + shortLength, end, tag, le)) {
      const message = longLength === undefined
        ? `invalid VR "${text}": the data ends before a 32-bit length, and with its 16-bit length (${shortLength})`
        : groupLength ? `invalid VR "${text}": a group length is UL, and its 16-bit length (${shortLength}) ends at an element (its value, ${longLength}, read as a 32-bit length, would take the rest of its group as its own)`
        : `invalid VR "${text}": its 32-bit length (${longLength}) does not end at an element, its 16-bit length (${shortLength}) does`;
      const vr = this.damagedVRRead(ds, tag);
      const inVR = vr === 'UN' ? 'as UN ' : '';
      this.fail('BAD_VR', message, offset, tag, `reading the element ${inVR}with the 16-bit length, as pydicom does${inVR ? '' : `, in its attribute's VR (${vr})`}`);
      this.options.damagedVR ??= located(message, offset, tag);
      return { tag, vr, length: shortLength, headerLength: 8 };
    }
    if (longLength === undefined) {
      this.short('TRUNCATED', 'data ends inside an element header', offset, end, tag);
      return undefined;
    }
    const message = `invalid VR "${text}": neither its 32-bit length (${longLength}) nor its 16-bit length (${shortLength}) ends at an element`;
    this.fail('BAD_VR', message, offset, tag, 'reading the element as UN with the 32-bit length');
    this.options.damagedVR ??= located(message, offset, tag);
    return { tag, vr: 'UN', length: longLength, headerLength: 12, damagedHeader: true };
  }

  /**
   * The VR an element whose 16-bit VR was damaged into two capital letters is read in: its attribute's one VR
   * (onlyKnownVR), when that is a 16-bit one, so that its value is that VR's encoding (in the transfer syntax's byte
   * order, which UN would not swap) and reads as the value it is (Modality "XC", not bytes 58\43); UN otherwise.
   * Bytes that are no VR at all stay UN, as dcmdump shows them.
   */
  private damagedVRRead(ds: Dataset, tag: Tag): VR {
    const vr = onlyKnownVR(ds, tag);
    return vr && !hasLongHeader(vr) ? vr : 'UN';
  }

  private implicitVR(ds: Dataset, tag: Tag): VR {
    if (pixelValueVRPending(ds, tag)) this.unsettled.push({ ds, tag });
    return knownVR(ds, tag);
  }

  private parseElements(ds: Dataset, offset: number, end: number, enc: Encoding, depth: number, untilDelimiter: boolean): number {
    let pos = offset;
    // The tag before, for PS3.5 7.1's ascending order: a data set out of order is said once (it is written in order).
    let previous = -1;
    let ordered = true;
    while (pos < end) {
      const header = this.readHeader(ds, pos, end, enc);
      if (!header) return end;
      if (header.implicitFromHere) enc = { ...enc, explicitVR: false };
      const { tag, length, headerLength } = header;
      if (depth === 0 && tag >= this.options.stopAtTag) return pos;
      const valueStart = pos + headerLength;
      if (tag === ITEM_DELIMITATION) {
        if (untilDelimiter) return valueStart;
        this.fail('BAD_ITEM', 'item delimiter outside an item', pos, tag);
        pos = valueStart;
        continue;
      }
      if (tag === ITEM || tag === SEQUENCE_DELIMITATION) {
        this.fail('BAD_ITEM', `${tag === ITEM ? 'item' : 'sequence delimiter'} where an element was expected`, pos, tag);
        if (!this.options.lenient) return end;
        pos = tag === ITEM && length !== UNDEFINED_LENGTH ? valueStart + Math.min(length, end - valueStart) : valueStart;
        continue;
      }
      if (!this.spend(pos, tag)) return end;
      if (ordered && tag < previous) {
        this.warn(`comes after ${formatTag(previous)}: elements are not in ascending order; they are kept, and written in order`, pos, tag);
        ordered = false;
      }
      previous = tag;
      pos = this.parseValue(ds, header, pos, valueStart, end, enc, depth);
    }
    if (untilDelimiter) this.undelimited('item ends without an item delimiter', end);
    return pos;
  }

  /**
   * PS3.5 A.4: the data set's Pixel Data is encapsulated (undefined length) exactly when the transfer syntax says so.
   * Otherwise its bytes cannot be decoded as the syntax claims (dcmtk refuses such a file too); lenient reading keeps
   * them as they are, with a warning.
   */
  private checkPixelDataEncoding(h: Header, start: number, enc: Encoding): void {
    const encapsulatedSyntax = (enc as Partial<TransferSyntax>).encapsulated;
    if (encapsulatedSyntax === undefined) return; // an item's encoding, or a raw data set without a known syntax
    const uid = (enc as TransferSyntax).uid;
    if (encapsulatedSyntax && h.length !== UNDEFINED_LENGTH && h.length > 0) {
      this.fail('BAD_VALUE', `Pixel Data has a defined length (${h.length} bytes), but transfer syntax ${uid} requires encapsulated pixel data`, start, h.tag);
    } else if (!encapsulatedSyntax && h.length === UNDEFINED_LENGTH) {
      this.fail('BAD_VALUE', `Pixel Data is encapsulated (undefined length), but transfer syntax ${uid} is native`, start, h.tag);
    }
  }

  /** Reads one element's value into `ds`; returns the offset after it. */
  private parseValue(ds: Dataset, h: Header, start: number, valueStart: number, end: number, enc: Encoding, depth: number): number {
    const { tag } = h;
    let { vr } = h;
    if (tag === PIXEL_DATA && depth === 0) this.checkPixelDataEncoding(h, start, enc);
    // A UN the dictionary knows (a newer attribute, or a registered private block, that a system on the way did not
    // know) is read in its VR, as from Implicit VR, whose encoding its value is (PS3.5 6.2.2); readUnknownInKnownVR
    // does the same to a data set in memory.
    const known = h.saysUN ? this.implicitVR(ds, tag) : vr;
    if (h.length === UNDEFINED_LENGTH) {
      if (vr === 'SQ' || vr === 'UN' || (!enc.explicitVR && tag !== PIXEL_DATA)) {
        // In Implicit VR an undefined length can only be a sequence; explicit UN keeps its VR (PS3.5 6.2.2) unless
        // known as one.
        if (!enc.explicitVR || known === 'SQ') vr = 'SQ';
        const items: Dataset[] = [];
        const itemEnc = h.vr === 'UN' ? IMPLICIT_LE : enc;
        const next = this.parseItems(ds, items, valueStart, end, itemEnc, depth + 1, true, tag);
        this.add(ds, new Element(tag, vr, new Sequence(items, true)), start);
        return next;
      }
      if (tag !== PIXEL_DATA || (vr !== 'OB' && vr !== 'OW')) return this.parseUndefinedValue(ds, h, start, valueStart, end, enc);
      const { value, next } = this.parseFragments(valueStart, end, enc, tag, 'encapsulated Pixel Data');
      this.add(ds, new Element(tag, vr, value), start);
      return next;
    }
    let length = h.length;
    if (length > this.options.limits.maxValueLength) {
      this.fail('LIMIT_EXCEEDED', `value length ${length} exceeds the limit of ${this.options.limits.maxValueLength} bytes (limits.maxValueLength)`, start, tag);
      return end;
    }
    if (valueStart + length > end && h.damagedHeader) {
      this.fail('LENGTH_PAST_END', `value length ${length}, read after a damaged VR, runs past the end of its container (${end - valueStart} bytes left)`, start, tag, 'the rest of the container is read as its value');
      length = end - valueStart;
    } else if (valueStart + length > end) {
      this.short('LENGTH_PAST_END', `value length ${length} runs past the end of its container (${end - valueStart} bytes left)`, start, end, tag, valueStart + length);
      length = end - valueStart;
    }
    if (length % 2 === 1 && vr !== 'SQ') this.fail('ODD_LENGTH', `${ODD_VALUE_LENGTH} ${length}`, start, tag);
    // Implicit VR hides the VR of private and unknown sequences; a value made of items is one. Opening with an
    // item's tag is not enough: binary data may start with those four bytes (dcmtk then keeps the bytes too).
    if (vr === 'UN' && !enc.explicitVR && length >= 8 && this.holdsItems(valueStart, valueStart + length, enc.littleEndian)) vr = 'SQ';
    // A known sequence's items, in Implicit VR; bytes that are no items stay UN, as they arrived.
    const knownItems = known === 'SQ' && vr === 'UN' && this.holdsItems(valueStart, valueStart + length, true);
    if (vr === 'SQ' || knownItems) {
      const items: Dataset[] = [];
      this.parseItems(ds, items, valueStart, valueStart + length, knownItems ? IMPLICIT_LE : enc, depth + 1, false, tag);
      this.add(ds, new Element(tag, 'SQ', new Sequence(items, false)), start);
      return valueStart + length;
    }
    // Taken as UN: little endian whatever the transfer syntax.
    const value = this.takeValue(valueStart, length, vr, enc);
    const elementVR = known === 'SQ' ? vr : known;
    if (Buffer.isBuffer(value)) this.warnBeyondRepertoire(ds, tag, elementVR, value, start);
    this.add(ds, new Element(tag, elementVR, value), start);
    return valueStart + length;
  }

  /** A CS, AE or other value held to the default repertoire with 8-bit bytes: kept, read in the character set, and told. */
  private warnBeyondRepertoire(ds: Dataset, tag: Tag, vr: VR, value: Buffer, offset: number): void {
    const problem = beyondDefaultRepertoire(vr, value, ds);
    if (!problem) return;
    const charsets = ds.characterSets();
    const readAs = charsets.some((term) => term !== '') ? `Specific Character Set "${charsets.join('\\')}"` : 'Latin-1 (no Specific Character Set)';
    const keyword = keywordOf(tag);
    this.warn(`${keyword ? `${keyword} ` : ''}${vr} ${problem}; kept, read in ${readAs}`, offset, tag);
  }

  /**
   * PS3.5 7.1.1: besides sequences (SQ, UN), only encapsulated Pixel Data (OB or OW; in the data set, or in an item
   * for an icon image) has an undefined length. dcmtk refuses any other such value, so a strict read does too.
   * Read leniently, the value becomes one of defined length: the items it holds joined (as some writers split an
   * encapsulated document), or else its bytes up to the sequence delimiter.
   */
  private parseUndefinedValue(ds: Dataset, h: Header, start: number, valueStart: number, end: number, enc: Encoding): number {
    const { tag, vr } = h;
    const le = enc.littleEndian;
    const items = end - valueStart >= 8 && this.readTag(valueStart, le) === ITEM;
    const recovery = items ? 'its items are joined into one value' : 'its bytes up to the sequence delimiter are read as its value';
    this.fail('BAD_VALUE', `${vr} value of undefined length: only sequences and encapsulated Pixel Data may have one (PS3.5 7.1.1)`, start, tag, recovery);
    let value: Buffer | BulkRef;
    let next: number;
    if (items) {
      const read = this.parseFragments(valueStart, end, enc, tag, `the ${vr} value of ${keywordOf(tag) ?? formatTag(tag)}`);
      const joined = Buffer.concat([read.value.offsetTable, ...read.value.fragments].map((f) => (isBulkRef(f) ? loadBulk(f) : f)));
      value = le || swapUnit(vr) === 1 ? joined : swapBytes(joined, swapUnit(vr));
      next = read.next;
    } else {
      const delimiter = this.findDelimiter(valueStart, end, le);
      value = this.takeValue(valueStart, delimiter - valueStart, vr, enc);
      next = Math.min(delimiter + 8, end);
      if (delimiter === end) this.short('TRUNCATED', `${vr} value of undefined length ends without a sequence delimiter`, end, end, tag);
    }
    this.add(ds, new Element(tag, vr, value), start);
    return next;
  }

  /** Where the first sequence delimiter (with its zero length) in [offset, end) starts; `end` when there is none. */
  private findDelimiter(offset: number, end: number, le: boolean): number {
    const mark = le ? DELIMITER_LE : DELIMITER_BE;
    const chunk = 64 * 1024;
    for (let pos = offset; pos < end; pos += chunk - (mark.length - 1)) {
      const n = Math.min(chunk, end - pos);
      const b = this.src.fetch(pos, n);
      const i = pos - this.src.base;
      const found = b.subarray(i, i + n).indexOf(mark);
      if (found !== -1) return pos + found;
      if (pos + n === end) break;
    }
    return end;
  }

  /** Whether [offset, end) is items of defined lengths that fill it exactly, or opens with an item of undefined length. */
  private holdsItems(offset: number, end: number, le: boolean): boolean {
    let pos = offset;
    while (pos + 8 <= end) {
      if (this.readTag(pos, le) !== ITEM) return false;
      const b = this.src.fetch(pos + 4, 4);
      const length = this.u32(b, pos + 4 - this.src.base, le);
      if (length === UNDEFINED_LENGTH) return true;
      pos += 8 + length;
    }
    return pos === end;
  }

  /** `lazy`: leave the value on disk whatever its length (a fragment of pixel data past lazyThreshold). */
  private takeValue(offset: number, length: number, vr: VR, enc: Encoding, lazy = length >= this.options.lazyThreshold): Buffer | BulkRef {
    const unit = enc.littleEndian ? 1 : swapUnit(vr);
    if (lazy && isBulkVR(vr)) {
      const ref = this.src.bulk(offset, length, unit);
      if (ref) return ref;
    }
    const bytes = this.src.keep(offset, length);
    return unit > 1 ? swapBytes(Buffer.from(bytes), unit) : bytes;
  }

  private parseItems(parent: Dataset, items: Dataset[], offset: number, end: number, enc: Encoding, depth: number, undefinedLength: boolean, seqTag: Tag): number {
    if (depth > this.options.limits.maxDepth) {
      this.fail('TOO_DEEP', `sequences nested deeper than ${this.options.limits.maxDepth} (limits.maxDepth)`, offset, seqTag);
      return undefinedLength ? this.skipSequence(offset, end, enc, seqTag) : end;
    }
    let pos = offset;
    while (pos < end) {
      if (end - pos < 8) {
        this.short('TRUNCATED', 'data ends inside an item header', pos, end, seqTag);
        return end;
      }
      const le = enc.littleEndian;
      const b = this.src.fetch(pos, 8);
      const i = pos - this.src.base;
      const tag = ((this.u16(b, i, le) << 16) | this.u16(b, i + 2, le)) >>> 0;
      const length = this.u32(b, i + 4, le);
      pos += 8;
      if (tag === SEQUENCE_DELIMITATION) {
        if (undefinedLength) return pos;
        this.fail('BAD_ITEM', 'sequence delimiter in a sequence of defined length', pos - 8, seqTag);
        continue;
      }
      if (tag !== ITEM) {
        this.fail('BAD_ITEM', `expected an item in ${formatTag(seqTag)}, found ${formatTag(tag)}`, pos - 8, seqTag);
        return end;
      }
      if (items.length >= this.options.limits.maxItems) {
        this.fail('LIMIT_EXCEEDED', `more than ${this.options.limits.maxItems} items in one sequence (limits.maxItems)`, pos - 8, seqTag);
        return end;
      }
      if (!this.spend(pos - 8, seqTag)) return end;
      const item = new Dataset(parent);
      items.push(item);
      if (length === UNDEFINED_LENGTH) {
        item.undefinedLength = true;
        pos = this.parseElements(item, pos, end, enc, depth, true);
      } else {
        let itemEnd = pos + length;
        if (itemEnd > end) {
          this.short('LENGTH_PAST_END', `item length ${length} runs past the end of its sequence`, pos - 8, end, seqTag);
          itemEnd = end;
        }
        this.parseElements(item, pos, itemEnd, enc, depth, false);
        pos = itemEnd;
      }
    }
    if (undefinedLength) this.undelimited(`sequence ${formatTag(seqTag)} ends without a delimiter`, end, seqTag);
    return pos;
  }

  /**
   * Where an undefined-length sequence whose items are not read (nested past maxDepth) ends: just after its
   * delimiter, found by walking its elements and items with a count of the levels open rather than by reading them
   * (no recursion, however deep), so that what follows it is read; `end` when no delimiter closes it. The items of
   * such a sequence were skipped to the end of the data, and every element after the sequence with them.
   */
  private skipSequence(offset: number, end: number, enc: Encoding, seqTag: Tag): number {
    const le = enc.littleEndian;
    let open = 1;
    let pos = offset;
    while (pos + 8 <= end) {
      const b = this.src.fetch(pos, Math.min(12, end - pos));
      const i = pos - this.src.base;
      const tag = ((this.u16(b, i, le) << 16) | this.u16(b, i + 2, le)) >>> 0;
      let length: number;
      if (tag === ITEM || tag === ITEM_DELIMITATION || tag === SEQUENCE_DELIMITATION || !enc.explicitVR) {
        length = this.u32(b, i + 4, le);
        pos += 8;
      } else {
        const vr = vrFromCode((b[i + 4]! << 8) | b[i + 5]!);
        if (vr && !hasLongHeader(vr)) {
          length = this.u16(b, i + 6, le);
          pos += 8;
        } else {
          if (pos + 12 > end) break;
          length = this.u32(b, i + 8, le);
          pos += 12;
        }
      }
      if (tag === ITEM_DELIMITATION || tag === SEQUENCE_DELIMITATION) {
        if (--open === 0) return pos;
      } else if (length === UNDEFINED_LENGTH) open++;
      else pos += length;
    }
    this.undelimited(`sequence ${formatTag(seqTag)} ends without a delimiter`, end, seqTag);
    return end;
  }

  /**
   * Encapsulated pixel data: the Basic Offset Table item, then fragments up to the sequence delimiter. Other values
   * of undefined length made of items are read so too (then joined); `what` names the value in warnings.
   */
  private parseFragments(offset: number, end: number, enc: Encoding, tag: Tag, what: string): { value: Encapsulated; next: number } {
    let pos = offset;
    let offsetTable: Buffer | undefined;
    const fragments: Fragment[] = [];
    /** The fragments are one value: once they add up to lazyThreshold, the rest stay on disk whatever their size. */
    let fragmentBytes = 0;
    const done = (next: number) => ({ value: new Encapsulated(offsetTable ?? Buffer.alloc(0), fragments), next });
    while (pos < end) {
      if (end - pos < 8) break;
      const b = this.src.fetch(pos, 8);
      const i = pos - this.src.base;
      const itemTag = ((this.u16(b, i, enc.littleEndian) << 16) | this.u16(b, i + 2, enc.littleEndian)) >>> 0;
      let length = this.u32(b, i + 4, enc.littleEndian);
      pos += 8;
      if (itemTag === SEQUENCE_DELIMITATION) return done(pos);
      if (itemTag !== ITEM || length === UNDEFINED_LENGTH) {
        this.fail('BAD_ITEM', `expected an item in ${what}, found ${formatTag(itemTag)}`, pos - 8, tag);
        return done(end);
      }
      if (pos + length > end) {
        this.short('LENGTH_PAST_END', `item length ${length} in ${what} runs past the end of the data`, pos - 8, end, tag);
        length = end - pos;
      }
      if (offsetTable !== undefined && fragments.length >= this.options.limits.maxItems) {
        this.fail('LIMIT_EXCEEDED', `more than ${this.options.limits.maxItems} items in ${what} (limits.maxItems)`, pos - 8, tag);
        return done(end);
      }
      if (!this.spend(pos - 8, tag)) return done(end);
      if (offsetTable === undefined) offsetTable = this.src.keep(pos, length);
      else {
        fragmentBytes += length;
        fragments.push(this.takeValue(pos, length, 'OB', enc, fragmentBytes >= this.options.lazyThreshold));
      }
      pos += length;
    }
    this.short('TRUNCATED', `${what} ends without a sequence delimiter`, end, end, tag);
    return done(end);
  }
}

/** A sequence delimiter with its zero length, as Little and Big Endian write it. */
const DELIMITER_LE = Buffer.from([0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
const DELIMITER_BE = Buffer.from([0xff, 0xfe, 0xe0, 0xdd, 0, 0, 0, 0]);

function printable(s: string): string {
  return [...s].map((c) => (c >= ' ' && c <= '~' ? c : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)).join('');
}
