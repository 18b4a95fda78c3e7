import type { Dataset } from '../core/dataset.js';
import { transferSyntaxUids, uidInfo } from '../core/uid-registry.js';
import type { IodDefinition } from '../iod/iods.js';
import { where, type FindingSink } from './context.js';

const SOP_CLASS = 0x00080016;
const SOP_INSTANCE = 0x00080018;
const MODALITY = 0x00080060;
const LOSSY = 0x00282110;

/** Lossy transfer syntaxes: JPEG baseline/extended, JPEG-LS near-lossless, JPEG 2000 (irreversible allowed), MPEG, HEVC, HTJ2K, JPEG XL. */
const LOSSY_SYNTAXES = /^1\.2\.840\.10008\.1\.2\.4\.(50|51|81|91|93|100|100\.1|101|101\.1|102|102\.1|103|103\.1|104|104\.1|105|105\.1|106|106\.1|107|108|203|204|111|112)$/;

/** Modalities of IODs whose Annex A text fixes them but whose tables the project does not carry as constraints. */
const IOD_MODALITIES: Readonly<Record<string, readonly string[]>> = {
  'computed-radiography-image': ['CR'],
  'digital-x-ray-image': ['DX'],
  'digital-mammography-x-ray-image': ['MG'],
  'ct-image': ['CT'],
  'mr-image': ['MR'],
};

/** What is wrong with a Type 1 meta element that gives no value: missing, or there without one (PS3.10 Table 7.1-1). */
const absent = (meta: Dataset, tag: number): string => (meta.has(tag) ? 'is empty; Type 1 requires a value' : 'is missing');

/** File Meta Information against the data set (PS3.10 7.1). */
export function checkMeta(meta: Dataset, ds: Dataset, sink: FindingSink): void {
  if (meta.size === 0) {
    sink.add({ severity: 'warning', code: 'META', module: 'File Meta Information', message: 'the file has no File Meta Information (not a PS3.10 file)' });
    return;
  }
  const pairs: [number, number, string][] = [
    [0x00020002, SOP_CLASS, 'SOP Class UID'],
    [0x00020003, SOP_INSTANCE, 'SOP Instance UID'],
  ];
  for (const [metaTag, dsTag, name] of pairs) {
    const a = meta.getString(metaTag);
    const b = ds.getString(dsTag);
    const at = where('', metaTag);
    if (a === undefined) sink.at('error', 'META', 'File Meta Information', at, absent(meta, metaTag));
    else if (b !== undefined && a !== b) sink.at('error', 'META', 'File Meta Information', at, `is ${a}, but the data set's ${name} is ${b}`);
  }
  const ts = meta.getString(0x00020010);
  if (ts === undefined) sink.at('error', 'META', 'File Meta Information', where('', 0x00020010), absent(meta, 0x00020010));
  else if (!transferSyntaxUids().includes(ts)) sink.at('error', 'META', 'File Meta Information', where('', 0x00020010), `${ts} is not a registered transfer syntax`);
  if (!meta.has(0x00020012)) sink.at('error', 'META', 'File Meta Information', where('', 0x00020012), 'is missing');
  const version = meta.bytes(0x00020001);
  if (!version) sink.at('error', 'META', 'File Meta Information', where('', 0x00020001), 'is missing');
  else if (version.length !== 2 || version[0] !== 0 || version[1] !== 1) sink.at('error', 'META', 'File Meta Information', where('', 0x00020001), 'is not 00\\01');
}

/** Lossy Image Compression (0028,2110) must say 01 once the pixels went through a lossy transfer syntax (PS3.3 C.7.6.1.1.5). */
export function checkLossy(ds: Dataset, transferSyntaxUid: string | undefined, sink: FindingSink): void {
  if (!transferSyntaxUid || !LOSSY_SYNTAXES.test(transferSyntaxUid) || !ds.getElementByTag(0x7fe00010)) return;
  const flag = ds.getString(LOSSY)?.trim();
  if (flag === '00') {
    const name = uidInfo(transferSyntaxUid)?.name ?? transferSyntaxUid;
    sink.at('error', 'LOSSY', 'General Image', where('', LOSSY), `is 00 (not lossy), but the pixel data is encoded with the lossy transfer syntax ${name}`);
  }
}

/** The Modality an IOD implies (PS3.3 Annex A), for IODs without a Modality constraint table. */
export function checkModality(iod: IodDefinition, ds: Dataset, sink: FindingSink): void {
  const expected = IOD_MODALITIES[iod.id];
  const modality = ds.getString(MODALITY)?.trim();
  if (!expected || !modality || expected.includes(modality)) return;
  sink.at('error', 'MODALITY', iod.name, where('', MODALITY), `is ${modality}, but ${iod.name} instances have modality ${expected.join(' or ')}`);
}
