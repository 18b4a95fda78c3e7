import { formatDT } from '../core/values/date-time.js';
import { assertValidUid } from '../core/values/uid-syntax.js';
import type { AnatomicSite } from '../iod/codes/anatomic-sites.js';
import { Findings, NOT_A_CROP_FACT, checkHeaderValues, noteSiteScheme, resolveManifestSite } from './capture-check.js';
import type { LoadedMeta } from './meta-file.js';
import type { ObjectMeta } from './object-meta.js';

/** Fields that only one kind of object has: given for the other kind, they would be dropped without a word. */
const LESION_ONLY = ['lesion', 'dermoscopy', 'crop', 'regionalImageUid', 'meshInstanceUid', 'meshSopClassUid'] as const;
const REGIONAL_ONLY = ['pixelSpacingMm', 'processing', 'calibration'] as const;

/**
 * Checks `create` metadata as a capture's manifest is checked, before the image is read: the fields fit the kind of
 * object, the links agree, and every date, time, age, UID and site is valid. The values of the fields that fit the
 * schema are checked even when others do not, so all problems, the shape's too, are reported at once, each named by
 * its field (ManifestError naming the file). Returns the metadata, its resolved site and what the object will change
 * (warnings).
 */
export function checkObjectMeta(kind: 'dermoscopic' | 'regional', loaded: LoadedMeta<ObjectMeta>): { meta: ObjectMeta; site: AnatomicSite; warnings: string[] } {
  const { passed: meta, dropped } = loaded;
  const f = new Findings();
  const [misplaced, other] = kind === 'regional' ? [LESION_ONLY, 'dermoscopic'] : [REGIONAL_ONLY, 'regional'];
  for (const field of misplaced) if (meta[field] !== undefined) f.problems.push(`${field}: describes ${other} images; use "create ${other}"`);
  if (kind === 'dermoscopic' && !meta.lesion && !dropped.has('lesion')) f.problems.push('lesion: a dermoscopic image needs its lesion ({ id })');
  // As in a capture manifest: a crop is cut from a regional photograph, not taken through a dermoscope.
  if (kind === 'dermoscopic' && meta.crop && meta.dermoscopy) f.problems.push(`dermoscopy: ${NOT_A_CROP_FACT}`);
  // A crop's Localizer is the image it was cut from: a second regional image would go unreferenced.
  const cropSource = meta.crop?.sourceSopInstanceUid;
  if (cropSource !== undefined && meta.regionalImageUid !== undefined && meta.regionalImageUid !== cropSource) {
    f.problems.push(`regionalImageUid: ${meta.regionalImageUid} is not crop.sourceSopInstanceUid ${cropSource}, the regional image the crop was cut from (which it references); give the same UID, or only crop.sourceSopInstanceUid`);
  }
  // As in a manifest: a 2D position is a place in a regional image, which the object must then reference.
  if (meta.lesion?.position2d && cropSource === undefined && meta.regionalImageUid === undefined && !dropped.has('regionalImageUid')) {
    f.problems.push('lesion.position2d: needs regionalImageUid (or crop.sourceSopInstanceUid), the regional image the position is in');
  }
  if (meta.meshSopClassUid && !meta.meshInstanceUid && !dropped.has('meshInstanceUid')) {
    f.problems.push('meshSopClassUid: names the class of the mesh meshInstanceUid gives, which is missing');
  }
  checkHeaderValues(meta, f);
  if (meta.acquisitionDateTime) f.check('acquisitionDateTime', () => formatDT(meta.acquisitionDateTime!));
  const uids: [string, string | undefined][] = [
    ['seriesInstanceUid', meta.seriesInstanceUid], ['sopInstanceUid', meta.sopInstanceUid], ['frameOfReferenceUid', meta.frameOfReferenceUid],
    ['lesion.trackingUid', meta.lesion?.trackingUid], ['crop.sourceSopInstanceUid', cropSource],
    ['regionalImageUid', meta.regionalImageUid], ['meshInstanceUid', meta.meshInstanceUid],
  ];
  for (const [field, uid] of uids) if (uid !== undefined) f.check(field, () => assertValidUid(uid));
  const site = meta.site === undefined ? undefined : f.check('site', () => resolveManifestSite(meta.site!));
  noteSiteScheme(meta.site, 'site', f);
  return { meta: loaded.checked(f.problems), site: site!, warnings: f.warnings };
}
