import { formatDA, formatDT, formatTM } from '../core/values/date-time.js';
import { parseAS } from '../core/values/age-string.js';
import { assertValidUid } from '../core/values/uid-syntax.js';
import { lookupSite, type AnatomicSite } from '../iod/codes/anatomic-sites.js';
import { parseLaterality } from '../iod/codes/laterality.js';
import { SCT, isStandardScheme } from '../iod/codes/schemes.js';
import { ReusableMemory } from '../io/reusable-memory.js';
import { probeImage, verifyDecodes, type ImageProbe } from '../pixel/image-source.js';
import type { LoadedManifest } from './manifest-load.js';
import { ManifestError } from './manifest-error.js';
import type { LesionEntry, LesionImageEntry, Manifest, ManifestSite, RegionalImageEntry } from './manifest-schema.js';
import { caseHint, manifestFilePath } from './manifest-path.js';
import { mapLimit } from './pool.js';
import type { Passed } from './shape-check.js';
import { NotAFileError } from '../io/regular-file.js';
import { jpegPrecisionProblem } from './jpeg-precision.js';
import { lengthProblem } from './dicom-text.js';

export interface CheckedRegional {
  entry: RegionalImageEntry;
  /** "regionalImages[0]" — where it is in the manifest, for messages. */
  where: string;
  probe: ImageProbe;
  site: AnatomicSite;
}

export interface CheckedLesionImage {
  entry: LesionImageEntry;
  where: string;
  probe: ImageProbe;
}

export interface CheckedLesion {
  entry: LesionEntry;
  where: string;
  site: AnatomicSite;
  images: CheckedLesionImage[];
}

/** A manifest whose every value, file and link has been checked (its mesh by checkCaptureMesh): importing it can only fail on I/O. */
export interface CheckedCapture {
  source: LoadedManifest;
  /** The manifest, whole: its shape has no problem. */
  manifest: Manifest;
  regional: CheckedRegional[];
  lesions: CheckedLesion[];
  meshFile?: string;
  warnings: string[];
}

/** When a regional image has no site: the whole skin (CID 4029), since Anatomic Region Sequence is on every image. */
const WHOLE_SKIN = 'skin';
const PROBE_CONCURRENCY = 16;

/** Collects problems instead of stopping at the first, so one run reports everything that is wrong. */
export class Findings {
  readonly problems: string[] = [];
  readonly warnings: string[] = [];
  check<T>(where: string, body: () => T): T | undefined {
    try {
      return body();
    } catch (e) {
      this.problems.push(`${where}: ${(e as Error).message}`);
      return undefined;
    }
  }
}

export function resolveManifestSite(site: ManifestSite): AnatomicSite {
  if (typeof site !== 'string') {
    const laterality = site.laterality ? parseLaterality(site.laterality) : undefined;
    return { code: { value: site.code, scheme: site.scheme, meaning: site.meaning }, ...(laterality ? { laterality } : {}) };
  }
  const found = lookupSite(site);
  if (!found) throw new Error(`unknown anatomic site "${site}" (see docs/tbp-import.md for the built-in names, or give {code, scheme, meaning})`);
  if (found.paired && !found.laterality) throw new Error(`"${site}" is on both sides of the body: say "left ${site}" or "right ${site}"`);
  // Left or right of a midline site is the side of it a lesion is on ("left chest"); both sides of it is the site itself,
  // which Image Laterality would call B, a pair of structures it does not have.
  if (found.laterality === 'B' && !found.paired) {
    const name = site.trim().replace(/^\S+\s+/, '');
    throw new Error(`"${name}" is not one of a pair, so "${site}" means no more than the ${name}: say "${name}" (or "left ${name}", "right ${name}" for one side of it)`);
  }
  return found;
}

/**
 * A site coded in a scheme PS3.16 does not list is written, and declared in Coding Scheme Identification Sequence by
 * its designator (all the manifest says of it); the user is told, since a receiver cannot look its codes up, and a
 * designator such as "SNOMED" is more likely SNOMED CT's "SCT" misspelt than a local scheme.
 */
