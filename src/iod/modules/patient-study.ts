import { and, absent, or, present, valueIs } from './conditions.js';
import { defined, enumerated, sq, t1, t1c, t2, t2c, t3 } from './define.js';
import { HL7V2_HIERARCHIC_DESIGNATOR, ISSUER_OF_PATIENT_ID, PERSON_IDENTIFICATION, SOP_INSTANCE_REFERENCE, codeSequence } from './macros.js';
import type { ModuleDefinition } from './types.js';

/** A patient is an animal when a species is given; without one the standard assumes a human. */
export const isAnimal = or(present('PatientSpeciesDescription'), present('PatientSpeciesCodeSequence'));

export const PATIENT: ModuleDefinition = {
  id: 'patient',
  name: 'Patient',
  section: 'C.7.1.1',
  attributes: [
    t2('PatientName'),
    t2('PatientID'),
    ...ISSUER_OF_PATIENT_ID,
    t3('TypeOfPatientID', { values: [defined(['TEXT', 'RFID', 'BARCODE'])] }),
    t2('PatientBirthDate'),
    t3('PatientBirthDateInAlternativeCalendar'),
    t3('PatientDeathDateInAlternativeCalendar'),
    // Names the calendar those two dates are in, without which they cannot be read; it names nothing without them.
    t1c('PatientAlternativeCalendar', or(present('PatientBirthDateInAlternativeCalendar'), present('PatientDeathDateInAlternativeCalendar')), { absentOtherwise: true }),
    t2('PatientSex', { values: [enumerated(['M', 'F', 'O'])] }),
    t3('QualityControlSubject', { values: [enumerated(['YES', 'NO'])] }),
    sq('ReferencedPatientSequence', '3', SOP_INSTANCE_REFERENCE, { vm: '1' }),
    t3('PatientBirthTime'),
    sq('OtherPatientIDsSequence', '3', [t1('PatientID'), ...ISSUER_OF_PATIENT_ID, t1('TypeOfPatientID')], { vm: '1-n' }),
    t3('OtherPatientNames'),
    t3('EthnicGroup'),
    t3('PatientComments'),
    t1c('PatientSpeciesDescription', and(isAnimal, absent('PatientSpeciesCodeSequence'))),
    codeSequence('PatientSpeciesCodeSequence', '1C', '1', { condition: and(isAnimal, absent('PatientSpeciesDescription')) }),
    t2c('PatientBreedDescription', isAnimal),
    codeSequence('PatientBreedCodeSequence', '2C', '0-1', { condition: isAnimal }),
    sq('BreedRegistrationSequence', '2C', [t1('BreedRegistrationNumber'), codeSequence('BreedRegistryCodeSequence', '1')], { condition: isAnimal }),
    t2c('ResponsiblePerson', isAnimal),
    t1c('ResponsiblePersonRole', and(present('ResponsiblePerson'), (c) => (c.ds.getString('ResponsiblePerson') ?? '') !== ''), { absentOtherwise: true }),
    t2c('ResponsibleOrganization', isAnimal),
    t3('PatientIdentityRemoved', { values: [enumerated(['YES', 'NO'])] }),
    t1c('DeidentificationMethod', and(valueIs('PatientIdentityRemoved', ['YES']), absent('DeidentificationMethodCodeSequence'))),
    codeSequence('DeidentificationMethodCodeSequence', '1C', '1-n', { condition: and(valueIs('PatientIdentityRemoved', ['YES']), absent('DeidentificationMethod')) }),
  ],
};

export const CLINICAL_TRIAL_SUBJECT: ModuleDefinition = {
  id: 'clinical-trial-subject',
  name: 'Clinical Trial Subject',
  section: 'C.7.1.3',
  attributes: [
    t1('ClinicalTrialSponsorName'),
    t1('ClinicalTrialProtocolID'),
    t2('ClinicalTrialProtocolName'),
    t2('ClinicalTrialSiteID'),
    t2('ClinicalTrialSiteName'),
    t1c('ClinicalTrialSubjectID', absent('ClinicalTrialSubjectReadingID')),
    t1c('ClinicalTrialSubjectReadingID', absent('ClinicalTrialSubjectID')),
    t1c('ClinicalTrialProtocolEthicsCommitteeName', present('ClinicalTrialProtocolEthicsCommitteeApprovalNumber')),
    t3('ClinicalTrialProtocolEthicsCommitteeApprovalNumber'),
  ],
};

