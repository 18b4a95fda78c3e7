import type { Dataset } from '../core/dataset.js';
import { readDicomFile } from '../io/part10-reader.js';
import { codeOf } from '../iod/codes/code.js';
import {
  DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE, ENCAPSULATED_MTL_STORAGE, ENCAPSULATED_OBJ_STORAGE, SURFACE_SCAN_MESH_STORAGE, VL_PHOTOGRAPHIC_IMAGE_STORAGE,
} from '../iod/builders/sop-classes.js';
import { tbpKey } from './private-dictionary.js';
import { readLesionFacts, readTbpNumbers, readTbpText, type TbpFacts } from './tbp-attributes.js';

export interface ReportedReference {
  relation: 'source' | 'image' | 'instance' | 'texture';
  sopClassUid: string;
  sopInstanceUid: string;
  purpose?: string;
}

export interface ShownLesion {
  id: string;
  trackingUid?: string;
  /** The lesion's position in the regional image: one its images agree on. */
  position2d?: number[];
  sopInstanceUids: string[];
  /** Each image's own position in the regional image (a crop's), by SOP Instance UID, when any image gives one. */
  imagePositions2d?: Record<string, number[]>;
}

/** What an object says about lesions: the TBP repository's get_references, for one file. */
export interface LesionReport {
  file: string;
  sopClassUid?: string;
  sopInstanceUid?: string;
  /** 'texture': a VL Photographic image a mesh among the same reports maps onto its surface (`markTextures`). */
  role: 'regional' | 'dermoscopic' | 'crop' | 'mesh' | 'texture' | 'other';
  site?: string;
  /** The lesion a dermoscopic image or crop shows. */
  lesion?: TbpFacts & { trackingId?: string; trackingUid?: string };
  /** The lesions a regional image shows. */
  lesionsShown: ShownLesion[];
  references: ReportedReference[];
  calibration?: Record<string, number[] | string>;
  /** What the read set aside or corrected (a damaged header, a tag met twice), when it did: the report may lack it. */
  warnings?: string[];
}

const SEQUENCES: [ReportedReference['relation'], string][] = [
  ['source', 'SourceImageSequence'], ['image', 'ReferencedImageSequence'], ['instance', 'ReferencedInstanceSequence'],
];

function reference(relation: ReportedReference['relation'], item: Dataset): ReportedReference {
  const purpose = item.items('PurposeOfReferenceCodeSequence')[0];
  const code = purpose && codeOf(purpose);
  return {
    relation, sopClassUid: item.getString('ReferencedSOPClassUID') ?? '', sopInstanceUid: item.getString('ReferencedSOPInstanceUID') ?? '',
    ...(code ? { purpose: `${code.meaning} (${code.scheme} ${code.value})` } : {}),
  };
}

/** The objects a data set names: its source, referenced images and instances, and a Surface Scan Mesh's textures. */
export function referencesIn(ds: Dataset): ReportedReference[] {
  const listed = SEQUENCES.flatMap(([relation, keyword]) => ds.items(keyword).map((item) => reference(relation, item)));
  // A Surface Scan Mesh names its texture image in each UV map.
  const textures = ds.items('UVMappingSequence').flatMap((uv) => uv.items('ReferencedTextureSequence').map((item) => reference('texture', item)));
  return [...listed, ...textures];
}

function siteOf(ds: Dataset): string | undefined {
  const region = ds.items('AnatomicRegionSequence')[0];
  const code = region && codeOf(region);
  if (!code) return undefined;
  const modifier = region.items('AnatomicRegionModifierSequence')[0];
  const side = modifier && codeOf(modifier);
  return side ? `${side.meaning} ${code.meaning}` : code.meaning;
}