export function noteSiteScheme(site: ManifestSite | undefined, where: string, f: Findings): void {
  if (typeof site !== 'object' || isStandardScheme(site.scheme)) return;
  const hint = /snomed|^sct/i.test(site.scheme) ? `; SNOMED CT's designator is "${SCT}"` : /^99/.test(site.scheme) ? '' : '; a private scheme\'s designator starts with "99" (PS3.16 8.2)';
  f.warnings.push(`${where}.scheme: "${site.scheme}" is not a coding scheme DICOM lists (PS3.16 Table 8-1): written and declared in Coding Scheme Identification Sequence by its designator only${hint}`);
}

/** Taller than anyone measured (2.72 m): a size above it was given in another unit. */
const MAX_HEIGHT_M = 3;

/**
 * The patient and study values the schema takes as text (dates, time, age, study UID), as a manifest and `create` give
 * them, and the patient's size in its unit; a value missing here (a `create` field whose shape is wrong) has its
 * problem reported already.
 */
export function checkHeaderValues(
  { patient, study }: { patient?: Partial<Manifest['patient']>; study?: Partial<Manifest['study']> },
  f: Findings,
): void {
  if (patient?.birthDate) f.check('patient.birthDate', () => formatDA(patient.birthDate!));
  if (patient?.age) f.check('patient.age', () => parseAS(patient.age!));
  // Patient's Size is in metres: a device that reports centimetres (176) would make the patient 176 m tall.
  if (patient?.size !== undefined && patient.size > MAX_HEIGHT_M) {
    f.problems.push(`patient.size: ${patient.size} m is no person's height; Patient's Size is in metres (${patient.size / 100} for ${patient.size} cm)`);
  }
  if (study?.date !== undefined) f.check('study.date', () => formatDA(study.date!));
  if (study?.time) f.check('study.time', () => formatTM(study.time!));
  if (study?.instanceUid) f.check('study.instanceUid', () => assertValidUid(study.instanceUid!));
}

/** The entries of a manifest list that fit its schema at least in part, each with its place ("lesions[3]"). */
function entries<T>(list: readonly (T | undefined)[] | undefined, name: string): { entry: T; where: string }[] {
  return (list ?? []).flatMap((entry, i) => (entry === undefined ? [] : [{ entry, where: `${name}[${i}]` }]));
}

type PassedManifest = Passed<Manifest>;
type PassedLesionImage = Passed<LesionImageEntry>;

function checkValues(manifest: PassedManifest, f: Findings): void {
  checkHeaderValues(manifest, f);
  for (const { entry: r, where } of entries(manifest.regionalImages, 'regionalImages')) {
    if (r.acquisitionDateTime) f.check(`${where}.acquisitionDateTime`, () => formatDT(r.acquisitionDateTime!));
  }
  for (const { entry: l, where } of entries(manifest.lesions, 'lesions')) {
    if (l.trackingUid) f.check(`${where}.trackingUid`, () => assertValidUid(l.trackingUid!));
    for (const { entry: img, where: at } of entries(l.images, `${where}.images`)) {
      if (img.acquisitionDateTime) f.check(`${at}.acquisitionDateTime`, () => formatDT(img.acquisitionDateTime!));
    }
  }
}

/**
 * The regional images' ids, each given once; undefined when one of them is not known (a regional image whose id, or
 * which, has a shape problem), since a lesion image may name it.
 */
function checkIds(manifest: PassedManifest, f: Findings): Set<string> | undefined {
  const regionalIds = new Set<string>();
  const regionalCase = new CaseOnly('regional images');
  let known = true;
  (manifest.regionalImages ?? []).forEach((r, i) => {
    if (r?.id === undefined) known = false;
    else if (regionalIds.has(r.id)) f.problems.push(`regionalImages[${i}].id: "${r.id}" is used twice`);
    else {
      regionalIds.add(r.id);
      regionalCase.note(r.id, `regionalImages[${i}]`, f);
    }
  });
  const lesionIds = new Set<string>();
  const lesionCase = new CaseOnly('lesions, with two Tracking UIDs');
  // One Tracking UID, one finding: two lesions given one would be read as one (derive lesion-add refuses to link them).
  const tracked = new Map<string, { id: string; where: string }>();
  for (const { entry: l, where } of entries(manifest.lesions, 'lesions')) {
    if (l.id === undefined) continue;
    const sharing = l.trackingUid === undefined ? undefined : tracked.get(l.trackingUid);
    if (sharing && sharing.id !== l.id) {
      f.problems.push(`${where}.trackingUid: ${l.trackingUid} is ${sharing.where}'s too (lesion "${sharing.id}"): a Tracking UID follows one lesion, and readers would take the two for one`);
    } else if (l.trackingUid !== undefined && !sharing) tracked.set(l.trackingUid, { id: l.id, where });
    if (lesionIds.has(l.id)) f.problems.push(`${where}.id: "${l.id}" is used twice`);
    else lesionCase.note(l.id, where, f);
    lesionIds.add(l.id);
    // Each image's object names its manifest entry in TBP Capture Image ID (LO) as "<id>/<index>", longer than the id.
    const last = (l.images?.length ?? 0) - 1;
    const tooLong = last < 0 ? undefined : lengthProblem(`${l.id}/${last}`, 'LO', `TBP Capture Image ID "…/${last}" (the lesion ID, "/" and its image's index)`);
    if (tooLong) f.problems.push(`${where}.id: ${tooLong}`);
  }
  return known && manifest.regionalImages !== undefined ? regionalIds : undefined;
}

