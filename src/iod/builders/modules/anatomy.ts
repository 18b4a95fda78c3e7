import { Dataset } from '../../../core/dataset.js';
import type { AnatomicSite } from '../../codes/anatomic-sites.js';
import { codeItem } from '../../codes/code.js';
import { LATERALITY_CODES } from '../../codes/laterality.js';

/**
 * Anatomic Region Sequence (0008,2218) with laterality as an Anatomic Region Modifier (CID 244), and Image Laterality
 * (0020,0062), always sent ('U' for an unpaired site) so that General Series Laterality (2C) is not required.
 */
export function setAnatomicRegion(ds: Dataset, site: AnatomicSite): void {
  const item = codeItem(site.code);
  if (site.laterality) item.set('AnatomicRegionModifierSequence', [codeItem(LATERALITY_CODES[site.laterality])]);
  ds.set('AnatomicRegionSequence', [item]);
  ds.set('ImageLaterality', site.laterality ?? 'U');
}
