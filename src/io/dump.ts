import { valueBytes, type Dataset } from '../core/dataset.js';
import { Encapsulated, Sequence, type BulkRef, type Element } from '../core/element.js';
import { checkNesting } from '../core/limits-in-force.js';
import { ITEM, ITEM_DELIMITATION, SEQUENCE_DELIMITATION, type Tag } from '../core/tag.js';
import { MemorySink } from './byte-sink.js';
import { DatasetWriter } from './dataset-writer.js';
import { attributeName, transferSyntaxName } from './dump-names.js';
import { LineBuffer, dumpLine } from './dump-lines.js';
import { NOT_LOADED, binaryText, hexText, notLoadedText, stringText, valueFormat, type ValueText } from './dump-values.js';
import type { DicomFile } from './part10-reader.js';
import { EXPLICIT_VR_BE, EXPLICIT_VR_LE, IMPLICIT_VR_LE, transferSyntax, type TransferSyntax } from './transfer-syntax.js';

export interface DumpOptions {
  /** Width of the value column before it is cut with "..." (dcmdump's 70, brackets included); 0 = print in full. */
  maxValueLength?: number;
  /** Print the File Meta Information (default true). */
  showMeta?: boolean;
  /** Show well-known UIDs as =Keyword, as dcmdump does unless given -Un (default true). */
  uidNames?: boolean;
  /** Transfer syntax whose encoding the length column reports, for dumpDataset (default Explicit VR Little Endian). */
  transferSyntaxUid?: string;
  /** Values longer than this many bytes print as "(not loaded)", as with dcmdump -M (4096); default: none. */
  loadLimit?: number;
}

const DEFAULT_LIMIT = 70;
/** What values other than text are printed with: they have no character set. */
const NO_CHARSETS: readonly string[] = [];

/**
 * A DICOM file as dcmdump prints it (meta header, then the data set, one line per element, item and delimiter),
 * handed to `write` as texts of whole lines: a file of a million items is printed without its whole text in memory.
 */
export function writeDump(file: DicomFile, write: (text: string) => void, options: DumpOptions = {}): void {
  const out = new LineBuffer(write);
  if (options.showMeta !== false) {
    const metaSyntax = file.metaImplicitVR ? IMPLICIT_VR_LE : file.metaBigEndian ? EXPLICIT_VR_BE : EXPLICIT_VR_LE;
    const known = file.meta.size > 0;
    out.add(`\n# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n# Used TransferSyntax: ${known ? transferSyntaxName(metaSyntax) : 'Unknown Transfer Syntax'}\n`);
    new DumpWriter(out, options, metaSyntax).dataset(file.meta, 0);
  }
  out.add(`\n# Dicom-Data-Set\n# Used TransferSyntax: ${transferSyntaxName(file.transferSyntaxUid)}\n`);
  // A deflated data set is inflated whole: nothing in it is left unread, so dcmdump -M prints every value of it.
  const datasetOptions = transferSyntax(file.transferSyntaxUid).deflated ? { ...options, loadLimit: undefined } : options;
  new DumpWriter(out, datasetOptions, file.transferSyntaxUid).dataset(file.dataset, 0);
  out.flush();
}

/** The dump of a file as one text (writeDump). */
export function dumpFile(file: DicomFile, options: DumpOptions = {}): string {
  const texts: string[] = [];
  writeDump(file, (text) => texts.push(text), options);
  return texts.join('');
}

/** The element lines of a data set alone (no headers), e.g. for a network message or one item. */
export function dumpDataset(ds: Dataset, options: DumpOptions = {}): string {
  const texts: string[] = [];
  const out = new LineBuffer((text) => texts.push(text));
  new DumpWriter(out, options, options.transferSyntaxUid ?? EXPLICIT_VR_LE).dataset(ds, 0);
  out.flush();
  return texts.join('');
}

class DumpWriter {
  private readonly limit: number;
  private readonly loadLimit: number;
  private readonly uidNames: boolean;
  private readonly syntax: TransferSyntax;
  /**
   * Computes the lengths of explicit-length sequences and items, as they are (or would be) encoded, keeping none: a
   * sequence's, then each item's as it is printed, are computed from its elements again, where keeping every item's
   * held memory for each until the file was printed (64 MiB for 1,000,000 items).
   */
  private lengthsWriter: DatasetWriter | undefined;
  private charsetsOf: Dataset | undefined;
  private charsetsFound: readonly string[] = NO_CHARSETS;