/**
 * Ids are compared exactly, as DICOM compares Lesion IDs and Tracking IDs; ids that differ only in case are more
 * likely one thing typed twice than two, so they are said (a warning: both are imported, as two).
 */
class CaseOnly {
  private readonly first = new Map<string, { id: string; where: string }>();
  constructor(private readonly what: string) {}

  note(id: string, where: string, f: Findings): void {
    const earlier = this.first.get(id.toLowerCase());
    if (!earlier) this.first.set(id.toLowerCase(), { id, where });
    else f.warnings.push(`${where}.id: "${id}" differs from "${earlier.id}" (${earlier.where}) only in case: they are two ${this.what}`);
  }
}

/** Why dermoscope settings are refused on a crop (here, and for `create`). */
export const NOT_A_CROP_FACT = 'describes a dermoscope, not a crop of a regional photograph';

/**
 * Links and combinations the schema cannot express: crops come from a regional image, dermoscope settings are not crop
 * facts. What depends on a field with a shape problem (`kind`, `regionalImage`) is not checked: that field is named.
 */
function checkLesionImage(img: PassedLesionImage, where: string, regionalIds: Set<string> | undefined, dropped: ReadonlySet<string>, f: Findings): void {
  if (img.regionalImage !== undefined && regionalIds && !regionalIds.has(img.regionalImage)) {
    const wanted = img.regionalImage.toLowerCase();
    const near = [...regionalIds].find((id) => id.toLowerCase() === wanted);
    f.problems.push(`${where}.regionalImage: no regional image has id "${img.regionalImage}"${near ? ` ("${near}" differs in case only; ids are compared exactly)` : ''}`);
  }
  const noRegional = img.regionalImage === undefined && !dropped.has(`${where}.regionalImage`);
  if (img.kind === 'crop') {
    if (noRegional) f.problems.push(`${where}: a crop needs regionalImage (the image it was cut from)`);
    for (const field of ['magnification', 'polarization', 'contact'] as const) {
      if (img[field] !== undefined) f.problems.push(`${where}.${field}: ${NOT_A_CROP_FACT}`);
    }
    if (img.selection === undefined && !dropped.has(`${where}.selection`)) f.warnings.push(`${where}: selection not given; recorded as "Manual Selection"`);
  } else if (img.kind === 'dermoscopic') {
    if (img.selection !== undefined) f.problems.push(`${where}.selection: only crops are selected from a regional image`);
    if (img.position2d && noRegional) f.problems.push(`${where}.position2d: needs regionalImage (the image the position is in)`);
  }
}

const SIDE = { L: 'the left', R: 'the right' } as const;

/**
 * A lesion on one side shown in a regional image of the other side's structure (a left forearm lesion in a photograph
 * of the right arm) has one of the two sites wrong: said, naming both, as nothing else would show it. A regional image
 * of a midline region or of both sides may show a lesion of either side.
 */
function noteOtherSide(manifest: PassedManifest, sites: Map<string, AnatomicSite | undefined>, f: Findings): void {
  const regionalWhere = new Map(entries(manifest.regionalImages, 'regionalImages').map(({ entry, where }) => [entry.id, where]));
  for (const { entry: l, where: lesion } of entries(manifest.lesions, 'lesions')) {
    const side = sites.get(lesion)?.laterality;
    if (side !== 'L' && side !== 'R') continue;
    for (const { entry: img, where } of entries(l.images, `${lesion}.images`)) {
      const at = img.regionalImage === undefined ? undefined : regionalWhere.get(img.regionalImage);
      const regional = at === undefined ? undefined : sites.get(at);
      const other = regional?.laterality;
      if ((other === 'L' || other === 'R') && other !== side) {
        f.warnings.push(`${where}.regionalImage: lesion "${l.id}" is on ${SIDE[side]} (${sites.get(lesion)!.code.meaning}) but regional image "${img.regionalImage}" shows ${SIDE[other]} (${regional!.code.meaning}); one of the two sites has the wrong side`);
      }
    }
  }
}

