import type { Dataset } from '../core/dataset.js';
import { instanceReferences, type InstanceReference } from '../core/instance-references.js';
import { shownValue } from '../core/values/vr-rules.js';
import { FindingSink } from './context.js';
import type { Finding } from './types.js';

/** What the set checks need of one instance (kept small so large sets do not hold whole data sets). */
export interface InstanceSummary {
  file: string;
  sopInstanceUid?: string;
  sopClassUid?: string;
  studyUid?: string;
  seriesUid?: string;
  frameOfReferenceUid?: string;
  /** Study- and series-level values that must agree across the instances of a study/series. */
  studyLevel: Record<string, string>;
  seriesLevel: Record<string, string>;
  /** SOP Instance UIDs this instance references, with the path of the reference. */
  references: InstanceReference[];
}

const STUDY_LEVEL = ['PatientID', 'PatientName', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'StudyID', 'AccessionNumber'];
const SERIES_LEVEL = ['Modality', 'SeriesNumber', 'Laterality', 'BodyPartExamined'];

export function summarize(ds: Dataset, file: string): InstanceSummary {
  const get = (k: string): string | undefined => ds.getString(k)?.replace(/\0+$/, '');
  const pick = (keys: string[]): Record<string, string> => Object.fromEntries(keys.flatMap((k) => (ds.has(k) ? [[k, ds.getStrings(k).join('\\')]] : [])));
  const s: InstanceSummary = { file, studyLevel: pick(STUDY_LEVEL), seriesLevel: pick(SERIES_LEVEL), references: instanceReferences(ds) };
  const set = <K extends 'sopInstanceUid' | 'sopClassUid' | 'studyUid' | 'seriesUid' | 'frameOfReferenceUid'>(key: K, kw: string): void => {
    const v = get(kw);
    if (v) s[key] = v;
  };
  set('sopInstanceUid', 'SOPInstanceUID');
  set('sopClassUid', 'SOPClassUID');
  set('studyUid', 'StudyInstanceUID');
  set('seriesUid', 'SeriesInstanceUID');
  set('frameOfReferenceUid', 'FrameOfReferenceUID');
  return s;
}

/**
 * Checks across a set of instances: SOP Instance UIDs unique; a Study/Series/Frame of Reference UID not reused at
 * another level; a series in one study;
 * study- and series-level attributes the same in every instance of a study/series; references to instances of the
 * same study resolve when the referenced instance's series is in the set; referenced SOP Class matches. Findings of one
 * kind past `maxFindings` are counted, not listed (FindingSink).
 */
export function checkSet(instances: readonly InstanceSummary[], maxFindings?: number): SetFindings {
  const checks = new SetChecks(maxFindings);
  for (const s of instances) checks.add(s);
  return checks.findings();
}

/** The set checks' findings, those of a kind past the cap counted in a "… and N more like it"; the true totals. */
export interface SetFindings {
  findings: Finding[];
  errors: number;
  warnings: number;
}

/** The first instance of a study (or series) seen: the values the others must agree with. */
interface FirstOfGroup {
  file: string;
  values: Record<string, string>;
}

/**
 * checkSet one instance at a time, keeping of each only what a later instance or reference is checked against: its
 * SOP Instance UID with its file and SOP Class (repeated UIDs and classes held once, interned), the first instance of
 * each study and series, and its references to instances of the set; the summaries themselves are not kept. Each
 * check lists its findings in its own sink, so that they come in the order of the checks, capped as a file's are.
 */
export class SetChecks {
  private readonly duplicates: FindingSink;
  private readonly levelUse: FindingSink;
  private readonly studyAgreement: FindingSink;
  private readonly seriesAgreement: FindingSink;
  private readonly interned = new Map<string, string>();
  /** SOP Instance UID → the file of its first instance and that instance's SOP Class UID. */
  private readonly holders = new Map<string, { file: string; classUid: string | undefined }>();
  private readonly levels = new Map<string, { level: string; file: string }>();
  private readonly studyOfSeries = new Map<string, { studyUid: string; file: string }>();
  private readonly firstOfStudy = new Map<string, FirstOfGroup>();
  private readonly firstOfSeries = new Map<string, FirstOfGroup>();
  private readonly references: { file: string; references: InstanceReference[] }[] = [];
  private count = 0;
  /** The Study Instance UID of every instance so far; null once two differ or one has none. */
  private study: string | null | undefined;
  private anySeries = false;

  constructor(private readonly maxFindings?: number) {
    this.duplicates = new FindingSink(maxFindings);
    this.levelUse = new FindingSink(maxFindings);
    this.studyAgreement = new FindingSink(maxFindings);
    this.seriesAgreement = new FindingSink(maxFindings);
  }

