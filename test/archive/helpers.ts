// Shared by the archive tests: an object arriving as a storage SCP receives it.
import type { Archive, StoredObject } from '../../src/archive/archive.js';
import { datasetBytes } from '../net/helpers.js';

export const SC = '1.2.840.10008.5.1.4.1.1.7';
export const EXPLICIT = '1.2.840.10008.1.2.1';

/** Receives `file`'s data set into the archive in PDV-sized pieces, as the SCP does, and commits it. */
export function receive(a: Archive, file: string, uid: string): Promise<StoredObject> {
  const obj = a.begin({ sopClassUid: SC, sopInstanceUid: uid, transferSyntaxUid: EXPLICIT, sourceAeTitle: 'TEST' });
  const bytes = datasetBytes(file);
  for (let i = 0; i < bytes.length; i += 7000) obj.write(bytes.subarray(i, i + 7000));
  return obj.commit();
}
