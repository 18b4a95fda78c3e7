import type { Condition } from './types.js';
import { absent, and, sopClassIs, undecidable } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { CODE_SEQUENCE, PERFORMED_PROCEDURE_STEP_SUMMARY, PERSON_IDENTIFICATION, REQUEST_ATTRIBUTES, SOP_INSTANCE_REFERENCE, codeSequence } from './macros.js';
import type { ModuleDefinition } from './types.js';

/** PS3.3 C.7.3.1.1.1 Modality defined terms (current ones). */
export const MODALITIES = [
  'ANN', 'AR', 'ASMT', 'AU', 'BDUS', 'BI', 'BMD', 'CFM', 'CR', 'CT', 'CTPROTOCOL', 'DMS', 'DG', 'DOC', 'DX', 'ECG', 'EEG', 'EMG', 'EOG', 'EPS',
  'ES', 'FID', 'GM', 'HC', 'HD', 'IO', 'IOL', 'IVOCT', 'IVUS', 'KER', 'KO', 'LEN', 'LS', 'M3D', 'MG', 'MR', 'NM', 'OAM', 'OCT', 'OP', 'OPM',
  'OPT', 'OPTBSV', 'OPTENF', 'OPV', 'OSS', 'OT', 'PA', 'PLAN', 'POS', 'PR', 'PT', 'PX', 'REG', 'RESP', 'RF', 'RG', 'RTDOSE', 'RTIMAGE',
  'RTINTENT', 'RTPLAN', 'RTRAD', 'RTRECORD', 'RTSEGANN', 'RTSTRUCT', 'RWV', 'SEG', 'SM', 'SMR', 'SR', 'SRF', 'STAIN', 'TEXTUREMAP', 'TG',
  'US', 'VA', 'XA', 'XAPROTOCOL', 'XC',
] as const;

/** Body parts that come in pairs, for the Laterality condition; unpaired ones make Laterality unnecessary. */
const PAIRED = /^(BREAST|EYE|EAR|KIDNEY|LUNG|ARM|LEG|HAND|FOOT|KNEE|ELBOW|SHOULDER|HIP|WRIST|ANKLE|THUMB|FINGER|TOE|CLAVICLE|FEMUR|HUMERUS|TIBIA|FIBULA|RADIUS|ULNA|OVARY|TESTIS|ADRENAL|UPRLIMB|LWRLIMB|EXTREMITY|.*ARTERY|.*VEIN)$/;

/**
 * Laterality (0020,0060): required for a paired body part when no Image/Frame/Measurement Laterality is given. When the
 * body part is not stated, it is treated as possibly paired (as dciodvfy does), so a laterality is expected somewhere.
 */
export const lateralityRequired: Condition = ({ ds }) => {
  if (ds.has('ImageLaterality') || ds.has('FrameLaterality') || ds.has('MeasurementLaterality')) return false;
  if (ds.has('SharedFunctionalGroupsSequence') || ds.has('PerFrameFunctionalGroupsSequence')) return undefined;
  const part = (ds.getString('BodyPartExamined') ?? '').trim();
  return part === '' ? true : PAIRED.test(part);
};

/**
 * Patient Position (0018,5100): required of CT, MR, Enhanced CT, Enhanced MR, Enhanced Color MR and MR Spectroscopy
 * instances that have no Patient Orientation Code Sequence (PS3.3 C.7.3.1).
 */
const patientPositionRequired: Condition = and(
  absent('PatientOrientationCodeSequence'),
  sopClassIs('CTImageStorage', 'MRImageStorage', 'EnhancedCTImageStorage', 'EnhancedMRImageStorage', 'EnhancedMRColorImageStorage', 'MRSpectroscopyStorage'),
);

export const GENERAL_SERIES: ModuleDefinition = {
  id: 'general-series',
  name: 'General Series',
  section: 'C.7.3.1',
  attributes: [
    t1('Modality', { values: [defined(MODALITIES)] }),
    t1('SeriesInstanceUID'),
    t2('SeriesNumber'),
    // Its condition does not say "may be present otherwise", so PS3.5 7.4.4 holds: not present when it does not hold.
    t2c('Laterality', lateralityRequired, { values: [enumerated(['R', 'L'])], absentOtherwise: true }),
    t3('SeriesDate'),
    t3('SeriesTime'),
    t3('PerformingPhysicianName'),
    sq('PerformingPhysicianIdentificationSequence', '3', PERSON_IDENTIFICATION, { vm: '1-n' }),
    t3('ProtocolName'),
    t3('SeriesDescription'),
    codeSequence('SeriesDescriptionCodeSequence', '3'),
    t3('OperatorsName'),
    sq('OperatorIdentificationSequence', '3', PERSON_IDENTIFICATION, { vm: '1-n' }),
    sq('ReferencedPerformedProcedureStepSequence', '3', SOP_INSTANCE_REFERENCE, { vm: '1' }),
    sq('RelatedSeriesSequence', '3', [t1('StudyInstanceUID'), t1('SeriesInstanceUID'), sq('PurposeOfReferenceCodeSequence', '2', CODE_SEQUENCE)]),
    t3('BodyPartExamined'),
    t2c('PatientPosition', patientPositionRequired),
    t3('SmallestPixelValueInSeries'),
    t3('LargestPixelValueInSeries'),
    sq('RequestAttributesSequence', '3', REQUEST_ATTRIBUTES, { vm: '1-n' }),
    ...PERFORMED_PROCEDURE_STEP_SUMMARY,
    t1c('AnatomicalOrientationType', undecidable, { values: [enumerated(['BIPED', 'QUADRUPED'])] }),
    t3('TreatmentSessionUID'),
  ],
};

export const FRAME_OF_REFERENCE: ModuleDefinition = {
  id: 'frame-of-reference',
  name: 'Frame of Reference',
  section: 'C.7.4.1',
  attributes: [t1('FrameOfReferenceUID'), t2('PositionReferenceIndicator')],
};

export const SYNCHRONIZATION: ModuleDefinition = {
  id: 'synchronization',
  name: 'Synchronization',
  section: 'C.7.4.2',
  attributes: [
    t1('SynchronizationFrameOfReferenceUID'),
    t1('SynchronizationTrigger', { values: [enumerated(['SOURCE', 'EXTERNAL', 'PASSTHRU', 'NO TRIGGER'])] }),
    t3('TriggerSourceOrType'),
    t1c('SynchronizationChannel', undecidable, { vm: '2' }),
    t1('AcquisitionTimeSynchronized', { values: [enumerated(['Y', 'N'])] }),
    t3('TimeSource'),
    t1('TimeDistributionProtocol', { values: [enumerated(['NTP', 'IRIG', 'GPS', 'SNTP', 'PTP'])] }),
    t3('NTPSourceAddress'),
  ],
};

/** Series-level Modality constraint of an IOD (the "Modality … Enumerated Value" clauses of IOD-specific series modules). */
export const modalityIs = (id: string, name: string, section: string, values: readonly string[]): ModuleDefinition => ({
  id,
  name,
  section,
  attributes: [t1('Modality', { values: [enumerated(values)] })],
});

