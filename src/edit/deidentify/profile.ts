import { lookupTag } from '../../core/dictionary.js';
import { PROFILE_ROWS } from '../generated/confidentiality-profile.js';
import type { BasicAction, ProfileOption, ProfileRow } from './profile-types.js';

/**
 * A single action, after choosing among the alternatives a Table E.1-1 cell offers and applying the options.
 * 'S' is the C of the Modified Dates option: dates move by the patient's shift, other temporal values stay.
 * 'XZ' is X/Z, chosen per object: X unless the object's IOD has the attribute as Type 2 (then Z).
 */
export type Action = 'D' | 'Z' | 'X' | 'K' | 'C' | 'U' | 'S' | 'XZ';

/**
 * Where a cell offers a choice, the alternative that keeps every IOD conformant: X/Z by the attribute's type in the
 * object's IOD (an empty Type 3 sequence is an error, a missing Type 2 attribute too); X/D, Z/D, X/Z/D → D (a dummy
 * also satisfies Type 1); X/Z/U* → U (the sequence is kept and the UIDs inside it are remapped, so references still
 * resolve).
 */
const CHOICE: Record<BasicAction, Action> = {
  D: 'D', Z: 'Z', X: 'X', K: 'K', C: 'C', U: 'U', 'X/Z': 'XZ', 'X/D': 'D', 'Z/D': 'D', 'X/Z/D': 'D', 'X/Z/U*': 'U',
};

/**
 * Applies the selected options to one row. Where several options name the same attribute, retaining wins over
 * cleaning (K over C): each retain option is an explicit statement that the information may stay.
 */
function resolve(row: ProfileRow, options: ReadonlySet<ProfileOption>): Action {
  let result: Action | undefined;
  for (const [option, action] of Object.entries(row[2]) as [ProfileOption, 'K' | 'C'][]) {
    if (!options.has(option)) continue;
    const chosen: Action = action === 'C' && option === 'retainLongitudinalModifiedDates' ? 'S' : action;
    if (chosen === 'K' || result === undefined) result = chosen;
  }
  return result ?? CHOICE[row[1]];
}

/**
 * Rows Table E.1-1 lacks. Each group follows what the table does for its neighbours, since an attribute the table does not
 * list is otherwise kept as it is. Kept on purpose: makers' and models' names (the table identifies a device by serial
 * number and station, under Retain Device Identity), coding scheme and private dictionary metadata (but for who keeps a
 * private scheme: see localSchemeKeeper), and the names, labels and descriptions of equipment (detectors, wedges,
 * applicators, lenses, optical paths, tolerance tables, waveform channels, LUTs), algorithms, implant templates,
 * hanging protocols, display calibration and quality tests, which say nothing about a patient, and of an animal's
 * species, breed, strain and genetic modification, a kind of animal as the codes beside them are.
 */
