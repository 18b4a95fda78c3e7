import { present, undecidable } from './conditions.js';
import { enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import type { Condition, ModuleDefinition } from './types.js';

export const FILE_SET_IDENTIFICATION: ModuleDefinition = {
  id: 'file-set-identification',
  name: 'File-set Identification',
  section: 'F.3.2.1 (PS3.3)',
  attributes: [t2('FileSetID'), t3('FileSetDescriptorFileID'), t1c('SpecificCharacterSetOfFileSetDescriptorFile', present('FileSetDescriptorFileID'))],
};

const RECORD_TYPES = [
  'PATIENT', 'STUDY', 'SERIES', 'IMAGE', 'RT DOSE', 'RT STRUCTURE SET', 'RT PLAN', 'RT TREAT RECORD', 'PRESENTATION', 'WAVEFORM', 'SR DOCUMENT',
  'KEY OBJECT DOC', 'SPECTROSCOPY', 'RAW DATA', 'REGISTRATION', 'FIDUCIAL', 'HANGING PROTOCOL', 'ENCAP DOC', 'HL7 STRUC DOC', 'VALUE MAP',
  'STEREOMETRIC', 'PALETTE', 'IMPLANT', 'IMPLANT ASSY', 'IMPLANT GROUP', 'PLAN', 'MEASUREMENT', 'SURFACE', 'SURFACE SCAN', 'TRACT',
  'ASSESSMENT', 'RADIOTHERAPY', 'ANNOTATION', 'INVENTORY', 'PRIVATE',
];

/** The record is of this type: the keys F.5 requires of each type hold only in records of that type. */
const recordIs = (type: string): Condition => ({ ds }) => ds.getString('DirectoryRecordType') === type;
const study: Condition = recordIs('STUDY');

/** PS3.3 F.5.1-F.5.4: the keys of the patient, study, series and image records. */
const RECORD_KEYS = [
  t1c('PatientID', recordIs('PATIENT')), t2c('PatientName', recordIs('PATIENT')),
  t1c('StudyDate', study), t1c('StudyTime', study), t2c('StudyDescription', study), t1c('StudyID', study), t2c('AccessionNumber', study),
  // Required unless the record references a file, which names its study itself.
  t1c('StudyInstanceUID', (ctx) => study(ctx) && !ctx.ds.has('ReferencedSOPInstanceUIDInFile')),
  t1c('Modality', recordIs('SERIES')), t1c('SeriesInstanceUID', recordIs('SERIES')), t1c('SeriesNumber', recordIs('SERIES')),
  t1c('InstanceNumber', recordIs('IMAGE')),
];

export const DIRECTORY_INFORMATION: ModuleDefinition = {
  id: 'directory-information',
  name: 'Directory Information',
  section: 'F.3.2.2 (PS3.3)',
  attributes: [
    t1('OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity'),
    t1('OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity'),
    t1('FileSetConsistencyFlag', { values: [enumerated([0, 0xffff])] }),
    sq('DirectoryRecordSequence', '2', [
      t1('OffsetOfTheNextDirectoryRecord'),
      t1('RecordInUseFlag', { values: [enumerated([0xffff, 0])] }),
      t1('OffsetOfReferencedLowerLevelDirectoryEntity'),
      t1('DirectoryRecordType', { values: [enumerated(RECORD_TYPES)] }),
      t1c('PrivateRecordUID', ({ ds }) => ds.getString('DirectoryRecordType') === 'PRIVATE'),
      t1c('ReferencedFileID', undecidable),
      t1c('ReferencedSOPClassUIDInFile', present('ReferencedFileID')),
      t1c('ReferencedSOPInstanceUIDInFile', present('ReferencedFileID')),
      t1c('ReferencedTransferSyntaxUIDInFile', present('ReferencedFileID')),
      ...RECORD_KEYS,
    ]),
  ],
};
