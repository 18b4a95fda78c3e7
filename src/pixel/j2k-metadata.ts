import { DicomError } from '../core/errors.js';
import { withoutRanges } from './cut-ranges.js';

const SOC = 0xff4f;
const SIZ = 0xff51;
const TLM = 0xff55;
const COM = 0xff64;
const SOT = 0xff90;
const SOD = 0xff93;
const EOC = 0xffd9;

const corrupt = (message: string, offset: number): DicomError => new DicomError('BAD_VALUE', `not valid JPEG 2000: ${message}`, { offset });

/** A length to write over the one at `at` (an offset in the original stream) once the segments before it are gone. */
interface Patch {
  at: number;
  size: 2 | 4;
  value: number;
}

const JP2_SIGNATURE = Buffer.from('0000000c6a5020200d0a870a', 'hex');

/** SOC then SIZ, or a JP2 file's signature box: how a JPEG 2000 frame begins. */
export const startsJ2k = (f: Buffer): boolean =>
  (f.length >= 4 && f.readUInt16BE(0) === SOC && f.readUInt16BE(2) === SIZ) || f.subarray(0, 12).equals(JP2_SIGNATURE);

/**
 * The JPEG 2000 frame without what can identify a person or a device: the codestream's comments (COM, free text:
 * writers put their name there, but anything fits) and the bytes after its EOC. HTJ2K (ISO 15444-15) and Part 2
 * codestreams have the same syntax. A codestream wrapped in a JP2 file, which DICOM does not allow (PS3.5 A.4.4) but
 * some writers make, is cleaned inside its box, and the file keeps only the boxes decoders read (jp2Boxes).
 */
export function j2kWithoutMetadata(stream: Buffer): Buffer {
  return stream.subarray(0, 12).equals(JP2_SIGNATURE) ? jp2WithoutMetadata(stream) : codestreamWithoutComments(stream);
}

/**
 * Removes the comments of the main header and of every tile-part header (ISO 15444-1 Annex A). A tile-part that lost
 * one gets its new length in its SOT (Psot) and in the TLM table when there is one. Each tile-part's data is passed
 * over by that length, never read as markers, so the coded data stays byte for byte. Psot 0 marks a last tile-part
 * running to the end of the stream, which is then kept to its end.
 */
function codestreamWithoutComments(cs: Buffer): Buffer {
  const u16 = (at: number): number => {
    if (at + 2 > cs.length) throw corrupt('it ends inside a header (truncated?)', at);
    return cs.readUInt16BE(at);
  };
  if (u16(0) !== SOC) throw corrupt('the codestream does not start with SOC (FF 4F)', 0);
  const drops: [start: number, end: number][] = [];
  const tlms: number[] = [];
  /** Walks the marker segments from `pos` to the marker `until`; returns where that is and the bytes of comments dropped. */
  const header = (pos: number, until: number, limit: number): [at: number, dropped: number] => {
    let dropped = 0;
    for (let marker = u16(pos); marker !== until; marker = u16(pos)) {
      if (marker < 0xff30) throw corrupt(`expected a marker at byte ${pos}`, pos);
      // FF30-FF3F are markers without a segment (A.1.3).
      if (marker <= 0xff3f) {
        pos += 2;
        continue;
      }
      const end = pos + 2 + u16(pos + 2);
      if (end < pos + 4 || end > limit) throw corrupt(`segment ${marker.toString(16).toUpperCase()} at byte ${pos} runs past its header`, pos);
      if (marker === COM) {
        drops.push([pos, end]);
        dropped += end - pos;
      } else if (marker === TLM) {
        tlms.push(pos);
      }
      pos = end;
    }
    return [pos, dropped];
  };
  let [pos] = header(2, SOT, cs.length);
  const patches: Patch[] = [];
  const droppedByPart: number[] = [];
  let end: number | undefined;
  while (end === undefined) {
    const marker = u16(pos);
    if (marker === EOC) {
      end = pos + 2;
      break;
    }
    if (marker !== SOT || u16(pos + 2) !== 10 || pos + 12 > cs.length) throw corrupt(`expected a tile-part (SOT) or EOC at byte ${pos}`, pos);
    const psot = cs.readUInt32BE(pos + 6);
    const partEnd = psot === 0 ? cs.length : pos + psot;
    if (partEnd < pos + 14 || partEnd > cs.length) throw corrupt(`the tile-part at byte ${pos} runs past the end (truncated?)`, pos);
    const [, dropped] = header(pos + 12, SOD, partEnd);
    if (dropped && psot) patches.push({ at: pos + 6, size: 4, value: psot - dropped });
    droppedByPart.push(dropped);
    if (psot === 0) end = cs.length;
    pos = partEnd;
  }
  if (drops.length === 0 && end === cs.length) return cs;
  if (tlms.length && droppedByPart.some((d) => d > 0)) patches.push(...tlmPatches(cs, tlms, droppedByPart));
  // Lengths are patched only where a comment was cut, so `out` is then a copy, never the frame it was cut from.
  const out = withoutRanges(cs, drops, end);
  for (const { at, size, value } of patches) {
    const shift = drops.reduce((n, [start, stop]) => (start < at ? n + stop - start : n), 0);
    if (size === 4) out.writeUInt32BE(value, at - shift);
    else out.writeUInt16BE(value, at - shift);
  }
  return out;
}

