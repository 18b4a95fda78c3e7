import type { Dataset } from '../../core/dataset.js';
import { readUnknownInKnownVR } from '../../io/unknown-vr.js';
import { iodForSopClass } from '../../iod/iods.js';
import { isDicomdir, rootRecords } from '../../io/dicomdir-offsets.js';
import { compileProfile, type CompiledProfile } from './profile.js';
import { checkProfileOptions } from './options.js';
import type { ProfileOption } from './profile-types.js';
import { imageSafetyProblems, type ImageSafetyPolicy } from './image-safety.js';
import { methodRecorder } from './method.js';
import { graphicLayerNames } from './graphic-layers.js';
import { PseudonymStore, type PseudonymStoreOptions } from './pseudonym-store.js';
import { Replacements } from './replacements.js';
import { objectDates, uidsTellingDates } from './uid-dates.js';
import { patientKeyOf, walk, type WalkContext } from './walker.js';
import { TBP_CREATOR, TBP_ELEMENTS } from '../../tbp/private-dictionary.js';
import { MESH_CREATOR, MESH_ELEMENTS } from '../../tbp/mesh/mesh-private.js';
import type { Tag } from '../../core/tag.js';
import type { VR } from '../../core/vr.js';

export interface DeidentifyOptions extends PseudonymStoreOptions, ImageSafetyPolicy {
  /** PS3.15 E.3 options (the Basic Profile always applies). */
  options?: Iterable<ProfileOption>;
  /** Replaces free text under action C (Clean Descriptors and the like); the default writes a dummy. */
  cleanText?: (text: string, tag: Tag, vr: VR) => string;
  /** Private creators kept under Retain Safe Private; default: this toolkit's TBP blocks (SAFE_PRIVATE_CREATORS). */
  safePrivateCreators?: readonly string[];
}

/** The TBP block and the TBP mesh block: what they keep identifies no one once the walker has done its part. */
export const SAFE_PRIVATE_CREATORS: readonly string[] = [TBP_CREATOR, MESH_CREATOR];

/** Written, with what the output still tells that the user should know; or not, with why. */
export type DeidentifyOutcome = { written: true; warnings?: string[] } | { written: false; problems: string[] };

export interface ObjectFacts {
  /**
   * The caller has blanked the object's burned-in text (blankPixels): Burned In Annotation becomes NO and the Clean
   * Pixel Data Option is recorded.
   */
  pixelsCleaned?: boolean;
  /** A DICOMDIR's patient records without Issuer of Patient ID → the issuer their files carry (see recordIssuers). */
  recordIssuers?: ReadonlyMap<Dataset, string>;
}

const CLEANED = 'CLEANED';

/** Each directory record's patient key: that of the root (patient) record it lies under, when that names a patient. */
function recordPatientKeys(ds: Dataset, issuers: ReadonlyMap<Dataset, string> | undefined): Map<Dataset, string> {
  const keys = new Map<Dataset, string>();
  for (const [record, root] of rootRecords(ds)) if (root.getString('PatientID')) keys.set(record, patientKeyOf(root, issuers?.get(root)));
  return keys;
}

/**
 * De-identifies data sets of one set of objects. One instance per run: every object it handles gets the same
 * replacement for the same UID, patient and lesion, and with a map file or key so do later runs.
 */
export class Deidentifier {
  readonly options: ReadonlySet<ProfileOption>;
  readonly replacements: Replacements;
  private readonly profile: CompiledProfile;
  private readonly base: Omit<WalkContext, 'patientKey' | 'layerName'>;
  private readonly recordMethod: (ds: Dataset, pixelsCleaned: boolean) => void;

  constructor(private readonly settings: DeidentifyOptions = {}) {
    this.options = checkProfileOptions(new Set(settings.options ?? []));
    this.profile = compileProfile(this.options);
    this.replacements = new Replacements(new PseudonymStore(settings));
    this.recordMethod = methodRecorder(this.options);
    this.base = {
      profile: this.profile,
      replacements: this.replacements,
      cleanText: settings.cleanText ?? (() => CLEANED),
      shiftDays: (patientKey) => this.replacements.dateShiftDays(patientKey),
      safePrivateCreators: new Set((settings.safePrivateCreators ?? SAFE_PRIVATE_CREATORS).map((c) => c.trim())),
      tbpLesionBytes: new Set([TBP_ELEMENTS.TBPLesionID.element]),
      tbpProcessingBytes: new Set([TBP_ELEMENTS.TBPImageProcessing.element]),
      // The device export's image id leads back to the source files; a mesh's OBJ group names are free text that
      // nothing vouches for (its topology, seams and texture coordinates identify no one, and are kept).
      tbpRemoved: new Map<string, ReadonlySet<number>>([
        [TBP_CREATOR, new Set([TBP_ELEMENTS.TBPCaptureImageID.element])],
        [MESH_CREATOR, new Set([MESH_ELEMENTS.TBPMeshGroupNames.element])],
      ]),
    };
  }

  /**
   * De-identifies `ds` in place, unless its pixel data or surfaces may still identify the patient (then it is left
   * untouched and the problems are returned). Blanked burned-in text (`facts.pixelsCleaned`) answers Burned In
   * Annotation. UN elements whose VR is known are first read in it, as from a file, so that each value is treated as
   * what it is.
   */
  deidentify(ds: Dataset, facts: ObjectFacts = {}): DeidentifyOutcome {
    const pixelsCleaned = !!facts.pixelsCleaned;
    const problems = imageSafetyProblems(ds, pixelsCleaned ? { ...this.settings, allowBurnedInAnnotation: true } : this.settings);
    if (problems.length) return { written: false, problems };
    readUnknownInKnownVR(ds);
    if (pixelsCleaned) ds.set('BurnedInAnnotation', 'NO');
    const iod = iodForSopClass(ds.getString('SOPClassUID') ?? '');
    const owners = isDicomdir(ds) ? recordPatientKeys(ds, facts.recordIssuers) : undefined;
    // Retained UIDs keep the dates they were built from, which every option but Full Dates removes or shifts.
    const dates = this.options.has('retainUids') && !this.options.has('retainLongitudinalFullDates') ? objectDates(ds) : new Map<string, string>();
    walk(ds, { ...this.base, patientKey: patientKeyOf(ds), layerName: graphicLayerNames(ds), ...(iod ? { iod } : {}), ...(owners ? { patientKeyOfRecord: (r: Dataset) => owners.get(r) } : {}) });
    // The Basic Directory IOD has none of the attributes that record the method; its records' files carry them.
    if (!owners) this.recordMethod(ds, pixelsCleaned);
    const warnings = uidsTellingDates(ds, dates);
    return warnings.length ? { written: true, warnings } : { written: true };
  }

  /** Saves the UID map file, when one is used. */
  save(): void {
    this.replacements.store.save();
  }
}
