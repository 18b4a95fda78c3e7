// `tbp-dicom/net`: DICOM networking (PS3.7, PS3.8): verification and storage as an SCU, and a server that runs
// services. The archive that stores what it receives is `tbp-dicom/archive`.
export { echo, type EchoResult } from './echo.js';
export { send, type SendOptions, type SendSummary, type FileResult, type Outcome } from './send.js';
export { cStore, type StoreRequestOptions, type StoreResponse } from './store-scu.js';
export { requestAssociation, DEFAULT_CALLING_AE, DEFAULT_CALLED_AE, type AssociationRequest, type PeerOptions, type ProposedContext } from './requestor.js';
export { Association, DEFAULT_MAX_PDU, type AssociationLimits, type AssociationOptions, type AssociationTimers, type CloseInfo, type DataSink, type DataSource, type DimseMessage, type PresentationContext } from './association.js';
export { DicomServer, VERIFICATION_SOP_CLASS, type AllowEntry, type AssociationSummary, type RequestContext, type Service, type ServerOptions, type ServiceResponse } from './server.js';
export { CommandField, Priority, commandName, decodeCommand, encodeCommand, type Command } from './command.js';
export { Status, statusCategory, statusMeaning, type DimseService, type StatusCategory } from './status.js';
export { usernameIdentity, acceptAnyIdentity, describeIdentity, type UsernameIdentity, type IdentityCheck, type IdentityDecision } from './user-identity.js';
export { readUsersFile, requireListedUsers, type UserList } from './users-file.js';
export { hashPassword, type PasswordHash } from './password-hash.js';
export { UserIdentityType, decodePdu, encodePdu, type ExtendedNegotiation, type Pdu, type RoleSelection, type UserIdentityRq } from './pdu.js';
export { NetError, type NetErrorKind } from './errors.js';
export { CertificateDatesError } from './certificate-dates.js';
export type { TlsSettings } from './transport.js';
