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

/**
 * The SOP Class and Instance UIDs the File Meta Information names: the data set's, else those of the meta information
 * read with it. Either missing is BAD_META naming it (`file`: the input it is missing from, for a caller that knows).
 */
export function sopIdentity(dataset: Dataset, previous?: Dataset, file?: string): { sopClass: string; sopInstance: string } {
  const sopClass = dataset.getString('SOPClassUID') ?? previous?.getString('MediaStorageSOPClassUID');
  const sopInstance = dataset.getString('SOPInstanceUID') ?? previous?.getString('MediaStorageSOPInstanceUID');
  if (sopClass && sopInstance) return { sopClass, sopInstance };
  const missing = [!sopClass && 'SOP Class UID (0008,0016)', !sopInstance && 'SOP Instance UID (0008,0018)'].filter(Boolean).join(' and ');
  throw new DicomError('BAD_META', `no ${missing}, in the data set or its meta information: a DICOM file cannot be written without them`, { file });
}

/** Builds File Meta Information for a data set written in `transferSyntaxUid`. */
export function buildFileMeta(dataset: Dataset, transferSyntaxUid: string, options: FileMetaOptions = {}): Dataset {
  const meta = new Dataset();
  const previous = options.previous;
  const { sopClass, sopInstance } = sopIdentity(dataset, previous);
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