const BEYOND_TABLE: readonly ProfileRow[] = [
  // The birth and death dates in an alternative calendar (PS3.3 C.7.1.1) are the birth date the table empties, told
  // another way; the calendar goes with them.
  ['00100033', 'X', {}, "Patient's Birth Date in Alternative Calendar"],
  ['00100034', 'X', {}, "Patient's Death Date in Alternative Calendar"],
  ['00100035', 'X', {}, "Patient's Alternative Calendar"],
  // Comments and descriptions staff type about the patient, a procedure or what was seen: removed, cleaned under Clean
  // Descriptors, as Image Comments, Comments on the Performed Procedure Step and Derivation Description are.
  ['00400400', 'X', { cleanDescriptors: 'C' }, 'Comments on the Scheduled Procedure Step'],
  ['00400255', 'X', { cleanDescriptors: 'C' }, 'Performed Procedure Type Description'],
  ['00741006', 'X', { cleanDescriptors: 'C' }, 'Procedure Step Progress Description'],
  ['00741238', 'X', { cleanDescriptors: 'C' }, 'Reason for Cancellation'],
  ['0018991A', 'X', { cleanDescriptors: 'C' }, 'Instruction Performance Comment'],
  ['00400556', 'X', { cleanDescriptors: 'C' }, 'Acquisition Context Description'],
  ['0018003A', 'X', { cleanDescriptors: 'C' }, 'Intervention Description'],
  ['00240044', 'X', { cleanDescriptors: 'C' }, "Comments on Patient's Performance of Visual Field"],
  ['0022112C', 'X', { cleanDescriptors: 'C' }, 'Calculation Comment'],
  ['00281351', 'X', { cleanDescriptors: 'C' }, 'Partial View Description'],
  ['00286022', 'X', { cleanDescriptors: 'C' }, 'Frame of Interest Description'],
  ['00209453', 'X', { cleanDescriptors: 'C' }, 'Frame Label'],
  ['00182002', 'X', { cleanDescriptors: 'C' }, 'Frame Label Vector'],
  ['00620006', 'X', { cleanDescriptors: 'C' }, 'Segment Description'],
  ['00660004', 'X', { cleanDescriptors: 'C' }, 'Surface Comments'],
  ['0040A492', 'X', { cleanDescriptors: 'C' }, 'Completion Flag Description'],
  ['00440106', 'X', { cleanDescriptors: 'C' }, 'Assertion Comments'],
  ['01000424', 'X', { cleanDescriptors: 'C' }, 'SOP Authorization Comment'],
  ['30040006', 'X', { cleanDescriptors: 'C' }, 'Dose Comment'],
  ['30080202', 'X', { cleanDescriptors: 'C' }, 'Treatment Status Comment'],
  ['300A0402', 'X', { cleanDescriptors: 'C' }, 'Setup Image Comment'],
  ['300600C8', 'X', { cleanDescriptors: 'C' }, 'Frame of Reference Transformation Comment'],
  // RT free text the table lacks beside the plan, beam, structure set and ROI labels, names and descriptions it lists:
  // what a planner or therapist names or describes for this patient's treatment (an image, a beam, a block cut for the
  // patient, a set-up, a mask or shield made for them, a brachytherapy application), where the patient's name, a date
  // or an id is often typed. Names and labels get a dummy, as RT Plan Label and Structure Set Label do (Beam Name and
  // RT Image Label are Type 1 where the ion beam and RT image modules have them); descriptions and reasons, Type 3, are
  // removed, as Beam Description is. Both are cleaned under Clean Descriptors. The names and IDs of equipment (wedges,
  // applicators, range shifters, sources, tolerance tables) stay, as a device's model does.
  ['30020002', 'D', { cleanDescriptors: 'C' }, 'RT Image Label'],
  ['30020003', 'D', { cleanDescriptors: 'C' }, 'RT Image Name'],
  ['300A00C2', 'D', { cleanDescriptors: 'C' }, 'Beam Name'],
  ['300A00FE', 'D', { cleanDescriptors: 'C' }, 'Block Name'],
  ['300A0183', 'D', { cleanDescriptors: 'C' }, 'Patient Setup Label'],
  ['300A0194', 'D', { cleanDescriptors: 'C' }, 'Fixation Device Label'],
  ['300A01A4', 'D', { cleanDescriptors: 'C' }, 'Shielding Device Label'],
  ['300A01B8', 'D', { cleanDescriptors: 'C' }, 'Setup Device Label'],
  ['300A0236', 'D', { cleanDescriptors: 'C' }, 'Application Setup Name'],
  ['300A0735', 'D', { cleanDescriptors: 'C' }, 'Treatment Tolerance Violation Identification'],
  ['30020004', 'X', { cleanDescriptors: 'C' }, 'RT Image Description'],
  ['30080012', 'X', { cleanDescriptors: 'C' }, 'Measured Dose Description'],
  ['30080066', 'X', { cleanDescriptors: 'C' }, 'Override Reason'],
  ['30080074', 'X', { cleanDescriptors: 'C' }, 'Calculated Dose Reference Description'],
  ['300A01BA', 'X', { cleanDescriptors: 'C' }, 'Setup Device Description'],
  ['300A01D0', 'X', { cleanDescriptors: 'C' }, 'Setup Reference Description'],
  ['300A0730', 'X', { cleanDescriptors: 'C' }, 'Treatment Termination Description'],
  // The same in assessments, tractography, fiducials and a substance's administration, where a device or reader writes
  // what it found, and whom it found it on.
  ['00820003', 'X', { cleanDescriptors: 'C' }, 'Assessment Summary Description'],
  ['0082000A', 'X', { cleanDescriptors: 'C' }, 'Observation Description'],
  ['00660107', 'X', { cleanDescriptors: 'C' }, 'Track Set Description'],
  ['0070030F', 'X', { cleanDescriptors: 'C' }, 'Fiducial Description'],
  ['00440011', 'X', { cleanDescriptors: 'C' }, 'Substance Administration Notes'],
  // What was seen or done, and why, in the other places staff type it: removed, cleaned under Clean Descriptors, as
  // Specimen Detailed Description, Reason for Omission Description, Container Description and Visit Comments are. A
  // label is given a dummy where its item needs one (Type 1: a breast biopsy's target, a DICONDE indication, a UPS's
  // step), as Annotation Group Label is; where it is Type 3 (a film session's, which print staff fill with the
  // patient's name, and a worklist's) it goes, as Pyramid Label does.
  ['00182045', 'D', { cleanDescriptors: 'C' }, 'Target Label'],
  ['00142016', 'D', { cleanDescriptors: 'C' }, 'Indication Label'],
  ['00741204', 'D', { cleanDescriptors: 'C' }, 'Procedure Step Label'],
  ['00741202', 'X', { cleanDescriptors: 'C' }, 'Worklist Label'],
  ['20000050', 'X', { cleanDescriptors: 'C' }, 'Film Session Label'],
  ['00142018', 'X', { cleanDescriptors: 'C' }, 'Indication Description'],
  ['0074140B', 'X', { cleanDescriptors: 'C' }, 'Reason for Channel Omission Description'],
  ['0050001E', 'X', { cleanDescriptors: 'C' }, 'Container Component Description'],
  ['00380102', 'X', { cleanDescriptors: 'C' }, 'Resource Description'],
  ['40101078', 'X', { cleanDescriptors: 'C' }, 'PTO Location Description'],
  ['00082256', 'X', { cleanDescriptors: 'C' }, 'Anatomic Perspective Description (Trial)'],
  ['00082258', 'X', { cleanDescriptors: 'C' }, 'Anatomic Location Of Examining Instrument Description (Trial)'],
  ['00400553', 'X', { cleanDescriptors: 'C' }, 'Specimen Description (Trial)'],
  ['0040A224', 'X', { cleanDescriptors: 'C' }, 'Identification Description (Trial)'],
  ['0040A33A', 'X', { cleanDescriptors: 'C' }, 'Report Status Comment (Trial)'],
  ['00401060', 'X/Z', { cleanDescriptors: 'C' }, 'Requested Procedure Description (Trial)'],
  // A protocol's instructions, the reasons it is for and the landmarks on the patient's body it positions by (Defined
  // and Performed Procedure Protocol), which a site writes as it names its protocols: as Protocol Name and Acquisition
  // Protocol Description are treated. Instruction Text and Reference Location Label are Type 1 in their items.
  ['00189916', 'D', { cleanDescriptors: 'C' }, 'Instruction Text'],
  ['00189900', 'D', { cleanDescriptors: 'C' }, 'Reference Location Label'],
  ['00189917', 'X', { cleanDescriptors: 'C' }, 'Instruction Description'],
  ['00189901', 'X', { cleanDescriptors: 'C' }, 'Reference Location Description'],
  ['00189908', 'X', { cleanDescriptors: 'C' }, 'Potential Reasons for Procedure'],
  // How this image was acquired, reconstructed or processed, in words a device or operator writes: as the table's
  // Acquisition Device Processing, Decomposition and Respiratory Motion Compensation Technique Descriptions. ASL
  // Technique Description is Type 2 and ASL Crusher Description 1C in their functional group.
  ['00189531', 'X', { cleanDescriptors: 'C' }, 'Reconstruction Description'],
  ['00189941', 'X', { cleanDescriptors: 'C' }, 'Image Filter Description'],
  ['00189433', 'X', { cleanDescriptors: 'C' }, 'Field of View Description'],
  ['0066000B', 'X', { cleanDescriptors: 'C' }, 'Surface Processing Description'],
  ['00189252', 'X/Z', { cleanDescriptors: 'C' }, 'ASL Technique Description'],
  ['0018925B', 'D', { cleanDescriptors: 'C' }, 'ASL Crusher Description'],
  // The state of the patient's lens and vitreous (ophthalmic axial measurements, Type 1C beside their codes): a dummy,
  // cleaned under Retain Patient Characteristics and Clean Descriptors, as Patient State is.
  ['00221065', 'D', { retainPatientCharacteristics: 'C', cleanDescriptors: 'C' }, 'Lens Status Description'],
  ['00221066', 'D', { retainPatientCharacteristics: 'C', cleanDescriptors: 'C' }, 'Vitreous Status Description'],
  // Titles that are Type 2 where they are used (Encapsulated Document, Content Identification Macro): X/Z, like Study
  // Description's neighbours; a title can name the patient as well as any comment.
  ['00420010', 'X/Z', { cleanDescriptors: 'C' }, 'Document Title'],
  ['00700081', 'X/Z', { cleanDescriptors: 'C' }, 'Content Description'],
  // A label a Type 1 position requires gets a dummy, as Annotation Group Label and Acquisition Field Of View Label do.
  ['00620005', 'D', { cleanDescriptors: 'C' }, 'Segment Label'],
  ['00820023', 'D', { cleanDescriptors: 'C' }, 'Assessment Label'],
  ['00660106', 'D', { cleanDescriptors: 'C' }, 'Track Set Label'],
  // The name an instance gives itself (Content Identification Macro: presentation states, segmentations, surfaces),
  // which whoever made it types, beside the Content Description and Content Creator's Name the table treats.
  ['00700080', 'D', { cleanDescriptors: 'C' }, 'Content Label'],
  // The words of a text item or annotation (Type 1 where present), a ruler's tick labels among them: a dummy, as in the
  // Content and Graphic Annotation Sequences the table replaces; here also where they stand elsewhere (Waveform
  // Annotation Sequence, an acquisition context the IOD keeps).
  ['0040A160', 'D', { cleanStructuredContent: 'C' }, 'Text Value'],
  ['00700006', 'D', { cleanGraphics: 'C' }, 'Unformatted Text Value'],
  ['00700207', 'D', { cleanGraphics: 'C' }, 'Graphic Group Label'],
  ['00700289', 'D', { cleanGraphics: 'C' }, 'Tick Label'],
  // The UC selector of a hanging protocol or an SR template's value, which the table (listing the LO, LT, SH, ST and UT
  // selectors as D, cleaned under Clean Descriptors) does not have.
  ['0072006F', 'D', { cleanDescriptors: 'C' }, 'Selector UC Value'],
  // Overlay and graphic text beside the graphics: removed, cleaned under Clean Graphics, as Overlay Comments are. An
  // overlay without Overlay Data (in the high bits of Pixel Data, retired) keeps its group, so its words matter.
  ['60xx0022', 'X', { cleanGraphics: 'C' }, 'Overlay Description'],
  ['60xx1500', 'X', { cleanGraphics: 'C' }, 'Overlay Label'],
  ['00700068', 'X', { cleanGraphics: 'C' }, 'Graphic Layer Description'],
  ['00700208', 'X', { cleanGraphics: 'C' }, 'Graphic Group Description'],
  // A person to contact about a procedure step, the user who owns a print job, and a traveller's identity (DICOS), as
  // Person's Address and Telephone Numbers are removed.
  ['0074100A', 'X', {}, 'Contact URI'],
  ['0074100C', 'X', {}, 'Contact Display Name'],
  ['21000160', 'X', {}, 'Owner ID'],
  ['4010101A', 'X', {}, 'Boarding Pass ID'],
  ['40101051', 'X', {}, 'Itinerary ID'],
  // Identifiers that name a record beyond the object. An HL7 document's instance identifier (Type 1 in the HL7
  // Structured Document Reference Sequence) gets a dummy, as the Referenced SOP Instance UID beside it is replaced; Image
  // ID, a Type 3 string the operator or device gives an NM image, goes, as Study ID is emptied. Stack ID stays: it only
  // groups the frames of a stack (In-Stack Position Number counts within it), and one dummy for all would merge them.
  ['0040E001', 'D', {}, 'HL7 Instance Identifier'],
  ['00540400', 'X', {}, 'Image ID'],
  // An animal's number in its breed registry identifies it as a Patient ID does (the table replaces that, and Responsible
  // Person beside it): a dummy, since a Breed Registration Sequence item needs one (Type 1).
  ['00102295', 'D', {}, 'Breed Registration Number'],
  // A device's own identifiers the table lacks, beside Device Serial Number and Station Name (kept under Retain Device
  // Identity as they are): the user-given Device ID of a Device Sequence item, a secondary capture device's, and the
  // RT image's machine name (Type 2, as Treatment Machine Name is X/Z).
  ['00181003', 'X', { retainDeviceIdentity: 'K' }, 'Device ID'],
  ['00181010', 'X', { retainDeviceIdentity: 'K' }, 'Secondary Capture Device ID'],
  ['30020020', 'X/Z', { retainDeviceIdentity: 'K' }, 'Radiation Machine Name'],
  // Who issued an identifier the profile replaces (an HL7 assigning authority: the hospital's namespace, OID, facility):
  // removed, as Issuer of Patient ID and Issuer of Admission ID Sequence are.
  ['00100024', 'X', {}, 'Issuer of Patient ID Qualifiers Sequence'],
  ['00080051', 'X', {}, 'Issuer of Accession Number Sequence'],
  ['00400026', 'X', {}, 'Order Placer Identifier Sequence'],
  ['00400027', 'X', {}, 'Order Filler Identifier Sequence'],
  // The label of the medium a file set was written to (a DICOMDIR's File-set ID, its copy in an object): CD burners
  // write the patient's ID or name there. X/Z, as the Storage Media File-set UID beside it is replaced (Type 2 in a
  // DICOMDIR, so emptied there).
  ['00041130', 'X/Z', {}, 'File-set ID'],
  ['00880130', 'X/Z', {}, 'Storage Media File-set ID'],
  // Addresses to fetch the object or what it references from: a URL names the institution's host and, in a WADO path,
  // the original Study, Series and SOP Instance UIDs the table replaces everywhere else, and a Retrieve Location UID
  // names the institution's repository; removed, as Retrieve AE Title is.
  ['00081190', 'X', {}, 'Retrieve URL'],
  ['0040E011', 'X', {}, 'Retrieve Location UID'],
  ['0040E010', 'X', {}, 'Retrieve URI'],
  ['00404073', 'X', {}, 'Storage URL'],
  // Instance and frame of reference UIDs the table lacks, beside those it replaces (SOP Instance, Concatenation,
  // Fiducial and Frame of Reference UIDs): each names the same instance, frame or event as one of those, or one of the
  // institution's making, so kept it links the copy to the original and a reference to its replaced target no longer
  // resolves (a Referenced Fiducial UID beside the replaced Fiducial UID it names). Replaced, kept under Retain UIDs; a
  // registered one (a standard colour palette's) stays, as every registered UID does.
  ['00081167', 'U', { retainUids: 'K' }, 'Multi-frame Source SOP Instance UID'],
  ['00200242', 'U', { retainUids: 'K' }, 'SOP Instance UID of Concatenation Source'],
  ['00280304', 'U', { retainUids: 'K' }, 'Referenced Color Palette Instance UID'],
  ['0070031B', 'U', { retainUids: 'K' }, 'Referenced Fiducial UID'],
  ['00440102', 'U', { retainUids: 'K' }, 'Assertion UID'],
  ['00440108', 'U', { retainUids: 'K' }, 'Referenced Assertion UID'],
  ['00083012', 'U', { retainUids: 'K' }, 'Radiopharmaceutical Administration Event UID'],
  ['00701209', 'U', { retainUids: 'K' }, 'Volumetric Presentation Input Set UID'],
  ['00687004', 'U', { retainUids: 'K' }, 'Model Group UID'],
  ['0018991E', 'U', { retainUids: 'K' }, 'Target Frame of Reference UID'],
  ['00209312', 'U', { retainUids: 'K' }, 'Volume Frame of Reference UID'],
  ['00209313', 'U', { retainUids: 'K' }, 'Table Frame of Reference UID'],
  ['300A0675', 'U', { retainUids: 'K' }, 'Equipment Frame of Reference UID'],
  // An XDS repository's and community's UIDs name the institution's document store, as Retrieve Location UID does.
  ['0040E030', 'X', {}, 'Repository Unique ID'],
  ['0040E031', 'X', {}, 'Home Community ID'],
  // An inventory's paths to the files it lists (PS3.3 C.38): the repository's host, and folder and file names that
  // archives build from the patient's name or ID and the original UIDs. A dummy URL, as these are Type 1 in the items
  // that locate a file; the purpose and descriptions an operator wrote go, as Study Comments do.
  ['00080407', 'D', {}, 'Stored Instance Base URI'],
  ['00080408', 'D', {}, 'Folder Access URI'],
  ['00080409', 'D', {}, 'File Access URI'],
  ['0008040B', 'D', {}, 'Filename in Container'],
  ['00080401', 'X', { cleanDescriptors: 'C' }, 'Inventory Purpose'],
  ['00080402', 'X', { cleanDescriptors: 'C' }, 'Inventory Instance Description'],
  ['00080418', 'X', { cleanDescriptors: 'C' }, 'Transaction Status Comment'],
  // Dates the table lacks, treated as the dates beside them under the Retain Longitudinal options: an inventory's (a
  // dummy when removed, as Instance Creation Date is X/D), DICONDE's reviews, calibrations and procedure dates (X, as
  // its Calibration Date is) and DICOS's route, alarm and owner times, when a traveller was where.
  ['00080404', 'X/D', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Item Inventory DateTime'],
  ['0008041F', 'X/D', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Study Update DateTime'],
  ['00080416', 'X/D', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Expiration DateTime'],
  ['00140102', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Secondary Review Date'],
  ['00140103', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Secondary Review Time'],
  ['00141020', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Expiry Date'],
  ['00143076', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Date of Gain Calibration'],
  ['00143077', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Time of Gain Calibration'],
  ['00144076', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Procedure Creation Date'],
  ['00144078', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Procedure Expiration Date'],
  ['0014407A', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Procedure Last Modified Date'],
  ['40101025', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Route Segment Start Time'],
  ['40101026', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Route Segment End Time'],
  ['4010102B', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'Alarm Decision Time'],
  ['40101041', 'X', { retainLongitudinalFullDates: 'K', retainLongitudinalModifiedDates: 'C' }, 'OOI Owner Creation Time'],
  // Retired ACR-NEMA text no IOD has any more: what a converter left there cannot be vouched for.
  ['00080010', 'X', {}, 'Recognition Code'],
  // What an earlier de-identification (or a sender) encrypted for its own recipients (PS3.15 E.1.1, PS3.3 C.12.1.1.4.1):
  // the original identity, readable by whoever holds that key. This de-identifier makes none, and the Type 1C
  // condition (recipients allowed to decrypt it) no longer holds once it is gone; Original Attributes Sequence, the
  // same values kept in the clear, is X in the table.
  ['04000500', 'X', {}, 'Encrypted Attributes Sequence'],
  // File Meta Information belongs before the data set only (PS3.10 7.1), and outputs get their own: inside a data set
  // or an item its AE titles, addresses and Private Information would ride along unseen.
  ['0002xxxx', 'X', {}, 'File Meta Information elements'],
];

/** Table E.1-1 compiled for one option set: the action for a standard tag, and the one for private attributes. */
export interface CompiledProfile {
  actionFor(tag: number): Action | undefined;
  privateAction: Action;
  /** For the value and meaning of a private or local scheme's code in a sequence kept: a descriptor's words. */
  localCodeText: 'D' | 'C';
  /** For who keeps a private or local coding scheme (its name, keeper, URL, registry entry): the institution's identity. */
  localSchemeKeeper: 'X' | 'K';
  /**
   * For a private or local scheme's Coding Scheme UID, a local code's Context UID and any code's Context Group Extension
   * Creator UID: mostly under the institution's own OID root, which names it. Replaced as Template Extension Organization
   * UID is, kept under Retain UIDs, and under Retain Institution Identity as Device UID is under Retain Device Identity;
   * Context Group Local Version goes with the Extension Creator UID (a dummy where it is replaced, kept where it is).
   */
  localSchemeUid: 'U' | 'K';
}

const ETHICS_COMMITTEE_NAME = 0x00120081;
const CONTEXT_GROUP_LOCAL_VERSION = 0x00080107;
const TEMPLATE_LOCAL_VERSION = 0x0040db07;
/** Context Group Version, Template Version. */
const RELEASE_VERSIONS = [0x00080106, 0x0040db06];

export function compileProfile(options: ReadonlySet<ProfileOption>): CompiledProfile {
  const exact = new Map<number, Action>();
  const repeating: { mask: number; base: number; action: Action }[] = [];
  let privateAction: Action = 'X';
  for (const row of [...PROFILE_ROWS, ...BEYOND_TABLE]) {
    const action = resolve(row, options);
    const key = row[0];
    if (key === 'private') privateAction = action;
    else if (key.includes('x')) {
      repeating.push({ mask: parseInt(key.replace(/[0-9A-F]/g, 'F').replaceAll('x', '0'), 16) >>> 0, base: parseInt(key.replaceAll('x', '0'), 16), action });
    } else exact.set(parseInt(key, 16), action);
  }
  // Clinical Trial Protocol Ethics Committee Name (D, kept under Retain Institution Identity) is Type 1C, present only
  // beside the Approval Number (PS3.3 C.7.1.3), which the table removes under every option: alone, kept or a dummy, it
  // leaves the object failing its IOD, so it goes with the number.
  exact.set(ETHICS_COMMITTEE_NAME, 'X');
  const localSchemeUid = options.has('retainUids') || options.has('retainInstitutionIdentity') ? 'K' : 'U';
  // Context Group Local Version (Type 1C beside the Extension Creator UID, PS3.3 Table 8.8-1) is the version of an
  // institution's extension, no date of the patient's care: the table's D (a dummy) wherever the extender is replaced,
  // under the Retain Longitudinal options too (kept, it and the context group tell whose extension it is; shifted, one
  // extension would read differently per patient, each telling that patient's shift to whoever knows the version);
  // kept where the extender's UID is, as the dummy would misstate the extension named.
  exact.set(CONTEXT_GROUP_LOCAL_VERSION, localSchemeUid === 'K' ? 'K' : 'D');
  // Template Local Version, the version of an institution's extension of a template, goes with the Template Extension
  // Organization and Creator UIDs beside it as the context group's does with its extender: removed (the table's X)
  // wherever they are replaced, kept where Retain UIDs keeps them.
  exact.set(TEMPLATE_LOCAL_VERSION, options.has('retainUids') ? 'K' : 'X');
  // Context Group Version and Template Version are the release of a DCMR context group or template, dates anyone can
  // look up, no date of the patient's. Under Modified Dates (C, clean) the release names no one and stays: moved by the
  // patient's shift, it would tell that shift, and so every real date, to whoever looks the release up.
  if (options.has('retainLongitudinalModifiedDates')) for (const t of RELEASE_VERSIONS) exact.set(t, 'K');
  return {
    privateAction,
    localCodeText: options.has('cleanDescriptors') ? 'C' : 'D',
    localSchemeKeeper: options.has('retainInstitutionIdentity') ? 'K' : 'X',
    localSchemeUid,
    actionFor(tag: number): Action | undefined {
      const hit = exact.get(tag);
      if (hit !== undefined) return hit;
      // Repeating groups (50xx curves, 60xx overlays) use even groups only.
      for (const r of repeating) if (((tag & r.mask) >>> 0) === r.base && (tag >>> 16) % 2 === 0) return r.action;
      // A person name names someone whatever the attribute, and the table lacks a few (Secondary Reviewer Name, Evaluator
      // Name, Document Author (Trial)); the dictionary's VR decides, so a name written as UN goes too. None of them is
      // in a standard IOD (group 0014 is DICONDE's, the trial one retired), so removing it leaves no IOD short.
      return lookupTag(tag)?.vr === 'PN' ? 'X' : undefined;
    },
  };
}