  constructor(
    private readonly out: LineBuffer,
    options: DumpOptions,
    transferSyntaxUid: string,
  ) {
    const limit = options.maxValueLength ?? DEFAULT_LIMIT;
    this.limit = limit > 0 ? limit : Infinity;
    this.loadLimit = options.loadLimit ?? Infinity;
    this.uidNames = options.uidNames !== false;
    this.syntax = transferSyntax(transferSyntaxUid);
  }

  dataset(ds: Dataset, level: number): void {
    // By tag rather than through the iterator: this loop runs for every element of every file dumped.
    const tags = ds.tags();
    for (let i = 0; i < tags.length; i++) this.element(ds, ds.getElementByTag(tags[i]!)!, level);
  }

  /** The character sets of a data set's text, found once per data set (and only when it has text to print). */
  private charsets(ds: Dataset): readonly string[] {
    if (this.charsetsOf !== ds) {
      this.charsetsOf = ds;
      this.charsetsFound = ds.characterSets();
    }
    return this.charsetsFound;
  }

  private get lengths(): DatasetWriter {
    return (this.lengthsWriter ??= new DatasetWriter(new MemorySink(), 'preserve', false));
  }

  private line(level: number, t: Tag, vr: string, value: string, length: number | 'u/l', vm: number, name: string): void {
    this.out.add(dumpLine(level, t, vr, value, length, vm, name));
  }

  private element(ds: Dataset, el: Element, level: number): void {
    const v = el.value;
    const name = attributeName(ds, el.tag);
    if (v instanceof Sequence) return this.sequence(el, v, name, level);
    if (v instanceof Encapsulated) return this.pixelSequence(el, v, name, level);
    const { text, vm } = this.valueText(ds, el);
    this.line(level, el.tag, el.vr, text, v.length, vm, name);
  }

  private valueText(ds: Dataset, el: Element): ValueText {
    const format = valueFormat(el.vr);
    const charsets = format.text ? this.charsets(ds) : NO_CHARSETS;
    if (el.length > this.loadLimit) return notLoadedText(el.value as Buffer | BulkRef, format, charsets);
    if (format.text) return stringText(valueBytes(el), format, charsets, this.limit, this.uidNames);
    return binaryText(el.value as Buffer | BulkRef, format, this.limit);
  }

  /** dcmdump reads undefined-length UN as a sequence and prints it as SQ; so does this. */
  private sequence(el: Element, seq: Sequence, name: string, level: number): void {
    const undefinedLength = seq.undefinedLength || el.vr === 'UN';
    const itemSyntax = el.vr === 'UN' ? transferSyntax('1.2.840.10008.1.2') : this.syntax;
    const length = undefinedLength ? 'u/l' : this.lengths.elementLength(el, this.syntax) - (this.syntax.explicitVR ? 12 : 8);
    const kind = undefinedLength ? 'undefined' : 'explicit';
    this.line(level, el.tag, 'SQ', `(Sequence with ${kind} length #=${seq.items.length})`, length, 1, name);
    for (const item of seq.items) {
      // Counted at the items, as the reader counts: a sequence one past its limit is read without them, and printed.
      checkNesting(level / 2 + 1); // each item indents two levels
      const itemLength = item.undefinedLength ? 'u/l' : this.lengths.datasetLength(item, itemSyntax);
      const itemKind = item.undefinedLength ? 'undefined' : 'explicit';
      this.line(level + 1, ITEM, 'na', `(Item with ${itemKind} length #=${item.size})`, itemLength, 1, 'Item');
      this.dataset(item, level + 2);
      const end = item.undefinedLength ? '(ItemDelimitationItem)' : '(ItemDelimitationItem for re-encoding)';
      this.line(level + 1, ITEM_DELIMITATION, 'na', end, 0, 0, 'ItemDelimitationItem');
    }
    const end = undefinedLength ? '(SequenceDelimitationItem)' : '(SequenceDelimitationItem for re-encod.)';
    this.line(level, SEQUENCE_DELIMITATION, 'na', end, 0, 0, 'SequenceDelimitationItem');
  }

  private pixelSequence(el: Element, value: Encapsulated, name: string, level: number): void {
    this.line(level, el.tag, el.vr, `(PixelSequence #=${value.fragments.length + 1})`, 'u/l', 1, name);
    for (const item of [value.offsetTable, ...value.fragments]) {
      const text = item.length > this.loadLimit ? NOT_LOADED : hexText(item, false, this.limit).text;
      this.line(level + 1, ITEM, 'pi', text, item.length, 1, 'Item');
    }
    this.line(level, SEQUENCE_DELIMITATION, 'na', '(SequenceDelimitationItem)', 0, 0, 'SequenceDelimitationItem');
  }
}
