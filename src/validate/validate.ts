import { Dataset } from '../core/dataset.js';
import { DicomError, asDicomError } from '../core/errors.js';
import { readDicomFile, type DicomFile } from '../io/part10-reader.js';
import { readUnknownInKnownVR } from '../io/unknown-vr.js';
import { ODD_VALUE_LENGTH } from '../io/dataset-parser.js';
import { uidName } from '../core/uid-registry.js';
import { BEYOND_REPERTOIRE } from '../core/values/repertoire.js';
import { COMMON_MODULE_IDS, findIod, iodForSopClass, type IodDefinition } from '../iod/iods.js';
import { modulesInUse } from '../iod/modules-in-use.js';
import { moduleById } from '../iod/modules/index.js';
import { FindingSink, type InstanceContext } from './context.js';
import { checkElements } from './element-check.js';
import { checkModule } from './module-check.js';
import { checkPixels } from './pixel-check.js';
import { checkLossy, checkMeta, checkModality } from './consistency-check.js';
import { checkSurfaces } from './surface-check.js';
import { checkSrEvidence } from './sr-evidence-check.js';
import { checkPrivate } from './private-check.js';
import { checkSchemesDeclared } from './scheme-check.js';
import { TBP_BLOCK_RULES } from './tbp-rules.js';
import type { Finding, ValidateOptions, ValidationReport } from './types.js';

/**
 * Validates one instance against its IOD: module usage and attribute types, conditions, enumerated values, VR and VM
 * of every element, pixel consistency, File Meta Information, lossy flag, modality and private blocks.
 * Accepts a data set, a file as read, or a path. A data set's UN elements whose VR is known here are checked in that
 * VR, as the reader reads a file's (a copy is read: the data set is left as it is).
 */
export function validate(input: Dataset | DicomFile | string, options: ValidateOptions = {}): ValidationReport {
  if (typeof input === 'string') {
    let file: DicomFile;
    try {
      file = readDicomFile(input, { lenient: true });
    } catch (e) {
      return unreadable(input, e);
    }
    return validateFile(file, options, input);
  }
  if (input instanceof Dataset) return validateDataset(inKnownVRs(input), new FindingSink(options.maxFindings), options);
  return validateFile(input, options, input.path);
}

/** A copy of a data set built in memory, its UN elements read as the reader reads a file's (readUnknownInKnownVR). */
function inKnownVRs(ds: Dataset): Dataset {
  const copy = ds.clone();
  readUnknownInKnownVR(copy);
  return copy;
}

/** The IOD a name or id names; a misspelt one fails, as it would otherwise check only the common modules and pass. */
export function iodNamed(name: string): IodDefinition {
  const iod = findIod(name);
  if (!iod) throw new DicomError('INVALID_ARGUMENT', `IOD "${name}" is not known: give its id (e.g. dermoscopic-photography-image) or name (e.g. "Dermoscopic Photography Image")`);
  return iod;
}

/** The report of a file that cannot be read as DICOM: one error, the reader's. */
export function unreadable(path: string, error: unknown): ValidationReport {
  const message = error instanceof Error ? error.message : String(error);
  return report([{ severity: 'error', code: 'READ', message: `cannot be read as DICOM: ${message}`, file: path }], path);
}

/**
 * The report of a file whose validation failed partway (a value left on disk that can no longer be read, a bug): one
 * error, saying what failed, so that a run over many files reports it with the others and goes on.
 */
export function unvalidated(path: string, error: unknown): ValidationReport {
  const { code, message } = asDicomError(error);
  return report([{ severity: 'error', code: 'READ', message: `could not be validated: [${code}] ${message}`, file: path }], path);
}

function validateFile(file: DicomFile, options: ValidateOptions, path: string | undefined): ValidationReport {
  const sink = new FindingSink(options.maxFindings);
  // An 8-bit byte in a CS or AE, and a value of odd length, are the element check's errors, naming the attribute:
  // not said twice.
  for (const w of file.warnings) {
    if (!w.includes(BEYOND_REPERTOIRE) && !w.includes(ODD_VALUE_LENGTH) && !(file.damagedVR && w.startsWith(file.damagedVR))) sink.add({ severity: 'warning', code: 'READ', message: w });
  }
  // Read here in step or not, a damaged VR is what other readers (dcmtk) cannot get past: the file is not valid.
  if (file.damagedVR) sink.add({ severity: 'error', code: 'READ', message: `${file.damagedVR}: a damaged VR, which readers that take it as PS3.5 7.1.2 says (dcmtk) cannot read past` });
  // Read leniently, a file cut short still gives a data set: what is missing of it is an error, not a remark.
  if (file.cutShort) sink.add({ severity: 'error', code: 'READ', message: 'the file is cut short (truncated?): values at its end are missing, as the warnings say' });
  checkMeta(file.meta, file.dataset, sink);
  checkElements(file.meta, sink);
  // A DICOMDIR (Basic Directory IOD) names its SOP Class only in the meta information.
  const metaSopClassUid = file.meta.getString('MediaStorageSOPClassUID');
  const result = validateDataset(file.dataset, sink, { ...options, transferSyntaxUid: options.transferSyntaxUid ?? file.transferSyntaxUid }, metaSopClassUid);
  if (path) {
    result.file = path;
    for (const f of result.findings) f.file = path;
  }
  return result;
}

