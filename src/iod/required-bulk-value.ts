/**
 * What a data set read whole lacks that says it was cut short at an element's end. Above all the large value an object
 * of its class exists to carry: the pixels of a SOP class whose IOD makes the Image Pixel Module mandatory (Pixel
 * Data, unless Pixel Data Provider URL (JPIP) stands in for it), the document of one whose IOD makes the Encapsulated
 * Document Module mandatory (PDF, CDA, STL, OBJ, MTL). Either comes after every attribute that says what the object
 * is, so a file cut short just before it reads as a whole data set without it. Other classes (SR, Surface Scan Mesh,
 * presentation states) end with Type 1 attributes of mandatory modules instead, which a cut takes away the same way.
 */
import type { Dataset } from '../core/dataset.js';
import { lookupKeyword } from '../core/dictionary.js';
import { PIXEL_DATA, formatTag, type Tag } from '../core/tag.js';
import { IOD_MODULES, SOP_CLASS_IODS } from './generated/iod-modules.js';
import { MODULES } from './modules/index.js';

const PIXEL_DATA_PROVIDER_URL = 0x00287fe0;
const ENCAPSULATED_DOCUMENT = 0x00420011;
/** The last of the UIDs the archive files an object under (SOP Instance, Study, Series Instance UID). */
const SERIES_INSTANCE_UID = 0x0020000e;

const CONTENT_TEMPLATE_SEQUENCE = 0x0040a504;
const CONTENT_SEQUENCE = 0x0040a730;
const PRESENTATION_LUT_SEQUENCE = 0x20500010;
const PRESENTATION_LUT_SHAPE = 0x20500020;

/**
 * By mandatory module: the value it requires, its name, the tags any of which holds it, and when it is required (if
 * not always). An SR document's content items are required only when it has some (Type 1C), but one whose root names
 * its template has: every root template of PS3.16 gives the root mandatory children (TID 2000's language and
 * observation context, TID 1500's procedure reported, TID 2010's image references).
 */
const REQUIRED: readonly { module: string; name: string; tags: readonly Tag[]; when?: (ds: Dataset) => boolean }[] = [
  { module: 'image-pixel', name: 'Pixel Data (7FE0,0010)', tags: [PIXEL_DATA, PIXEL_DATA_PROVIDER_URL] },
  { module: 'encapsulated-document', name: 'Encapsulated Document (0042,0011)', tags: [ENCAPSULATED_DOCUMENT] },
  { module: 'sr-document-content', name: 'Content Sequence (0040,A730)', tags: [CONTENT_SEQUENCE], when: (ds) => ds.has(CONTENT_TEMPLATE_SEQUENCE) },
];

/** The IOD id of a SOP class (its UID as a data set may pad it), if known. */
const iodOf = (sopClassUid: string): string | undefined => SOP_CLASS_IODS[sopClassUid.replace(/[\0 ]+$/, '')];

/**
 * The value `ds`, of SOP class `sopClassUid`, lacks though its class requires it ("Pixel Data (7FE0,0010)"), or
 * undefined (for classes not known too).
 */
export function missingBulkValue(ds: Dataset, sopClassUid: string): string | undefined {
  const iod = iodOf(sopClassUid);
  if (!iod) return undefined;
  const modules = IOD_MODULES[iod]!.modules;
  const required = REQUIRED.find((r) => modules.some(([id, usage]) => id === r.module && usage === 'M'));
  return required && (required.when?.(ds) ?? true) && !required.tags.some((t) => ds.has(t)) ? required.name : undefined;
}

/**
 * By mandatory module the project does not encode: a pair of Type 1C attributes one of which a data set must hold, and
 * the later one's name. A grayscale presentation state's Softcopy Presentation LUT Module ends it (group 2050): it
 * holds Presentation LUT Sequence or, as nearly every writer does, Presentation LUT Shape.
 */
const ONE_OF: readonly { module: string; name: string; tags: readonly [Tag, Tag] }[] = [
  { module: 'softcopy-presentation-lut', name: 'Presentation LUT Shape (2050,0020)', tags: [PRESENTATION_LUT_SEQUENCE, PRESENTATION_LUT_SHAPE] },
];

/**
 * A required attribute a data set cut short there lacks: at `tag`, unless it holds `instead` (the other of a pair
 * ONE_OF names).
 */
interface TailAttribute {
  tag: Tag;
  name: string;
  instead?: Tag;
}

/** By IOD: the top-level Type 1 attributes (and ONE_OF pairs) of its mandatory modules that sort after the UIDs, by tag. */
const tails = new Map<string, readonly TailAttribute[]>();

function requiredTail(sopClassUid: string): readonly TailAttribute[] {
  const iod = iodOf(sopClassUid);
  if (!iod) return [];
  let tail = tails.get(iod);
  if (tail) return tail;
  const found = new Map<Tag, TailAttribute>();
  for (const [id, usage] of IOD_MODULES[iod]!.modules) {
    if (usage !== 'M') continue;
    for (const a of MODULES.get(id)?.attributes ?? []) {
      const entry = a.type === '1' ? lookupKeyword(a.keyword) : undefined;
      if (entry && entry.tag > SERIES_INSTANCE_UID) found.set(entry.tag, { tag: entry.tag, name: `${entry.name} ${formatTag(entry.tag)}` });
    }
    for (const { module, name, tags: [instead, tag] } of ONE_OF) if (module === id) found.set(tag, { tag, name, instead });
  }
  tail = [...found.values()].sort((x, y) => x.tag - y.tag);
  tails.set(iod, tail);
  return tail;
}

/**
 * The first Type 1 attribute of a mandatory module of `ds`'s class ("Completion Flag (0040,A491)") that sorts after
 * the UIDs and after `ds`'s last element, which `ds` therefore lacks: a file cut short at that element's end (or, of a
 * ONE_OF pair, the later one, when `ds` lacks the other too). One that lacks such an attribute but holds elements after
 * it was not cut there, and is not named (a checker's business, not the archive's); nor is one of a class whose
 * modules the project does not encode. A Type 1C or Type 2 attribute a data set ends before is not named either: one
 * may leave the first out (an SR without a template whose root has no content items), and writers leave out the other.
 */
export function missingTail(ds: Dataset, sopClassUid: string): string | undefined {
  const last = ds.tags().at(-1) ?? 0;
  return requiredTail(sopClassUid).find((a) => a.tag > last && !(a.instead !== undefined && ds.has(a.instead)))?.name;
}