  add(s: InstanceSummary): void {
    const studyUid = s.studyUid;
    this.study = this.count++ === 0 ? studyUid ?? null : this.study === studyUid ? this.study : null;
    if (s.seriesUid) this.anySeries = true;
    if (s.sopInstanceUid) {
      const other = this.holders.get(s.sopInstanceUid);
      if (other) this.duplicates.add({ severity: 'error', code: 'DUPLICATE_UID', keyword: 'SOPInstanceUID', tag: '(0008,0018)', path: 'SOPInstanceUID', file: s.file, message: `SOP Instance UID ${s.sopInstanceUid} is also used by ${other.file}` });
      else this.holders.set(s.sopInstanceUid, { file: s.file, classUid: this.intern(s.sopClassUid) });
    }
    this.claim(s.studyUid, 'study', s, 'StudyInstanceUID', '(0020,000D)');
    this.claim(s.seriesUid, 'series', s, 'SeriesInstanceUID', '(0020,000E)');
    this.claim(s.frameOfReferenceUid, 'frame of reference', s, 'FrameOfReferenceUID', '(0020,0052)');
    // A series belongs to one study (PS3.3 C.7.3.1): its UID under two Study Instance UIDs is an error.
    if (s.seriesUid && studyUid) {
      const first = this.studyOfSeries.get(s.seriesUid);
      if (!first) this.studyOfSeries.set(s.seriesUid, { studyUid: this.intern(studyUid)!, file: s.file });
      else if (first.studyUid !== studyUid) {
        this.levelUse.add({ severity: 'error', code: 'DUPLICATE_UID', keyword: 'SeriesInstanceUID', tag: '(0020,000E)', path: 'SeriesInstanceUID', file: s.file, message: `series ${s.seriesUid} is in study ${studyUid} here and in study ${first.studyUid} in ${first.file}: a series belongs to one study` });
      }
    }
    agree(this.firstOfStudy, studyUid, s.file, s.studyLevel, 'study', this.studyAgreement);
    agree(this.firstOfSeries, s.seriesUid, s.file, s.seriesLevel, 'series', this.seriesAgreement);
    if (s.references.length > 0) {
      const references = s.references.map((r) => {
        const kept: InstanceReference = { uid: this.intern(r.uid)!, path: this.intern(r.path)! };
        if (r.classUid) kept.classUid = this.intern(r.classUid);
        return kept;
      });
      this.references.push({ file: s.file, references });
    }
  }

  /** The findings once every instance is added: references are resolved against the whole set. */
  findings(): SetFindings {
    const references = new FindingSink(this.maxFindings);
    // A reference is expected to resolve when the set holds the whole study it points into.
    const oneStudy = this.count > 1 && !!this.study && this.anySeries;
    for (const { file, references: refs } of this.references) {
      for (const ref of refs) {
        const target = this.holders.get(ref.uid);
        if (target) {
          if (ref.classUid && target.classUid && ref.classUid !== target.classUid) {
            references.add({ severity: 'error', code: 'REFERENCE', path: ref.path, file, message: `references ${ref.uid} as SOP Class ${ref.classUid}, but ${target.file} is ${target.classUid}` });
          }
        } else if (oneStudy) {
          references.add({ severity: 'warning', code: 'REFERENCE', path: ref.path, file, message: `references ${ref.uid}, which is not among the files of this study` });
        }
      }
    }
    const sinks = [this.duplicates, this.levelUse, this.studyAgreement, this.seriesAgreement, references];
    return {
      findings: sinks.flatMap((sink) => sink.findings),
      errors: sinks.reduce((n, sink) => n + sink.errors, 0),
      warnings: sinks.reduce((n, sink) => n + sink.warnings, 0),
    };
  }

  private claim(uid: string | undefined, level: string, s: InstanceSummary, keyword: string, tag: string): void {
    if (!uid) return;
    const prior = this.levels.get(uid);
    if (!prior) this.levels.set(uid, { level, file: s.file });
    else if (prior.level !== level) {
      const where = prior.file === s.file ? 'in this instance too' : 'elsewhere in the set';
      this.levelUse.add({ severity: 'error', code: 'DUPLICATE_UID', keyword, tag, path: keyword, file: s.file, message: `${uid} is used here as a ${level} UID and ${where} as a ${prior.level} UID` });
    }
  }

  /** One string for each distinct text: the class, study and series UIDs many instances share are held once. */
  private intern(text: string | undefined): string | undefined {
    if (text === undefined) return undefined;
    const known = this.interned.get(text);
    if (known !== undefined) return known;
    this.interned.set(text, text);
    return text;
  }
}

/** An instance's study- (or series-) level values against those of the first instance of its study (or series). */
function agree(first: Map<string, FirstOfGroup>, key: string | undefined, file: string, values: Record<string, string>, level: string, sink: FindingSink): void {
  if (!key) return;
  const ref = first.get(key);
  if (!ref) {
    first.set(key, { file, values });
    return;
  }
  for (const [attr, v] of Object.entries(values)) {
    const other = ref.values[attr];
    if (other !== undefined && other !== v) {
      sink.add({ severity: 'error', code: 'INCONSISTENT', keyword: attr, path: attr, file, message: `is "${shownValue(v)}" but "${shownValue(other)}" in ${ref.file} of the same ${level}` });
    }
  }
}
