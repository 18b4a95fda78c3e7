// Test files made by dcmtk (dump2dcm, dcmconv, img2dcm), so readers and printers are checked against files we did not write.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';

/** Whether the dcmtk command-line tools are installed (tests that need them skip otherwise). */
export const hasDcmtk = spawnSync('dcmdump', ['--version']).status === 0;

/** Runs a dcmtk tool; returns its standard output, throws with its messages when it fails. */
export function runDcmtk(tool: string, args: readonly string[]): string {
  const result = spawnSync(tool, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${result.status}): ${result.stderr || result.error}`);
  return result.stdout;
}

/** Writes a dcmdump-format text (given as bytes so any character set can be written) and converts it with dump2dcm. */
export function dumpToDicom(dir: string, name: string, dump: string | Buffer, args: readonly string[] = []): string {
  const text = join(dir, `${name}.dump`);
  const path = join(dir, `${name}.dcm`);
  writeFileSync(text, dump);
  runDcmtk('dump2dcm', ['-q', ...args, text, path]);
  return path;
}

/** Re-encodes a file with dcmconv (e.g. '+ti' implicit, '+tb' big endian, '+td' deflated, '-e' undefined lengths). */
export function convertWithDcmconv(source: string, dir: string, name: string, args: readonly string[]): string {
  const path = join(dir, `${name}.dcm`);
  runDcmtk('dcmconv', ['-q', ...args, source, path]);
  return path;
}

/**
 * Most VRs (SV/UV/OV included), multi-values, empty values, nested sequences (empty sequence, empty item), a private
 * block with a private sequence, retired and repeating-group attributes, values long enough to be cut by dcmdump,
 * and native pixel data. Text is ASCII only.
 */
export const RICH_DUMP = String.raw`
(0008,0008) CS [ORIGINAL\PRIMARY\AXIAL]
(0008,0010) SH [RECOGNITION]
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.1]
(0008,0020) DA [20240102]
(0008,0030) TM [101530.123]
(0008,0050) SH (no value available)
(0008,0060) CS [OT]
(0008,0081) ST [A long institution address line that is certainly longer than the seventy characters dcmdump shows]
(0008,1030) LO [Total body photography]
(0008,1111) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=0)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0008,1115) SQ (Sequence with explicit length #=0)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0008,1140) SQ (Sequence with explicit length #=2)
  (fffe,e000) na (Item with explicit length #=2)
    (0008,1150) UI =CTImageStorage
    (0008,1155) UI [1.2.3.4.5.6.7]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
  (fffe,e000) na (Item with explicit length #=3)
    (0008,1150) UI =SecondaryCaptureImageStorage
    (0008,1155) UI [1.2.3.4.5.6.8]
    (0040,a170) SQ (Sequence with explicit length #=1)
      (fffe,e000) na (Item with explicit length #=3)
        (0008,0100) SH [121311]
        (0008,0102) SH [DCM]
        (0008,0104) LO [Localizer]
      (fffe,e00d) na (ItemDelimitationItem for re-encoding)
    (fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0009,0010) LO [TBP DICOM TEST]
(0009,1001) LO [private string]
(0009,1002) US 1\2\3
(0009,1003) OB 00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d
(0009,1004) SQ (Sequence with explicit length #=1)
  (fffe,e000) na (Item with explicit length #=1)
    (0010,0020) LO [IN-PRIVATE]
  (fffe,e00d) na (ItemDelimitationItem for re-encoding)
(fffe,e0dd) na (SequenceDelimitationItem for re-encod.)
(0009,1005) FD 3.14159\-2.5e-10\1e+20\0.1
(0009,1006) UN 01\02\03\04
(0009,1007) OF 1.5\-0.25
(0009,1008) OD 2.5
(0009,1009) OL 1\4294967295
(0009,100a) SV -9007199254740993\42
(0009,100b) UV 18446744073709551615\7
(0009,100c) UC [unlimited\characters]
(0009,100d) UR [https://example.com/tbp]
(0009,100e) UT [unlimited text]
(0009,100f) OV 1\2
(0009,1010) SL -2147483648\2147483647
(0009,1011) UL 4294967295
(0009,1012) SS -32768
(0009,1013) OW 0001\0002\0003\0004\0005\0006\0007\0008\0009\000a\000b\000c\000d\000e\000f
(0009,1014) US 1\2\3\4\5\6\7\8\9\10\11\12\13\14\15\16\17\18\19\20\21\22\23\24\25\26\27\28\29\30\31\32\33\34\35
(0010,0010) PN [Doe^Jane]
(0010,0020) LO [TBP-0001]
(0010,0030) DA [19800101]
(0010,0040) CS [F]
(0010,1010) AS [044Y]
(0010,1030) DS [65.5]
(0018,0050) DS [1.50]
(0018,1310) US 0\512\512\0
(0018,9306) FD 1.2345678901234
(0020,000d) UI [1.2.826.0.1.3680043.10.1234.2]
(0020,000e) UI [1.2.826.0.1.3680043.10.1234.3]
(0020,0013) IS [7]
(0020,0032) DS [-12.5\0.0\1e-3]
(0020,4000) LT [Comments keep a backslash \ inside one value]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0009) AT (0018,1063)\(0018,1065)
(0028,0010) US 4
(0028,0011) US 4
(0028,0030) DS [0.3125\0.3125]
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 1
(0028,0106) SS -100
(0028,0107) SS 2000
(0040,a30a) DS [1\2.5\-3]
(6000,0010) US 4
(6000,3000) OW 0001\0002
(0070,0022) FL 0.1\1e30\-2.5\3.14159
(7fe0,0010) OW 0001\0002\0003\0004\0005\0006\0007\0008\0009\000a\000b\000c\000d\000e\000f\0010
`;

export const makeRichFile = (dir: string): string => dumpToDicom(dir, 'rich', RICH_DUMP);
/** The rich content with every sequence and item of undefined length. */
export const makeUndefinedLengthFile = (dir: string): string => dumpToDicom(dir, 'undefined-length', RICH_DUMP, ['-e']);
export const makeImplicitFile = (dir: string): string => convertWithDcmconv(makeRichFile(dir), dir, 'implicit', ['+ti']);
export const makeBigEndianFile = (dir: string): string => convertWithDcmconv(makeRichFile(dir), dir, 'big-endian', ['+tb']);
export const makeDeflatedFile = (dir: string): string => convertWithDcmconv(makeRichFile(dir), dir, 'deflated', ['+td']);
/** Undefined-length sequences in Implicit VR: private ones can only be read as UN holding items. */
export const makeImplicitUndefinedLengthFile = (dir: string): string =>
  convertWithDcmconv(makeUndefinedLengthFile(dir), dir, 'implicit-undefined-length', ['+ti', '-e']);
export const makeGroupLengthFile = (dir: string): string => convertWithDcmconv(makeRichFile(dir), dir, 'group-length', ['+g']);
/** Data Set Trailing Padding (FFFC,FFFC) at the end and in items. */
export const makeTrailingPaddingFile = (dir: string): string => convertWithDcmconv(makeRichFile(dir), dir, 'trailing-padding', ['+p', '64', '16']);
/** A bare data set (Implicit VR Little Endian): no preamble, no "DICM", no meta information. */
export const makeDatasetOnlyFile = (dir: string): string => convertWithDcmconv(makeRichFile(dir), dir, 'dataset-only', ['-F', '+ti']);

/** ISO_IR 100 (Latin-1) text in PN, LO and a multi-valued ST-like field. */
export function makeLatin1File(dir: string): string {
  const dump = String.raw`
(0008,0005) CS [ISO_IR 100]
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.10]
(0008,0081) ST [Straße 5, Köln]
(0010,0010) PN [Müller^Jürgen]
(0010,1001) PN [Mueller^Juergen\Møller^Jørgen]
(0032,1032) PN [Ñúñez^Ana]
`;
  return dumpToDicom(dir, 'latin1', Buffer.from(dump, 'latin1'));
}

/** ISO_IR 192 (UTF-8) text mixing scripts. */
export function makeUtf8File(dir: string): string {
  const dump = String.raw`
(0008,0005) CS [ISO_IR 192]
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.11]
(0008,1030) LO [Dermoskopie – Ganzkörper]
(0010,0010) PN [Wang^XiaoDong=王^小東]
(0010,0020) LO [ÄÖÜ-42]
`;
  return dumpToDicom(dir, 'utf8', Buffer.from(dump, 'utf8'));
}

const ESC = 0x1b;
/** PS3.5 H.3.1: "Yamada^Tarou=山田^太郎=やまだ^たろう" with JIS X 0208 designated by escape sequences. */
const YAMADA = Buffer.from([
  ...Buffer.from('Yamada^Tarou='), ESC, 0x24, 0x42, 0x3b, 0x33, 0x45, 0x44, ESC, 0x28, 0x42, 0x5e, ESC, 0x24, 0x42, 0x42, 0x40,
  0x4f, 0x3a, ESC, 0x28, 0x42, 0x3d, ESC, 0x24, 0x42, 0x24, 0x64, 0x24, 0x5e, 0x24, 0x40, ESC, 0x28, 0x42, 0x5e, ESC, 0x24,
  0x42, 0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26, ESC, 0x28, 0x42,
]);

/** ISO 2022 IR 87 (Japanese, code extensions), the PS3.5 example name. */
export function makeIso2022File(dir: string): string {
  const head = String.raw`
(0008,0005) CS [\ISO 2022 IR 87]
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.12]
(0010,0010) PN [`;
  return dumpToDicom(dir, 'iso2022', Buffer.concat([Buffer.from(head, 'latin1'), YAMADA, Buffer.from(']\n')]));
}

/** Encapsulated pixel data (JPEG Baseline syntax): empty offset table, two fragments, one longer than dcmdump shows. */
export function makeEncapsulatedFile(dir: string): string {
  const dump = String.raw`
(0002,0010) UI =JPEGBaseline
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.13]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US 2
(0028,0011) US 2
(0028,0100) US 8
(7fe0,0010) OB (PixelSequence #=3)
  (fffe,e000) pi (no value available)
  (fffe,e000) pi ff\d8\ff\d9
  (fffe,e000) pi 00\01\02\03\04\05\06\07\08\09\0a\0b\0c\0d\0e\0f\10\11\12\13\14\15\16\17\18\19\1a\1b\1c\1d\1e\1f
(fffe,e0dd) na (SequenceDelimitationItem)
`;
  return dumpToDicom(dir, 'encapsulated', dump);
}

/** 1500 × 1500 16-bit native pixel data (4.5 MB): large enough for a reader to leave the value on disk. */
export function makeLargePixelFile(dir: string): string {
  const size = 1500;
  const pixels = Buffer.alloc(size * size * 2);
  for (let i = 0; i < size * size; i++) pixels.writeUInt16LE(i % 4096, i * 2);
  const raw = join(dir, 'large-pixels.raw');
  writeFileSync(raw, pixels);
  const dump = `
(0008,0016) UI =SecondaryCaptureImageStorage
(0008,0018) UI [1.2.826.0.1.3680043.10.1234.14]
(0028,0002) US 1
(0028,0004) CS [MONOCHROME2]
(0028,0010) US ${size}
(0028,0011) US ${size}
(0028,0100) US 16
(0028,0101) US 12
(0028,0102) US 11
(0028,0103) US 0
(7fe0,0010) OW =${raw}
`;
  return dumpToDicom(dir, 'large-pixel', dump);
}

/** A 16 × 8 JPEG made by sharp, wrapped by img2dcm as Secondary Capture (JPEG Baseline, encapsulated). */
export async function makeJpegFile(dir: string): Promise<string> {
  const jpeg = join(dir, 'photo.jpg');
  await sharp({ create: { width: 16, height: 8, channels: 3, background: { r: 200, g: 120, b: 90 } } }).jpeg({ quality: 90 }).toFile(jpeg);
  const path = join(dir, 'jpeg.dcm');
  runDcmtk('img2dcm', ['-q', jpeg, path, '-k', 'PatientName=Doe^Jane', '-k', 'PatientID=TBP-0002']);
  return path;
}

export interface Corpus {
  rich: string;
  undefinedLength: string;
  implicit: string;
  bigEndian: string;
  deflated: string;
  implicitUndefinedLength: string;
  groupLength: string;
  trailingPadding: string;
  datasetOnly: string;
  latin1: string;
  utf8: string;
  iso2022: string;
  encapsulated: string;
  largePixel: string;
  jpeg: string;
}

/** Every corpus file, made in `dir` (a temporary directory the caller removes). */
export async function makeCorpus(dir: string): Promise<Corpus> {
  return {
    rich: makeRichFile(dir),
    undefinedLength: makeUndefinedLengthFile(dir),
    implicit: makeImplicitFile(dir),
    bigEndian: makeBigEndianFile(dir),
    deflated: makeDeflatedFile(dir),
    implicitUndefinedLength: makeImplicitUndefinedLengthFile(dir),
    groupLength: makeGroupLengthFile(dir),
    trailingPadding: makeTrailingPaddingFile(dir),
    datasetOnly: makeDatasetOnlyFile(dir),
    latin1: makeLatin1File(dir),
    utf8: makeUtf8File(dir),
    iso2022: makeIso2022File(dir),
    encapsulated: makeEncapsulatedFile(dir),
    largePixel: makeLargePixelFile(dir),
    jpeg: await makeJpegFile(dir),
  };
}

/**
 * A DICOMDIR as dcmdump reads it: the offsets at which it finds the directory records (which it prints for each), and
 * the non-zero offsets the file holds (of the first and last root records, and each record's next and lower level).
 */
export function dicomdirOffsets(file: string): { records: number[]; links: number[] } {
  const text = runDcmtk('dcmdump', [file]);
  // The records of the data set's own Directory Record Sequence, not copies deeper down (Original Attributes Sequence)
  const records = [...text.matchAll(/^ {2}# {2}offset=\$(\d+)/gm)].map((m) => Number(m[1]));
  const links = [...text.matchAll(/^(?: {4})?\(0004,(?:1200|1202|1400|1420)\) up (\d+)/gm)].map((m) => Number(m[1])).filter((n) => n !== 0);
  return { records, links };
}
