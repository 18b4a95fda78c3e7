import type { Dataset } from '../../core/dataset.js';
import { valueBytes } from '../../core/dataset.js';
import { hasPrivateDictionary, keywordOf, lookupKeyword, lookupPrivate, lookupTag } from '../../core/dictionary.js';
import { Element, Sequence } from '../../core/element.js';
import { isGroupLength, isPrivateCreator, isPrivateTag, privateCreatorOf, tag, tagGroup, type Tag } from '../../core/tag.js';
import { isStringVR, type VR } from '../../core/vr.js';
import { formatPersonName, parsePersonName } from '../../core/values/person-name.js';
import { inKnownVR } from '../../io/unknown-vr.js';
import { readStrings, writeStrings } from '../element-text.js';
import { DRAFT_TAGS, TBP_CREATOR, TBP_GROUP } from '../../tbp/private-dictionary.js';
import { shiftDateValue } from './date-shift.js';
import { binaryDummy, textDummy } from './dummies.js';
import { emptyDocument } from './empty-documents.js';
import { directoryRecordAction } from './directory-records.js';
import { isCurveOrOverlayElement } from './graphic-groups.js';
import { isGraphicLayerName } from './graphic-layers.js';
import { isOwnCode, isOwnSchemeIdentification } from './own-codes.js';
import { isStandardScheme } from '../../iod/codes/schemes.js';
import { topLevelType, type IodDefinition } from '../../iod/iods.js';
import type { AttributeDefinition } from '../../iod/modules/types.js';
import type { Action, CompiledProfile } from './profile.js';
import type { Replacements } from './replacements.js';

/** Everything the walk needs for one object: the profile, where replacements come from, and whose object it is. */
export interface WalkContext {
  profile: CompiledProfile;
  replacements: Replacements;
  /** Identifies the patient (original Patient ID and issuer) for per-patient pseudonyms and date shifts. */
  patientKey: string;
  /** Days to shift a patient's dates by under the Modified Dates option. */
  shiftDays: (patientKey: string) => number;
  /** Action C on text: the default replaces the text with a dummy, since free text cannot be proven clean. */
  cleanText: (text: string, tag: Tag, vr: VR) => string;
  /** The object's name for a graphic layer wherever the profile leaves one a value (graphicLayerNames). */
  layerName: (name: string) => string;
  /** Private creators whose blocks are safe to keep under Retain Safe Private. */
  safePrivateCreators: ReadonlySet<string>;
  /** Element bytes of the TBP private block holding lesion labels (pseudonymized). */
  tbpLesionBytes: ReadonlySet<number>;
  /** Element bytes of the TBP private block describing an image's processing, as Acquisition Device Processing Description. */
  tbpProcessingBytes: ReadonlySet<number>;
  /** Element bytes of the blocks in the TBP group removed even where their block is kept, by creator. */
  tbpRemoved: ReadonlyMap<string, ReadonlySet<number>>;
  /** The object's IOD, when known: X/Z removes what it has as Type 3 and empties what it has as Type 2. */
  iod?: IodDefinition;
  /** In the items of a sequence the IOD's tables define (Request Attributes Sequence): the attributes of each item. */
  itemAttributes?: readonly AttributeDefinition[];
  /**
   * Inside a sequence the profile replaces (D) or cleans (C) — Content Sequence, Graphic Annotation Sequence —: what
   * is done to the text its items hold that Table E.1-1 has no row for (a Text Value, an annotation's text).
   */
  itemText?: 'D' | 'C';
  /** Directly in the items of a sequence of identifying codes (Person Identification Code Sequence): the codes too. */
  codesIdentify?: boolean;
  /**
   * Directly in the items of a sequence an option retains (Institution Code Sequence under Retain Institution
   * Identity): its codes, local or not, are what the option keeps.
   */
  codesRetained?: boolean;
  /**
   * In a DICOMDIR: the patient key of the record each directory record lies under (its study, series and image
   * records are siblings of it), taken before the walk replaces the patient record's Patient ID.
   */
  patientKeyOfRecord?: (record: Dataset) => string | undefined;
}