/**
 * The TLM entries of the tile-parts that lost bytes, made shorter: TLM segments, in their Ztlm order, list every
 * tile-part's length in codestream order (A.7.1), each entry an optional tile index of ST bytes then the length.
 */
function tlmPatches(cs: Buffer, tlms: readonly number[], droppedByPart: readonly number[]): Patch[] {
  const entries: { at: number; size: 2 | 4 }[] = [];
  for (const at of [...tlms].sort((a, b) => cs[a + 4]! - cs[b + 4]!)) {
    const stlm = cs[at + 5]!;
    const st = (stlm >> 4) & 3;
    const size = stlm & 0x40 ? 4 : 2;
    if (st === 3) throw corrupt(`the TLM segment at byte ${at} has a tile index size of 3`, at);
    const stop = at + 2 + cs.readUInt16BE(at + 2);
    for (let entry = at + 6; entry + st + size <= stop; entry += st + size) entries.push({ at: entry + st, size });
  }
  if (entries.length !== droppedByPart.length) {
    throw corrupt(`its TLM lists ${entries.length} tile-parts where the codestream has ${droppedByPart.length}`, tlms[0]!);
  }
  return entries.flatMap(({ at, size }, i) => {
    const dropped = droppedByPart[i]!;
    return dropped ? [{ at, size, value: (size === 4 ? cs.readUInt32BE(at) : cs.readUInt16BE(at)) - dropped }] : [];
  });
}

/**
 * The boxes of a JP2 file that decoders read: signature, file type, reader requirements and the JP2 header (size,
 * colour, palette, resolution). Every other box goes: XML (XMP), UUID (EXIF among others), UUID info (a URL),
 * intellectual property, and JPX's labels and associations.
 */
const JP2_KEPT = new Set(['jP  ', 'ftyp', 'rreq', 'jp2h']);

function jp2WithoutMetadata(file: Buffer): Buffer {
  const kept: Buffer[] = [];
  let codestreams = 0;
  // A box header is 8 bytes: fewer left are the fragment's padding.
  for (let pos = 0; file.length - pos >= 8; ) {
    const lbox = file.readUInt32BE(pos);
    const type = file.toString('latin1', pos + 4, pos + 8);
    const headerLength = lbox === 1 ? 16 : 8;
    const size = lbox === 0 ? file.length - pos : lbox === 1 && pos + 16 <= file.length ? Number(file.readBigUInt64BE(pos + 8)) : lbox;
    if (size < headerLength || pos + size > file.length) throw corrupt(`the JP2 box '${type}' at byte ${pos} runs past the end (truncated?)`, pos);
    if (type === 'jp2c') {
      const codestream = codestreamWithoutComments(file.subarray(pos + headerLength, pos + size));
      const box = Buffer.alloc(8);
      box.writeUInt32BE(8 + codestream.length);
      box.write('jp2c', 4, 'latin1');
      kept.push(box, codestream);
      codestreams++;
    } else if (JP2_KEPT.has(type)) {
      kept.push(file.subarray(pos, pos + size));
    }
    pos += size;
  }
  if (!codestreams) throw corrupt('the JP2 file has no codestream box (jp2c)', 0);
  return Buffer.concat(kept);
}