/** A 2D position is a point of the regional image it is given in (TBP 2D Coordinate Data). */
function checkPositions(manifest: PassedManifest, probes: Map<string, ImageProbe>, f: Findings): void {
  const regionalIndex = new Map(entries(manifest.regionalImages, 'regionalImages').map(({ entry, where }) => [entry.id, where]));
  for (const { entry: l, where: lesion } of entries(manifest.lesions, 'lesions')) {
    for (const { entry: img, where } of entries(l.images, `${lesion}.images`)) {
      const at = img.regionalImage === undefined ? undefined : regionalIndex.get(img.regionalImage);
      const regional = at === undefined ? undefined : probes.get(at);
      if (!img.position2d || !regional) continue;
      const [x, y] = img.position2d;
      // Column, row from the centre of the top-left pixel (docs/private-dictionary.md): the image spans -0.5 to size - 0.5.
      if (x < -0.5 || y < -0.5 || x > regional.columns - 0.5 || y > regional.rows - 0.5) {
        f.problems.push(`${where}.position2d: [${x}, ${y}] is outside regional image "${img.regionalImage}" (${regional.columns}x${regional.rows} pixels)`);
      }
    }
  }
}

/** One file's outcome: its probe, or the problem that stopped it; and what the import will change. */
interface ProbeOutcome {
  where: string;
  probe?: ImageProbe;
  problem?: string;
  warnings: string[];
}

async function probeOne(source: LoadedManifest, where: string, file: string, options: CheckOptions, memory: ReusableMemory): Promise<ProbeOutcome> {
  const path = manifestFilePath(source.baseDir, file);
  try {
    const probe = await memory.lend((allocate) => probeImage(path, { allocate }));
    const precision = jpegPrecisionProblem(probe);
    if (precision) return { where, problem: `${where}.file (${file}): ${precision}`, warnings: [] };
    if (options.verifyPixels) await verifyDecodes(probe);
    return { where, probe, warnings: probe.warnings.map((w) => `${where}.file (${file}): ${w}`) };
  } catch (e) {
    // nothing there, or no file: one problem among the manifest's others
    if (e instanceof NotAFileError) return { where, problem: `${where}.file: ${file}: ${e.why}${caseHint(source.baseDir, file, e.why)}`, warnings: [] };
    return { where, problem: `${where}.file (${file}): ${(e as Error).message}`, warnings: [] };
  }
}

/** Probes every file, several at once; problems and warnings are reported in manifest order, whatever finished first. */
async function probeAll(source: LoadedManifest, f: Findings, files: { where: string; file: string }[], options: CheckOptions): Promise<Map<string, ImageProbe>> {
  // A JPEG is read whole to be checked, and again when it is written (into memory used again, which costs less than
  // keeping every file's bytes between the two).
  const memory = new ReusableMemory();
  const outcomes = await mapLimit(files, PROBE_CONCURRENCY, ({ where, file }) => probeOne(source, where, file, options, memory));
  const probes = new Map<string, ImageProbe>();
  for (const o of outcomes) {
    if (o.problem) f.problems.push(o.problem);
    if (o.probe) probes.set(o.where, o.probe);
    f.warnings.push(...o.warnings);
  }
  return probes;
}

/**
 * An image given twice (one file named in two entries, or two files with the same content) becomes two objects of one
 * picture, most likely a manifest written wrong (a path copied from the entry above): said in a warning naming both
 * entries. Content is compared by fingerprint (JPEG, PNG); a TIFF, which has none from the check, by its path.
 */