const PATIENT_NAME = tag(0x0010, 0x0010);
const PATIENT_ID = tag(0x0010, 0x0020);
const ISSUER_OF_PATIENT_ID = tag(0x0010, 0x0021);
const TRACKING_ID = tag(0x0062, 0x0020);
const RELATIVE_URI = tag(0x0068, 0x7005);
const ENCAPSULATED_DOCUMENT = tag(0x0042, 0x0011);
const ENCAPSULATED_DOCUMENT_LENGTH = tag(0x0042, 0x0015);
const MIME_TYPE = tag(0x0042, 0x0012);
const BURNED_IN_ANNOTATION = tag(0x0028, 0x0301);
const RECOGNIZABLE_VISUAL_FEATURES = tag(0x0028, 0x0302);
const REFERENCED_SOP_INSTANCE_UID = tag(0x0008, 0x1155);
const ACQUISITION_DEVICE_PROCESSING_DESCRIPTION = tag(0x0018, 0x1400);
const DRAFT_TBP = new Set(Object.values(DRAFT_TAGS));
const FREE_TEXT = new Set<VR>(['AE', 'CS', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
/** Values in replaced or cleaned sequences that may be anyone's words; codes (CS), numbers, dates and UIDs have rows. */
const ITEM_TEXT = new Set<VR>(['LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UT']);
/** A coded entry's parts (PS3.3 Table 8.8-1): concept codes, kept, unless the codes themselves identify someone. */
const CODE_PARTS = new Set<Tag>([
  'CodeValue', 'CodingSchemeDesignator', 'CodingSchemeVersion', 'CodeMeaning', 'LongCodeValue', 'URNCodeValue',
  'MappingResource', 'ContextGroupVersion', 'ContextIdentifier', 'ContextUID',
].map((keyword) => lookupKeyword(keyword)!.tag));
const CODING_SCHEME_DESIGNATOR = tag(0x0008, 0x0102);
const VALUE_TYPE = tag(0x0040, 0xa040);
const CONCEPT_NAME_CODE_SEQUENCE = tag(0x0040, 0xa043);
const CONTENT_SEQUENCE = tag(0x0040, 0xa730);
/**
 * A code of a private or local scheme says whatever the institution wrote in its value and meaning ("Dr Smith's
 * clinic"): they are its text, in whatever sequence they stand. The designator stays, so the item is still a code of
 * that scheme. This toolkit's own local codes are its words, not the institution's.
 */
function isLocalCode(item: Dataset): boolean {
  return isLocalScheme(item) && !isOwnCode(item);
}

/**
 * A scheme PS3.16 Table 8-1 does not list is private or local, whatever its designator: "99…" (PS3.16 8.2), HL7's
 * "L", and "LOCAL" or "MYCLINIC", which import accepts from a user and declares. "99SDM" is the table's own entry.
 */
function isLocalScheme(item: Dataset): boolean {
  const designator = item.getString(CODING_SCHEME_DESIGNATOR)?.trim() ?? '';
  return designator !== '' && !isStandardScheme(designator);
}

/**
 * What a Coding Scheme Identification item says of who keeps a scheme. A private or local scheme's keeper is the
 * institution (or a person in it), and its name, URLs and the ID it registered it under name them too: treated as
 * Institution Name is. All Type 3 but Coding Scheme Registry (1C) and External ID (2C), required only of a registered
 * scheme: without them the object no longer says the scheme is registered, which under its replaced UID it is not.
 */
const SCHEME_KEEPER = new Set<Tag>([
  'CodingSchemeName', 'CodingSchemeResponsibleOrganization', 'CodingSchemeURL', 'CodingSchemeResourcesSequence',
  'CodingSchemeRegistry', 'CodingSchemeExternalID',
].map((keyword) => lookupKeyword(keyword)!.tag));
/**
 * A private or local scheme's UIDs (both Type 3 or 1C, so replaced rather than removed): Coding Scheme UID in its
 * Coding Scheme Identification item, Context UID in its codes. Neither is in Table E.1-1, which lists a standard
 * scheme's UID (SNOMED's 2.16.840.1.113883.6.96) no more than a SOP Class UID: those name no one and stay.
 */
const SCHEME_UIDS = new Set<Tag>(['CodingSchemeUID', 'ContextUID'].map((keyword) => lookupKeyword(keyword)!.tag));
/**
 * Context Group Extension Creator UID (Type 1C, with Context Group Extension Flag Y): whoever extended the context
 * group, typically the institution under its own OID root, whatever the scheme of the code it added (a SNOMED code in
 * a site's CID 4031). Treated as a local scheme's UIDs are, in every code.
 */
const EXTENSION_CREATOR_UID = lookupKeyword('ContextGroupExtensionCreatorUID')!.tag;

/** Sequences of D whose items are codes naming a person or an institution. */
const IDENTIFYING_CODES = new Set<Tag>([tag(0x0040, 0x1101), tag(0x0008, 0x0082), tag(0x0008, 0x1072)]);

/** The patient a data set is about: Patient ID qualified by its issuer (or `issuer`, when it has none), else the name. */
export function patientKeyOf(ds: Dataset, issuer?: string): string {
  const id = ds.getString(PATIENT_ID) ?? '';
  if (id) return `${id}\0${ds.getString(ISSUER_OF_PATIENT_ID) || issuer || ''}`;
  return `name\0${samePersonName(ds.getString(PATIENT_NAME) ?? '')}`;
}

/**
 * A name as PS3.5 6.2.1 reads it: trailing empty components and groups may be left out, so Doe^John, Doe^John^^^ and
 * Doe^John== name one person. A value that is no PN (more than three groups …) is taken as it is.
 */
function samePersonName(name: string): string {
  try {
    return formatPersonName(parsePersonName(name));
  } catch {
    return name;
  }
}

/**
 * Applies the profile to a data set and, at every depth, to the items of its sequences. An item naming its own
 * patient, or lying under the record of one (DICOMDIR records), gets that patient's pseudonym and date shift.
 */
export function walk(ds: Dataset, outer: WalkContext): void {
  const patientKey = !ds.parent ? undefined : outer.patientKeyOfRecord?.(ds) ?? (ds.getString(PATIENT_ID) ? patientKeyOf(ds) : undefined);
  const ctx = patientKey ? { ...outer, patientKey } : outer;
  const privateKept = new Set<Tag>();
  const graphics: Tag[] = [];
  for (const el of [...ds]) {
    if (isGraphicData(el.tag)) graphics.push(el.tag);
    if (isPrivateTag(el.tag)) {
      if (!isPrivateCreator(el.tag) && keepPrivate(ds, el, ctx)) privateKept.add(privateCreatorOf(el.tag));
      else if (!isPrivateCreator(el.tag)) ds.removeTag(el.tag);
      continue;
    }
    const special = specialAction(el.tag);
    if (special) special(ds, el, ctx);
    else apply(ds, el, directoryRecordAction(ds, el.tag, actionFor(ds, el, ctx)), ctx);
  }
  for (const el of [...ds]) if (isPrivateTag(el.tag) && isPrivateCreator(el.tag) && !privateKept.has(el.tag)) ds.removeTag(el.tag);
  removeGraphicsWithoutData(ds, graphics);
}

/** The retired Audio Sample Data (50xx,200C): old files keep audio in a 50xx group, as they keep curves. */
const AUDIO_SAMPLE_DATA = 0x200c;
const CURVE_GROUPS = 0x5000;

/** Overlay Data (60xx,3000), and the retired Curve Data (50xx,3000) and Audio Sample Data (50xx,200C). */
const isGraphicData = (t: Tag): boolean =>
  isCurveOrOverlayElement(t, 0x3000) || (isCurveOrOverlayElement(t, AUDIO_SAMPLE_DATA) && (tagGroup(t) & 0xff00) === CURVE_GROUPS);

/**
 * An overlay, curve or audio whose data the profile removed (60xx,3000, 50xx,3000 and 50xx,200C: X, or C under Clean
 * Graphics) goes whole: the rest of its group (rows, columns, origin; a curve's type of data, description and layer;
 * the audio's comments …) would describe a bitmap, curve or sound that is no longer there, which no IOD allows.
 */
function removeGraphicsWithoutData(ds: Dataset, hadData: readonly Tag[]): void {
  for (const data of hadData) {
    if (ds.getElementByTag(data)) continue;
    const group = tagGroup(data);
    for (const el of [...ds]) if (tagGroup(el.tag) === group) ds.removeTag(el.tag);
  }
}

/**
 * Attributes outside Table E.1-1 are kept, except those the dictionary does not know (they cannot be vouched for) and
 * text in the items of a sequence the profile replaces or cleans (there, a code is text when it is local).
 */
function actionFor(ds: Dataset, el: Element, ctx: WalkContext): Action {
  const action = ctx.profile.actionFor(el.tag);
  if (action) return action;
  // An SR document's root content item is the data set itself: its concept name (the document's title) is content as
  // the items of its Content Sequence are, and treated as they are.
  if (el.tag === CONCEPT_NAME_CODE_SEQUENCE && !ds.parent && ds.has(VALUE_TYPE)) return ctx.profile.actionFor(CONTENT_SEQUENCE) ?? 'K';
  if (ctx.itemText && ITEM_TEXT.has(el.vr)) {
    const concept = CODE_PARTS.has(el.tag) && !ctx.codesIdentify && (el.tag === CODING_SCHEME_DESIGNATOR || !isLocalCode(ds));
    if (!concept) return ctx.itemText;
  }
  if (el.tag === EXTENSION_CREATOR_UID) return ctx.profile.localSchemeUid;
  // Who keeps a private or local scheme, and its UIDs (but this toolkit's own 99TBP declaration)
  const schemePart = SCHEME_KEEPER.has(el.tag) ? ctx.profile.localSchemeKeeper : SCHEME_UIDS.has(el.tag) ? ctx.profile.localSchemeUid : undefined;
  if (schemePart && isLocalScheme(ds) && !isOwnSchemeIdentification(ds)) return schemePart;
  // In a sequence the profile keeps (Anatomic Region, Procedure Code), a local code's value and meaning are a
  // descriptor someone typed: a dummy (the code's parts are Type 1), cleaned under Clean Descriptors, as Study
  // Description is removed or cleaned.
  const localText = ds.parent && !ctx.codesRetained && ITEM_TEXT.has(el.vr) && CODE_PARTS.has(el.tag) && el.tag !== CODING_SCHEME_DESIGNATOR;
  if (localText && isLocalCode(ds)) return ctx.profile.localCodeText;
  if (lookupTag(el.tag) || isGroupLength(el.tag) || DRAFT_TBP.has(el.tag)) return 'K';
  return 'X';
}

type Special = (ds: Dataset, el: Element, ctx: WalkContext) => void;

/** Lesion labels and patient identity get consistent pseudonyms instead of the table's zero-length values. */
function specialAction(t: Tag): Special | undefined {
  // As a name the pseudonym is the family name ("ANON…^"): a PN without "^" reads as the retired free-text form.
  if (t === PATIENT_ID || t === PATIENT_NAME) return (ds, el, ctx) => writeStrings(ds, el, [`${ctx.replacements.patient(ctx.patientKey)}${el.vr === 'PN' ? '^' : ''}`]);
  if (t === TRACKING_ID || t === DRAFT_TAGS.TBPLesionID) return pseudonymizeLesion;
  if (t === RELATIVE_URI) return renameReferencedFile;
  if (t === ENCAPSULATED_DOCUMENT) return replaceDocument;
  return undefined;
}

/**
 * Encapsulated Document (D). The dummy of a PDF, CDA, STL, OBJ or MTL is an empty document of its kind
 * (emptyDocument), which readers of that format open, and export-mesh writes: bytes of zeros are none of them, and a
 * viewer or an export of the object failed on them. Padded with a space, as text is (whitespace after a PDF's %%EOF,
 * an XML root or an OBJ's last line is allowed). Encapsulated Document Length, beside it, gives the length of the
 * document without its pad byte (PS3.3 C.24.2), which is now the dummy's: left as it was it would describe the
 * original, and a reader that takes that many bytes would run past the value. Burned In Annotation and Recognizable
 * Visual Features, which say what the document shows, become NO: the dummy shows nothing, and an OBJ's YES, kept, would
 * describe a body that is no longer there (under --allow-recognizable too, which writes surfaces, not documents).
 */
function replaceDocument(ds: Dataset, el: Element, ctx: WalkContext): void {
  const action = actionFor(ds, el, ctx);
  const empty = action === 'D' ? emptyDocument(ds.getString(MIME_TYPE) ?? '') : undefined;
  // A copy: the empty documents are shared by every object of the run.
  if (empty) ds.addElement(new Element(el.tag, 'OB', Buffer.concat(empty.length % 2 ? [empty, Buffer.from(' ')] : [empty])));
  else apply(ds, el, action, ctx);
  if (action === 'D' && !ds.parent) for (const t of [BURNED_IN_ANNOTATION, RECOGNIZABLE_VISUAL_FEATURES]) ds.set(t, 'NO', 'CS');
  const document = ds.getElementByTag(ENCAPSULATED_DOCUMENT);
  if (ds.has(ENCAPSULATED_DOCUMENT_LENGTH)) {
    if (document) ds.set(ENCAPSULATED_DOCUMENT_LENGTH, empty?.length ?? valueBytes(document).length, 'UL');
    else ds.removeTag(ENCAPSULATED_DOCUMENT_LENGTH);
  }
}

/**
 * The name an encapsulated document gives a file it references (an OBJ's `mtllib`, an MTL's `map_Kd`), which Table
 * E.1-1 lacks: whoever saved the scan named the files, often for the patient (`Doe_Jane_P001.mtl`, in a folder named
 * for them too). It becomes the referenced instance's UID, replaced already (it comes first in the item), with the
 * name's extension: each file keeps a name of its own that says what kind it is, so an export still writes them apart.
 */
function renameReferencedFile(ds: Dataset, el: Element): void {
  const name = readStrings(ds, el)[0] ?? '';
  // Only the extensions of the files a mesh names: what follows a dot may be anything ("Doe.Jane").
  const extension = /\.(?:obj|mtl|jpe?g|png|tiff?)$/i.exec(name)?.[0] ?? '';
  writeStrings(ds, el, [`${ds.getString(REFERENCED_SOP_INSTANCE_UID) || 'ANONYMIZED'}${extension}`]);
}

function pseudonymizeLesion(ds: Dataset, el: Element, ctx: WalkContext): void {
  const labels = readStrings(ds, el);
  writeStrings(ds, el, labels.map((label) => (label ? ctx.replacements.lesion(ctx.patientKey, label) : label)));
}

/**
 * X/Z: removed where the IOD's tables have it as Type 3, at the top level or in the items of a sequence they define
 * (Referenced Study Sequence in a Request Attributes Sequence: an empty Type 3 sequence is an error); emptied where
 * they have it as Type 1 or 2, or do not name it (which every type but 1 allows).
 */
function removeOrEmpty(ds: Dataset, t: Tag, ctx: WalkContext): 'X' | 'Z' {
  const keyword = keywordOf(t);
  if (!keyword) return 'Z';
  const type = ds.parent ? ctx.itemAttributes?.find((a) => a.keyword === keyword)?.type : ctx.iod && topLevelType(ctx.iod, keyword);
  return type === '3' ? 'X' : 'Z';
}

/** The attributes of the items of a sequence, where the IOD's tables define it (for the sequence's items' X/Z). */
function itemAttributesOf(ds: Dataset, t: Tag, ctx: WalkContext): readonly AttributeDefinition[] | undefined {
  const keyword = keywordOf(t);
  const defined = (attributes: readonly AttributeDefinition[] | undefined): AttributeDefinition | undefined => attributes?.find((a) => a.keyword === keyword && a.items);
  if (ds.parent) return defined(ctx.itemAttributes)?.items;
  for (const m of ctx.iod?.modules ?? []) {
    const found = defined(m.definition?.attributes);
    if (found) return found.items;
  }
  return undefined;
}

/**
 * X of a value a mandatory module of the object's IOD has as Type 1 (a presentation state's creation date and time): a
 * dummy instead, as the table's X/D does, since removed the object would no longer conform. In an optional module
 * (Overlay Data of an Overlay Plane) removing it takes the module with it, which every IOD allows.
 */
function removeOrDummy(ds: Dataset, el: Element, ctx: WalkContext): 'X' | 'D' {
  if (ds.parent || !ctx.iod || el.value instanceof Sequence) return 'X';
  const keyword = keywordOf(el.tag);
  const required = ctx.iod.modules.some((m) => m.usage === 'M' && m.definition?.attributes.some((a) => a.keyword === keyword && a.type === '1'));
  return required ? 'D' : 'X';
}

function apply(ds: Dataset, el: Element, chosen: Action, ctx: WalkContext): void {
  const action = chosen === 'XZ' ? removeOrEmpty(ds, el.tag, ctx) : chosen === 'X' ? removeOrDummy(ds, el, ctx) : chosen;
  // Kept, cleaned or replaced, a layer's name is renamed as the object's other references to that layer are.
  if ((action === 'K' || action === 'C' || action === 'D') && isGraphicLayerName(el.tag)) {
    return writeStrings(ds, el, readStrings(ds, el).map(ctx.layerName));
  }
  if (el.value instanceof Sequence) {
    if (action === 'X') ds.removeTag(el.tag);
    else if (action === 'Z') el.value = new Sequence([], el.value.undefinedLength);
    else {
      // Codes identify only directly in the items of an identifying sequence, and are what an option keeps only directly
      // in the items of a sequence it retains; deeper down they are codes again.
      const retained = action === 'K' && ctx.profile.actionFor(el.tag) === 'K';
      const codes = action === 'D' || action === 'C'
        ? { ...ctx, itemText: action, codesIdentify: action === 'D' && IDENTIFYING_CODES.has(el.tag), codesRetained: false }
        : retained || ctx.codesIdentify || ctx.codesRetained ? { ...ctx, codesIdentify: false, codesRetained: retained } : ctx;
      const inner = { ...codes, itemAttributes: itemAttributesOf(ds, el.tag, ctx) };
      for (const item of el.value.items) walk(item, inner);
    }
    return;
  }
  switch (action) {
    case 'K':
      return keepText(ds, el);
    case 'X':
      ds.removeTag(el.tag);
      return;
    case 'Z':
      el.value = Buffer.alloc(0);
      return;
    case 'U':
      remapUids(ds, el, ctx);
      return;
    case 'D':
      return replaceWithDummy(ds, el, ctx);
    case 'S':
      if (el.vr === 'DA' || el.vr === 'DT') {
        const vr = el.vr;
        const shifted = readStrings(ds, el).map((v) => (v ? shiftDateValue(v, vr, ctx.shiftDays(ctx.patientKey)) : v));
        // A value that is no date cannot be shifted, and kept it would tell the real one: a dummy date instead.
        if (shifted.includes(undefined)) replaceWithDummy(ds, el, ctx);
        else writeStrings(ds, el, shifted as string[]);
      } else keepText(ds, el);
      return;
    case 'C':
      // Only free text can be cleaned; other values get a dummy, and binary data (overlays, curves) cannot be checked.
      if (FREE_TEXT.has(el.vr)) writeStrings(ds, el, readStrings(ds, el).map((v) => (v ? ctx.cleanText(v, el.tag, el.vr) : v)));
      else if (isStringVR(el.vr)) replaceWithDummy(ds, el, ctx);
      else ds.removeTag(el.tag);
      return;
  }
}

/**
 * A kept text value ends at its first NUL: NUL only pads (PS3.5 6.2), so what a writer left after one is no part of the
 * value, shown by no viewer, and may hold anything. It is dropped from each value; the rest is kept as it is.
 */
function keepText(ds: Dataset, el: Element): void {
  if (!isStringVR(el.vr) || !valueBytes(el).includes(0)) return;
  const values = readStrings(ds, el);
  if (values.some((v) => v.includes('\0'))) writeStrings(ds, el, values.map((v) => v.split('\0', 1)[0]!));
}

function replaceWithDummy(ds: Dataset, el: Element, ctx: WalkContext): void {
  if (el.vr === 'UI') return remapUids(ds, el, ctx);
  const text = textDummy(el.vr);
  if (text !== undefined) writeStrings(ds, el, [text]);
  else el.value = binaryDummy(el.vr, el.length);
}

/** Replaces each UID with its consistent replacement; UN values (a UID read without its VR) are treated as UI. */
function remapUids(ds: Dataset, el: Element, ctx: WalkContext): void {
  if (el.vr !== 'UI' && el.vr !== 'UN') return;
  const uids = valueBytes(el).toString('latin1').replace(/[\0 ]+$/, '').split('\\');
  const text = uids.map((u) => ctx.replacements.uid(u)).join('\\');
  const bytes = Buffer.from(text.length % 2 ? text + '\0' : text, 'latin1');
  ds.addElement(new Element(el.tag, el.vr, bytes));
}

/**
 * Private attributes are removed (Table E.1-1), unless Retain Safe Private is selected and the block's creator is
 * known to be safe; inside a kept block lesion labels are pseudonymized, UIDs remapped and sequences walked.
 */
function keepPrivate(ds: Dataset, el: Element, ctx: WalkContext): boolean {
  if (ctx.profile.privateAction !== 'C' || (el.tag & 0xffff) < 0x1000) return false;
  const creatorEl = ds.getElementByTag(privateCreatorOf(el.tag));
  if (!creatorEl) return false;
  const creator = readStrings(ds, creatorEl)[0] ?? '';
  if (!ctx.safePrivateCreators.has(creator.trim())) return false;
  // A described block's values written as UN (by a system that did not know the block) were read in their VRs before
  // the walk (readUnknownInKnownVR): a sequence left UN holds bytes that are no items, which cannot be walked. A block
  // no dictionary here describes has its sequences known by their bytes being items, as Implicit VR has them: left as
  // bytes, the UIDs and names in them would pass unseen.
  const vr = lookupPrivate(creator, el.tag & 0xff, tagGroup(el.tag))?.vr;
  // A creator whose dictionary is known here is vouched for only in what it describes: an element it does not (another
  // byte, or its name reused in another group) may hold anything.
  if (!vr && hasPrivateDictionary(creator)) return false;
  if (vr === 'SQ' && el.vr === 'UN') return false;
  const known = vr ? el : (inKnownVR(el, 'SQ', ds) ?? el);
  if (known !== el) ds.addElement((el = known));
  const inTbpGroup = tagGroup(el.tag) === TBP_GROUP;
  if (inTbpGroup && ctx.tbpRemoved.get(creator.trim())?.has(el.tag & 0xff)) return false;
  const tbpByte = inTbpGroup && creator.trim() === TBP_CREATOR ? el.tag & 0xff : -1;
  if (ctx.tbpLesionBytes.has(tbpByte)) {
    if (!isStringVR(el.vr)) return false;
    pseudonymizeLesion(ds, el, ctx);
  } else if (ctx.tbpProcessingBytes.has(tbpByte)) {
    // Free text a device or manifest writes, as Acquisition Device Processing Description is: cleaned where the profile
    // cleans that (Clean Descriptors), removed otherwise, as no type asks a private element for a dummy.
    if (ctx.profile.actionFor(ACQUISITION_DEVICE_PROCESSING_DESCRIPTION) !== 'C' || !isStringVR(el.vr)) return false;
    apply(ds, el, 'C', ctx);
  } else if (el.value instanceof Sequence) for (const item of el.value.items) walk(item, { ...ctx, itemAttributes: undefined });
  else if (el.vr === 'UI') remapUids(ds, el, ctx);
  else keepText(ds, el);
  return true;
}