export const GENERAL_STUDY: ModuleDefinition = {
  id: 'general-study',
  name: 'General Study',
  section: 'C.7.2.1',
  attributes: [
    t1('StudyInstanceUID'),
    t2('StudyDate'),
    t2('StudyTime'),
    t2('ReferringPhysicianName'),
    sq('ReferringPhysicianIdentificationSequence', '3', PERSON_IDENTIFICATION, { vm: '1' }),
    t3('ConsultingPhysicianName'),
    t2('StudyID'),
    t2('AccessionNumber'),
    sq('IssuerOfAccessionNumberSequence', '3', HL7V2_HIERARCHIC_DESIGNATOR, { vm: '1' }),
    t3('StudyDescription'),
    t3('PhysiciansOfRecord'),
    t3('NameOfPhysiciansReadingStudy'),
    codeSequence('RequestingServiceCodeSequence', '3'),
    sq('ReferencedStudySequence', '3', SOP_INSTANCE_REFERENCE, { vm: '1-n' }),
    codeSequence('ProcedureCodeSequence', '3', '1-n'),
    codeSequence('ReasonForPerformedProcedureCodeSequence', '3', '1-n'),
  ],
};

export const PATIENT_STUDY: ModuleDefinition = {
  id: 'patient-study',
  name: 'Patient Study',
  section: 'C.7.2.2',
  attributes: [
    t3('AdmittingDiagnosesDescription'),
    codeSequence('AdmittingDiagnosesCodeSequence', '3', '1-n'),
    t3('PatientAge'),
    t3('PatientSize'),
    t3('PatientWeight'),
    t3('PatientBodyMassIndex'),
    codeSequence('PatientSizeCodeSequence', '3', '1-n'),
    t3('Occupation'),
    t3('AdditionalPatientHistory'),
    t3('AdmissionID'),
    t3('SmokingStatus', { values: [enumerated(['YES', 'NO', 'UNKNOWN'])] }),
    t3('PregnancyStatus', { values: [enumerated([1, 2, 3, 4])] }),
    t3('LastMenstrualDate'),
    t2c('PatientSexNeutered', isAnimal, { values: [enumerated(['ALTERED', 'UNALTERED'])] }),
  ],
};

export const CLINICAL_TRIAL_STUDY: ModuleDefinition = {
  id: 'clinical-trial-study',
  name: 'Clinical Trial Study',
  section: 'C.7.2.3',
  attributes: [
    t2('ClinicalTrialTimePointID'),
    t3('ClinicalTrialTimePointDescription'),
    sq('ConsentForClinicalTrialUseSequence', '3', [
      t1c('DistributionType', valueIs('ConsentForDistributionFlag', ['YES', 'WITHDRAWN']), { values: [enumerated(['NAMED_PROTOCOL', 'RESTRICTED_REUSE', 'PUBLIC_RELEASE'])] }),
      t1c('ClinicalTrialProtocolID', valueIs('DistributionType', ['NAMED_PROTOCOL'])),
      t1('ConsentForDistributionFlag', { values: [enumerated(['NO', 'YES', 'WITHDRAWN'])] }),
    ], { vm: '1-n' }),
  ],
};

export const CLINICAL_TRIAL_SERIES: ModuleDefinition = {
  id: 'clinical-trial-series',
  name: 'Clinical Trial Series',
  section: 'C.7.3.2',
  attributes: [t2('ClinicalTrialCoordinatingCenterName'), t3('ClinicalTrialSeriesID'), t3('ClinicalTrialSeriesDescription')],
};

