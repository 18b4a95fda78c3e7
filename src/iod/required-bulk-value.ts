/**
 * The large value an object of its class exists to carry: the pixels of a SOP class whose IOD makes the Image Pixel
 * Module mandatory (Pixel Data, unless Pixel Data Provider URL (JPIP) stands in for it), the document of one whose IOD
 * makes the Encapsulated Document Module mandatory (PDF, CDA, STL, OBJ, MTL). Either comes after every attribute that
 * says what the object is, so a file cut short just before it reads as a whole data set without it.
 */
import type { Dataset } from '../core/dataset.js';
import { PIXEL_DATA } from '../core/tag.js';
import { IOD_MODULES, SOP_CLASS_IODS } from './generated/iod-modules.js';

const PIXEL_DATA_PROVIDER_URL = 0x00287fe0;
const ENCAPSULATED_DOCUMENT = 0x00420011;

/** By mandatory module: the value it requires, its name, and the tags any of which holds it. */
const REQUIRED = [
  { module: 'image-pixel', name: 'Pixel Data (7FE0,0010)', tags: [PIXEL_DATA, PIXEL_DATA_PROVIDER_URL] },
  { module: 'encapsulated-document', name: 'Encapsulated Document (0042,0011)', tags: [ENCAPSULATED_DOCUMENT] },
] as const;

/**
 * The value `ds`, of SOP class `sopClassUid`, lacks though its class requires it ("Pixel Data (7FE0,0010)"), or
 * undefined (for classes not known too).
 */
export function missingBulkValue(ds: Dataset, sopClassUid: string): string | undefined {
  const iod = SOP_CLASS_IODS[sopClassUid.replace(/[\0 ]+$/, '')];
  if (!iod) return undefined;
  const modules = IOD_MODULES[iod]!.modules;
  const required = REQUIRED.find((r) => modules.some(([id, usage]) => id === r.module && usage === 'M'));
  return required && !required.tags.some((t) => ds.has(t)) ? required.name : undefined;
}
