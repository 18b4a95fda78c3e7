import { Dataset } from '../core/dataset.js';
import { DicomError } from '../core/errors.js';
import { IMPLEMENTATION_CLASS_UID, IMPLEMENTATION_VERSION_NAME } from '../core/implementation.js';

export interface FileMetaOptions {
  /** Source Application Entity Title (0002,0016): the AE that wrote the file. */
  sourceAeTitle?: string;
  /** Meta information read with the data set: elements we do not own (sending/receiving AE, private) are kept. */
  previous?: Dataset;
}

/** Meta elements copied from a previous header; the rest are ours to set (PS3.10 7.1). */
const KEPT = ['SourceApplicationEntityTitle', 'SendingApplicationEntityTitle', 'ReceivingApplicationEntityTitle',
  'SourcePresentationAddress', 'SendingPresentationAddress', 'ReceivingPresentationAddress',
  'PrivateInformationCreatorUID', 'PrivateInformation'] as const;

/** Builds File Meta Information for a data set written in `transferSyntaxUid`. */
export function buildFileMeta(dataset: Dataset, transferSyntaxUid: string, options: FileMetaOptions = {}): Dataset {
  const meta = new Dataset();
  const previous = options.previous;
  const sopClass = dataset.getString('SOPClassUID') ?? previous?.getString('MediaStorageSOPClassUID');
  const sopInstance = dataset.getString('SOPInstanceUID') ?? previous?.getString('MediaStorageSOPInstanceUID');
  if (!sopClass || !sopInstance) {
    throw new DicomError('BAD_META', 'cannot write a DICOM file without SOP Class UID and SOP Instance UID');
  }
  meta.set('FileMetaInformationGroupLength', 0);
  meta.set('FileMetaInformationVersion', Buffer.from([0, 1]), 'OB');
  meta.set('MediaStorageSOPClassUID', sopClass);
  meta.set('MediaStorageSOPInstanceUID', sopInstance);
  meta.set('TransferSyntaxUID', transferSyntaxUid);
  meta.set('ImplementationClassUID', IMPLEMENTATION_CLASS_UID);
  meta.set('ImplementationVersionName', IMPLEMENTATION_VERSION_NAME);
  for (const keyword of KEPT) {
    const el = previous?.element(keyword);
    if (el) meta.addElement(el);
  }
  if (options.sourceAeTitle) meta.set('SourceApplicationEntityTitle', options.sourceAeTitle);
  return meta;
}