/** One lesion a regional image shows, from its TBP Lesion Sequence item: the lesion's position and its images' own. */
export function shownLesion(item: Dataset): ShownLesion {
  const refs = item.items('ReferencedImageSequence');
  const uid = (r: Dataset): string => r.getString('ReferencedSOPInstanceUID') ?? '';
  const positioned = refs.flatMap((r) => {
    const at = readTbpNumbers(r, 'TBP2DCoordinateData');
    return at ? [[uid(r), at] as const] : [];
  });
  return {
    id: readLesionFacts(item).lesionId ?? item.getString('TrackingID') ?? '',
    trackingUid: item.getString('TrackingUID'),
    position2d: readTbpNumbers(item, 'TBP2DCoordinateData'),
    sopInstanceUids: refs.map(uid),
    ...(positioned.length ? { imagePositions2d: Object.fromEntries(positioned) } : {}),
  };
}

const lesionsShown = (ds: Dataset): ShownLesion[] => ds.items(tbpKey('TBPLesionSequence')).map(shownLesion);

function calibration(ds: Dataset): LesionReport['calibration'] {
  const out: Record<string, number[] | string> = {};
  for (const k of ['TBPFocalLengthPixels', 'TBPPrincipalPoint', 'TBPRadialDistortion', 'TBPFocusDistance'] as const) {
    const v = readTbpNumbers(ds, k);
    if (v) out[k] = v;
  }
  const parfocal = readTbpText(ds, 'TBPParfocal');
  if (parfocal) out.TBPParfocal = parfocal;
  return Object.keys(out).length ? out : undefined;
}

/** A derived image is a crop, whatever its class: `derive crop` keeps the class of the image it cuts from. */
export function roleOf(ds: Dataset): LesionReport['role'] {
  const sopClass = ds.getString('SOPClassUID');
  const derived = ds.getStrings('ImageType')[0] === 'DERIVED';
  if (sopClass === VL_PHOTOGRAPHIC_IMAGE_STORAGE) return derived ? 'crop' : 'regional';
  if (sopClass === DERMOSCOPIC_PHOTOGRAPHY_IMAGE_STORAGE) return derived ? 'crop' : 'dermoscopic';
  if (sopClass && MESH_CLASSES.has(sopClass)) return 'mesh';
  return 'other';
}

const MESH_CLASSES = new Set([SURFACE_SCAN_MESH_STORAGE, ENCAPSULATED_OBJ_STORAGE, ENCAPSULATED_MTL_STORAGE]);

/**
 * A mesh's texture is a VL Photographic image like a regional one, and nothing in it says otherwise: among reports
 * read together (a study folder), those a mesh names as its texture are relabelled 'texture'.
 */
export function markTextures(reports: LesionReport[]): void {
  const textures = new Set(reports.flatMap((r) => (r.role === 'mesh' ? r.references.filter((ref) => ref.relation === 'texture' || ref.sopClassUid === VL_PHOTOGRAPHIC_IMAGE_STORAGE) : [])).map((ref) => ref.sopInstanceUid));
  for (const r of reports) if (r.role === 'regional' && r.sopInstanceUid && textures.has(r.sopInstanceUid)) r.role = 'texture';
}

/** Reads the lesions, links and coordinates an object carries (our private block, or the draft group-0010 tags). */
export function readLesions(path: string): LesionReport {
  const { dataset: ds, warnings } = readDicomFile(path, { stopAtTag: 0x7fe00010 });
  const facts = readLesionFacts(ds);
  const trackingId = ds.getString('TrackingID');
  const trackingUid = ds.getString('TrackingUID');
  const hasLesion = facts.lesionId !== undefined || trackingId !== undefined;
  return {
    file: path, sopClassUid: ds.getString('SOPClassUID'), sopInstanceUid: ds.getString('SOPInstanceUID'), role: roleOf(ds),
    site: siteOf(ds),
    ...(hasLesion ? { lesion: { ...facts, ...(trackingId ? { trackingId } : {}), ...(trackingUid ? { trackingUid } : {}) } } : {}),
    lesionsShown: lesionsShown(ds), references: referencesIn(ds), calibration: calibration(ds),
    ...(warnings.length ? { warnings } : {}),
  };
}
