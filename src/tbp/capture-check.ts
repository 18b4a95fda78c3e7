import { resolve } from 'node:path';
import { formatDA, formatDT, formatTM } from '../core/values/date-time.js';
import { parseAS } from '../core/values/age-string.js';
import { assertValidUid } from '../core/values/uid-syntax.js';
import { lookupSite, type AnatomicSite } from '../iod/codes/anatomic-sites.js';
import { parseLaterality } from '../iod/codes/laterality.js';
import { ReusableMemory } from '../io/reusable-memory.js';
import { probeImage, verifyDecodes, type ImageProbe } from '../pixel/image-source.js';
import type { LoadedManifest } from './manifest-load.js';
import { ManifestError } from './manifest-error.js';
import type { LesionEntry, LesionImageEntry, Manifest, ManifestSite, RegionalImageEntry } from './manifest-schema.js';
import { mapLimit } from './pool.js';
import { NotAFileError } from '../io/regular-file.js';

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
  return found;
}

/**
 * The patient and study values the schema takes as text (dates, time, age, study UID), as a manifest and `create` give
 * them; a value missing here (a `create` field whose shape is wrong) has its problem reported already.
 */
export function checkHeaderValues(
  { patient, study }: { patient?: Partial<Manifest['patient']>; study?: Partial<Manifest['study']> },
  f: Findings,
): void {
  if (patient?.birthDate) f.check('patient.birthDate', () => formatDA(patient.birthDate!));
  if (patient?.age) f.check('patient.age', () => parseAS(patient.age!));
  if (study?.date !== undefined) f.check('study.date', () => formatDA(study.date!));
  if (study?.time) f.check('study.time', () => formatTM(study.time!));
  if (study?.instanceUid) f.check('study.instanceUid', () => assertValidUid(study.instanceUid!));
}

function checkValues(source: LoadedManifest, f: Findings): void {
  const { regionalImages, lesions } = source.manifest;
  checkHeaderValues(source.manifest, f);
  regionalImages.forEach((r, i) => r.acquisitionDateTime && f.check(`regionalImages[${i}].acquisitionDateTime`, () => formatDT(r.acquisitionDateTime!)));
  lesions.forEach((l, i) => {
    if (l.trackingUid) f.check(`lesions[${i}].trackingUid`, () => assertValidUid(l.trackingUid!));
    l.images.forEach((img, j) => img.acquisitionDateTime && f.check(`lesions[${i}].images[${j}].acquisitionDateTime`, () => formatDT(img.acquisitionDateTime!)));
  });
}

function checkIds(source: LoadedManifest, f: Findings): Set<string> {
  const regionalIds = new Set<string>();
  source.manifest.regionalImages.forEach((r, i) => {
    if (regionalIds.has(r.id)) f.problems.push(`regionalImages[${i}].id: "${r.id}" is used twice`);
    regionalIds.add(r.id);
  });
  const lesionIds = new Set<string>();
  source.manifest.lesions.forEach((l, i) => {
    if (lesionIds.has(l.id)) f.problems.push(`lesions[${i}].id: "${l.id}" is used twice`);
    lesionIds.add(l.id);
  });
  return regionalIds;
}

/** Why dermoscope settings are refused on a crop (here, and for `create`). */
export const NOT_A_CROP_FACT = 'describes a dermoscope, not a crop of a regional photograph';

/** Links and combinations the schema cannot express: crops come from a regional image, dermoscope settings are not crop facts. */
function checkLesionImage(img: LesionImageEntry, where: string, regionalIds: Set<string>, f: Findings): void {
  if (img.regionalImage !== undefined && !regionalIds.has(img.regionalImage)) {
    f.problems.push(`${where}.regionalImage: no regional image has id "${img.regionalImage}"`);
  }
  if (img.kind === 'crop') {
    if (img.regionalImage === undefined) f.problems.push(`${where}: a crop needs regionalImage (the image it was cut from)`);
    for (const field of ['magnification', 'polarization', 'contact'] as const) {
      if (img[field] !== undefined) f.problems.push(`${where}.${field}: ${NOT_A_CROP_FACT}`);
    }
    if (img.selection === undefined) f.warnings.push(`${where}: selection not given; recorded as "Manual Selection"`);
  } else if (img.selection !== undefined) {
    f.problems.push(`${where}.selection: only crops are selected from a regional image`);
  }
  if (img.position2d && img.regionalImage === undefined && img.kind !== 'crop') f.problems.push(`${where}.position2d: needs regionalImage (the image the position is in)`);
}

