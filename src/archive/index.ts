// `tbp-dicom/archive`: the embedded archive (files in a folder tree, indexed in SQLite) and the storage SCP in front
// of it.
export { serve, storageService, STORAGE_TRANSFER_SYNTAXES, type ArchiveServer, type ServeOptions, type StoreEvent } from './serve.js';
export { Archive, IncomingObject, StoreRefused, INDEX_FILE, type ArchiveOptions, type IncomingInfo, type StoredObject } from './archive.js';
export { ArchiveIndex, type ArchiveCounts, type ArchiveIndexOptions, type IndexedInstance, type InstanceRow } from './index-db.js';