/** `metaSopClassUid`: the file's Media Storage SOP Class UID, taken when the data set has no SOP Class UID. */
function validateDataset(ds: Dataset, sink: FindingSink, options: ValidateOptions, metaSopClassUid?: string): ValidationReport {
  const ctx: InstanceContext = { root: ds, transferSyntaxUid: options.transferSyntaxUid };
  const sopClassUid = (ds.getString('SOPClassUID') ?? metaSopClassUid)?.replace(/\0+$/, '');
  const iod = options.iod ? iodNamed(options.iod) : sopClassUid ? iodForSopClass(sopClassUid) : undefined;
  if (iod) checkIod(iod, ds, ctx, sink);
  else checkUnknown(ds, ctx, sink, sopClassUid);
  checkElements(ds, sink);
  checkPixels(ds, ctx.transferSyntaxUid, sink);
  if (ds.has('SurfaceSequence')) checkSurfaces(ds, sink);
  checkLossy(ds, ctx.transferSyntaxUid, sink);
  checkSchemesDeclared(ds, sink);
  checkPrivate(ds, [TBP_BLOCK_RULES, ...(options.privateBlocks ?? [])], sink);
  const findings = options.quiet ? sink.findings.filter((f) => f.severity !== 'info') : sink.findings;
  const r: ValidationReport = { findings, errors: sink.errors, warnings: sink.warnings };
  if (sopClassUid) r.sopClassUid = sopClassUid;
  if (iod) r.iod = { id: iod.id, name: iod.name };
  return r;
}

function checkIod(iod: IodDefinition, ds: Dataset, instance: InstanceContext, sink: FindingSink): void {
  const { use, requiredModules } = modulesInUse(iod, ds, instance.transferSyntaxUid);
  const ctx: InstanceContext = { ...instance, requiredModules };
  for (const m of iod.modules) {
    if (!m.definition) {
      if (m.usage === 'M') sink.add({ severity: 'info', code: 'NOT_CHECKED', module: m.id, message: `module "${m.id}" of ${iod.name} has no table in this validator; its attributes were checked only for VR and VM` });
      continue;
    }
    const used = use.get(m);
    if (used === 'forbidden') {
      sink.add({ severity: 'error', code: 'MODULE_NOT_ALLOWED', module: m.definition.name, message: `${m.definition.name} module is present, but ${m.conditionText ?? 'its condition does not hold'}` });
      continue;
    }
    if (used) checkModule(m.definition, ds, ctx, sink);
  }
  for (const c of iod.constraints) checkModule(c, ds, ctx, sink);
  if (requiredModules.has('sr-document-general')) checkSrEvidence(ds, sink);
  checkModality(iod, ds, sink);
}

function checkUnknown(ds: Dataset, ctx: InstanceContext, sink: FindingSink, sopClassUid: string | undefined): void {
  const what = sopClassUid ? `SOP Class ${sopClassUid}${uidName(sopClassUid) ? ` (${uidName(sopClassUid)})` : ''}` : 'an instance without SOP Class UID';
  sink.add({ severity: 'info', code: 'IOD_UNKNOWN', message: `IOD not known for ${what}: only the common modules (Patient, General Study, General Series, General Equipment, SOP Common) were checked` });
  for (const id of COMMON_MODULE_IDS) {
    const def = moduleById(id);
    if (def) checkModule(def, ds, ctx, sink);
  }
}

function report(findings: Finding[], file: string | undefined): ValidationReport {
  const r: ValidationReport = {
    findings,
    errors: findings.filter((f) => f.severity === 'error').length,
    warnings: findings.filter((f) => f.severity === 'warning').length,
  };
  if (file) r.file = file;
  return r;
}
