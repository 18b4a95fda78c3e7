import { valueBytes, type Dataset } from '../core/dataset.js';
import { Encapsulated, Sequence, type BulkRef, type Element } from '../core/element.js';
import { checkNesting } from '../core/errors.js';
import { ITEM, ITEM_DELIMITATION, SEQUENCE_DELIMITATION, type Tag } from '../core/tag.js';
import { isStringVR } from '../core/vr.js';
import { MemorySink } from './byte-sink.js';
import { DatasetWriter } from './dataset-writer.js';
import { attributeName, transferSyntaxName } from './dump-names.js';
import { NOT_LOADED, binaryText, hexText, notLoadedText, stringText, tagText, type ValueText } from './dump-values.js';
import type { DicomFile } from './part10-reader.js';
import { EXPLICIT_VR_LE, transferSyntax, type TransferSyntax } from './transfer-syntax.js';

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

/** dcmdump pads the value column to this width before the "#" comment. */
const VALUE_COLUMN = 40;
const PADDING = ' '.repeat(VALUE_COLUMN);
const DEFAULT_LIMIT = 70;

/** Takes the dump a line at a time (each without its newline). */
type LineSink = (line: string) => void;

/** Lines joined into one text before they are handed on: a few thousand at a time cost less than a call per line. */
const LINES_PER_TEXT = 4096;

/**
 * A DICOM file as dcmdump prints it (meta header, then the data set, one line per element, item and delimiter),
 * handed to `write` as texts of whole lines: a file of a million items is printed without its whole text in memory.
 */
export function writeDump(file: DicomFile, write: (text: string) => void, options: DumpOptions = {}): void {
  const lines: string[] = [];
  const flush = (): void => {
    write(lines.join('\n') + '\n');
    lines.length = 0;
  };
  const emit: LineSink = (line) => {
    if (lines.push(line) === LINES_PER_TEXT) flush();
  };
  emit('');
  if (options.showMeta !== false) {
    const known = file.meta.size > 0;
    emit('# Dicom-File-Format');
    emit('');
    emit('# Dicom-Meta-Information-Header');
    emit(`# Used TransferSyntax: ${known ? transferSyntaxName(EXPLICIT_VR_LE) : 'Unknown Transfer Syntax'}`);
    new DumpWriter(emit, options, EXPLICIT_VR_LE).dataset(file.meta, 0);
    emit('');
  }
  emit('# Dicom-Data-Set');
  emit(`# Used TransferSyntax: ${transferSyntaxName(file.transferSyntaxUid)}`);
  // A deflated data set is inflated whole: nothing in it is left unread, so dcmdump -M prints every value of it.
  const datasetOptions = transferSyntax(file.transferSyntaxUid).deflated ? { ...options, loadLimit: undefined } : options;
  new DumpWriter(emit, datasetOptions, file.transferSyntaxUid).dataset(file.dataset, 0);
  if (lines.length > 0) flush();
}

/** The dump of a file as one text (writeDump). */
export function dumpFile(file: DicomFile, options: DumpOptions = {}): string {
  const texts: string[] = [];
  writeDump(file, (text) => texts.push(text), options);
  return texts.join('');
}

/** The element lines of a data set alone (no headers), e.g. for a network message or one item. */
export function dumpDataset(ds: Dataset, options: DumpOptions = {}): string {
  const lines: string[] = [];
  new DumpWriter((line) => lines.push(line), options, options.transferSyntaxUid ?? EXPLICIT_VR_LE).dataset(ds, 0);
  return lines.map((line) => line + '\n').join('');
}

/** East Asian wide and fullwidth characters take two terminal columns (Hangul, CJK, kana, fullwidth forms). */
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;

const NARROW_ONLY = /^[\0-\u10ff]*$/;

/** Columns a value takes on a terminal, so that the "#" column lines up (dcmdump pads by bytes instead). */
function displayWidth(text: string): number {
  if (NARROW_ONLY.test(text)) return text.length;
  let width = 0;
  for (const c of text) width += WIDE.test(c) ? 2 : 1;
  return width;
}

class DumpWriter {
  private readonly limit: number;
  private readonly loadLimit: number;
  private readonly uidNames: boolean;
  private readonly syntax: TransferSyntax;
  /** Computes the lengths of explicit-length sequences and items, as they are (or would be) encoded. */
  private lengthsWriter: DatasetWriter | undefined;

  constructor(
    private readonly emit: LineSink,
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
    for (const t of ds.tags()) this.element(ds, ds.getElementByTag(t)!, level);
  }

  private get lengths(): DatasetWriter {
    return (this.lengthsWriter ??= new DatasetWriter(new MemorySink()));
  }

  private line(level: number, t: Tag, vr: string, value: string, length: number | 'u/l', vm: number, name: string): void {
    const pad = PADDING.slice(Math.min(VALUE_COLUMN, displayWidth(value)));
    const len = typeof length === 'number' ? String(length).padStart(3) : length;
    this.emit(`${'  '.repeat(level)}${tagText(t)} ${vr} ${value}${pad} # ${len},${String(vm).padStart(2)} ${name}`);
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
    if (el.length > this.loadLimit) return notLoadedText(el.value as Buffer | BulkRef, el.vr, ds.characterSets());
    if (isStringVR(el.vr)) return stringText(valueBytes(el), el.vr, ds.characterSets(), this.limit, this.uidNames);
    return binaryText(el.value as Buffer | BulkRef, el.vr, this.limit);
  }

  /** dcmdump reads undefined-length UN as a sequence and prints it as SQ; so does this. */
  private sequence(el: Element, seq: Sequence, name: string, level: number): void {
    const undefinedLength = seq.undefinedLength || el.vr === 'UN';
    const itemSyntax = el.vr === 'UN' ? transferSyntax('1.2.840.10008.1.2') : this.syntax;
    const length = undefinedLength ? 'u/l' : this.lengths.elementLength(el, this.syntax) - (this.syntax.explicitVR ? 12 : 8);
    const kind = undefinedLength ? 'undefined' : 'explicit';
    this.line(level, el.tag, 'SQ', `(Sequence with ${kind} length #=${seq.items.length})`, length, 1, name);
    checkNesting(level / 2 + 1); // each item indents two levels
    for (const item of seq.items) {
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
