import { uidFromKey } from '../core/uid-generate.js';

/** Namespace for Tracking UIDs, which depend only on patient and lesion so a lesion keeps its UID across visits. */
const TRACKING_NAMESPACE = 'tbp-dicom lesion tracking v1';

/**
 * The Tracking UID of a lesion that has none of its own (the import's, and a derived crop's): one per patient ID and
 * lesion ID, so that one lesion has one Tracking UID whichever command named it.
 */
export const lesionTrackingUid = (patientId: string, lesionId: string): string => uidFromKey(TRACKING_NAMESPACE, `${patientId}\\${lesionId}`);