/** A 2D position is a point of the regional image it is given in (TBP 2D Coordinate Data). */
function checkPositions(source: LoadedManifest, probes: Map<string, ImageProbe>, f: Findings): void {
  const regionalIndex = new Map(source.manifest.regionalImages.map((r, i) => [r.id, i]));
  source.manifest.lesions.forEach((l, i) =>
    l.images.forEach((img, j) => {
      const k = img.regionalImage === undefined ? undefined : regionalIndex.get(img.regionalImage);
      const regional = k === undefined ? undefined : probes.get(`regionalImages[${k}]`);
      if (!img.position2d || !regional) return;
      const [x, y] = img.position2d;
      // Column, row from the centre of the top-left pixel (docs/private-dictionary.md): the image spans -0.5 to size - 0.5.
      if (x < -0.5 || y < -0.5 || x > regional.columns - 0.5 || y > regional.rows - 0.5) {
        f.problems.push(`lesions[${i}].images[${j}].position2d: [${x}, ${y}] is outside regional image "${img.regionalImage}" (${regional.columns}x${regional.rows} pixels)`);
      }
    }),
  );
}

/** One file's outcome: its probe, or the problem that stopped it; and what the import will change. */
interface ProbeOutcome {
  where: string;
  probe?: ImageProbe;
  problem?: string;
  warnings: string[];
}

async function probeOne(source: LoadedManifest, where: string, file: string, options: CheckOptions, memory: ReusableMemory): Promise<ProbeOutcome> {
  const path = resolve(source.baseDir, file);
  try {
    const probe = await memory.lend((allocate) => probeImage(path, { allocate }));
    // A JPEG is embedded as it is, so its sample precision is the object's; VL images have 8 bits.
    const precision = probe.jpeg?.info.precision;
    if (precision !== undefined && precision !== 8) {
      return { where, problem: `${where}.file (${file}): a ${precision}-bit JPEG; VL images have 8-bit samples and a JPEG is embedded unchanged (convert it to 8 bits first)`, warnings: [] };
    }
    if (options.verifyPixels) await verifyDecodes(probe);
    return { where, probe, warnings: probe.warnings.map((w) => `${where}.file (${file}): ${w}`) };
  } catch (e) {
    // nothing there, or no file: one problem among the manifest's others
    if (e instanceof NotAFileError) return { where, problem: `${where}.file: ${file} ${e.why}`, warnings: [] };
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

export interface CheckOptions {
  /** Decode every image in full, so that damage inside compressed data fails here too (slower; see docs). */
  verifyPixels?: boolean;
}

/**
 * Checks everything an import needs before it writes anything: values (dates, UIDs, ages), ids and links, anatomic
 * sites, and every image file (exists, is a JPEG/PNG/TIFF, JPEG stream intact and embeddable). All problems are
 * reported together in one ManifestError.
 */
export async function checkCapture(source: LoadedManifest, options: CheckOptions = {}): Promise<CheckedCapture> {
  const f = new Findings();
  f.warnings.push(...source.warnings);
  const { manifest } = source;
  checkValues(source, f);
  const regionalIds = checkIds(source, f);
  const files: { where: string; file: string }[] = [];
  manifest.regionalImages.forEach((r, i) => files.push({ where: `regionalImages[${i}]`, file: r.file }));
  manifest.lesions.forEach((l, i) =>
    l.images.forEach((img, j) => {
      const where = `lesions[${i}].images[${j}]`;
      checkLesionImage(img, where, regionalIds, f);
      files.push({ where, file: img.file });
    }),
  );
  manifest.lesions.forEach((l, i) => {
    if ((l.vertexId !== undefined || l.position3d) && !manifest.mesh) f.warnings.push(`lesions[${i}]: vertexId/position3d given without a mesh; they are kept, but refer to no mesh object`);
  });
  const regionalSites = manifest.regionalImages.map((r, i) => f.check(`regionalImages[${i}].site`, () => resolveManifestSite(r.site ?? WHOLE_SKIN)));
  manifest.regionalImages.forEach((r, i) => r.site === undefined && f.warnings.push(`regionalImages[${i}]: no site given; coded as "Skin"`));
  const lesionSites = manifest.lesions.map((l, i) => f.check(`lesions[${i}].site`, () => resolveManifestSite(l.site)));
  const probes = await probeAll(source, f, files, options);
  checkPositions(source, probes, f);
  if (f.problems.length) throw new ManifestError(source.path, f.problems);
  return {
    source,
    regional: manifest.regionalImages.map((entry, i) => ({ entry, where: `regionalImages[${i}]`, probe: probes.get(`regionalImages[${i}]`)!, site: regionalSites[i]! })),
    lesions: manifest.lesions.map((entry, i) => ({
      entry, where: `lesions[${i}]`, site: lesionSites[i]!,
      images: entry.images.map((img, j) => ({ entry: img, where: `lesions[${i}].images[${j}]`, probe: probes.get(`lesions[${i}].images[${j}]`)! })),
    })),
    meshFile: manifest.mesh ? resolve(source.baseDir, manifest.mesh.file) : undefined,
    warnings: f.warnings,
  };
}
