/** Identifies files and associations made by this toolkit (PS3.7 D.3.3.2). A UUID-derived root under 2.25. */
export const IMPLEMENTATION_CLASS_UID = '2.25.209116262680668598620706918117660360259';
/** At most 16 characters, as Implementation Version Name requires. */
export const IMPLEMENTATION_VERSION_NAME = 'TBP_DICOM_0.1';
