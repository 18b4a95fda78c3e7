/** PS3.15 Table E.1-1 actions: D dummy, Z zero length (or dummy), X remove, K keep, C clean, U consistent new UID. */
export type BasicAction = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'X/D' | 'X/Z' | 'Z/D' | 'X/Z/D' | 'X/Z/U*';

/** The options of PS3.15 E.3 that Table E.1-1 has a column for. */
export type ProfileOption =
  | 'retainSafePrivate'
  | 'retainUids'
  | 'retainDeviceIdentity'
  | 'retainInstitutionIdentity'
  | 'retainPatientCharacteristics'
  | 'retainLongitudinalFullDates'
  | 'retainLongitudinalModifiedDates'
  | 'cleanDescriptors'
  | 'cleanStructuredContent'
  | 'cleanGraphics';

/** One row of Table E.1-1: tag key, Basic Profile action, what each option does instead, attribute name. */
export type ProfileRow = readonly [tag: string, basic: BasicAction, options: Partial<Record<ProfileOption, 'K' | 'C'>>, name: string];