function noteRepeatedImages(source: LoadedManifest, files: { where: string; file: string }[], probes: Map<string, ImageProbe>, f: Findings): void {
  const first = new Map<string, { where: string; file: string }>();
  for (const entry of files) {
    const probe = probes.get(entry.where);
    if (!probe) continue;
    const key = probe.fingerprint ?? manifestFilePath(source.baseDir, entry.file);
    const earlier = first.get(key);
    if (!earlier) first.set(key, entry);
    else f.warnings.push(`${entry.where}.file (${entry.file}): the same image as ${earlier.where}.file${earlier.file === entry.file ? '' : ` (${earlier.file})`}; it is imported twice, as two objects`);
  }
}

export interface CheckOptions {
  /** Decode every image in full, so that damage inside compressed data fails here too (slower; see docs). */
  verifyPixels?: boolean;
}

/**
 * Checks everything an import needs before it writes anything: values (dates, UIDs, ages), ids and links, anatomic
 * sites, and every image file (exists, is a JPEG/PNG/TIFF, JPEG stream intact and embeddable). All problems are
 * reported together in one ManifestError, the shape's (LoadedManifest.problems) first: the values, links and files
 * of every field and entry that has the right shape are checked too, so one run names them all.
 */
export async function checkCapture(source: LoadedManifest, options: CheckOptions = {}): Promise<CheckedCapture> {
  const f = new Findings();
  f.warnings.push(...source.warnings);
  const { manifest: passed, dropped } = source;
  checkValues(passed, f);
  const regionalIds = checkIds(passed, f);
  const regionalImages = entries(passed.regionalImages, 'regionalImages');
  const lesionImages = entries(passed.lesions, 'lesions').flatMap(({ entry: l, where }) => entries(l.images, `${where}.images`));
  const files: { where: string; file: string }[] = [];
  for (const { entry: r, where } of regionalImages) if (r.file !== undefined) files.push({ where, file: r.file });
  for (const { entry: img, where } of lesionImages) {
    checkLesionImage(img, where, regionalIds, dropped, f);
    if (img.file !== undefined) files.push({ where, file: img.file });
  }
  for (const { entry: l, where } of entries(passed.lesions, 'lesions')) {
    if ((l.vertexId !== undefined || l.position3d) && !passed.mesh && !dropped.has('mesh')) f.warnings.push(`${where}: vertexId/position3d given without a mesh; they are kept, but refer to no mesh object`);
  }
  const sites = new Map<string, AnatomicSite | undefined>();
  for (const { entry: r, where } of regionalImages) {
    // A site with a shape problem is named for it; none at all is the whole skin.
    if (r.site === undefined && dropped.has(`${where}.site`)) continue;
    if (r.site === undefined) f.warnings.push(`${where}: no site given; coded as "Skin"`);
    sites.set(where, f.check(`${where}.site`, () => resolveManifestSite(r.site ?? WHOLE_SKIN)));
    noteSiteScheme(r.site, `${where}.site`, f);
  }
  for (const { entry: l, where } of entries(passed.lesions, 'lesions')) {
    if (l.site !== undefined) sites.set(where, f.check(`${where}.site`, () => resolveManifestSite(l.site!)));
    noteSiteScheme(l.site, `${where}.site`, f);
  }
  noteOtherSide(passed, sites, f);
  const probes = await probeAll(source, f, files, options);
  checkPositions(passed, probes, f);
  noteRepeatedImages(source, files, probes, f);
  const problems = [...source.problems, ...f.problems];
  if (problems.length) throw new ManifestError(source.path, problems);
  // Lists may be empty (a visit without lesions), but a manifest with nothing at all is more likely the wrong one.
  if (!files.length && !passed.mesh) f.warnings.push('the manifest names no image and no mesh: nothing is written (the study folder printed is not made)');
  // No shape problem: every field fit, so what passed is the whole manifest.
  const manifest = passed as Manifest;
  return {
    source, manifest,
    regional: manifest.regionalImages.map((entry, i) => ({ entry, where: `regionalImages[${i}]`, probe: probes.get(`regionalImages[${i}]`)!, site: sites.get(`regionalImages[${i}]`)! })),
    lesions: manifest.lesions.map((entry, i) => ({
      entry, where: `lesions[${i}]`, site: sites.get(`lesions[${i}]`)!,
      images: entry.images.map((img, j) => ({ entry: img, where: `lesions[${i}].images[${j}]`, probe: probes.get(`lesions[${i}].images[${j}]`)! })),
    })),
    meshFile: manifest.mesh ? manifestFilePath(source.baseDir, manifest.mesh.file) : undefined,
    warnings: f.warnings,
  };
}
