/**
 * pulumi-partnercenter: declarative Microsoft Partner Center customers for CSP indirect providers.
 *
 * - {@link IndirectResellerCustomer}: a customer created for one of your indirect resellers.
 * - {@link CustomerAgreement}: the customer's Microsoft Customer Agreement, attested through the enhanced (App-only) API.
 * - {@link GdapRelationship}, {@link GdapAccessAssignment}: GDAP in Microsoft Graph (relationship, approval, roles).
 * - {@link ApplicationConsent}: your multi-tenant application consented in a customer's tenant (CPV consent).
 * - {@link getIndirectResellers}, {@link getCustomer}: look-ups for programs.
 * - {@link declareEach}: declares resources from a long list in batches, so the first reach the engine early.
 *
 * The Partner Center client and API contract are exported as `pulumi-partnercenter/client` and
 * `pulumi-partnercenter/api`.
 */
export { IndirectResellerCustomer } from "./resources/customer/customer";
export type {
    AddressInputs,
    BillingProfileInputs,
    CompanyProfileInputs,
    IndirectResellerCustomerArgs,
} from "./resources/customer/customer";
export type {
    BillingProfileOutput,
    CompanyProfileArgs,
    CustomerInputs,
    CustomerOutputs,
    OnDeletePolicy,
    UserCredentialsOutput,
} from "./resources/customer/types";
export { CustomerAgreement } from "./resources/agreement/agreement";
export type { CustomerAgreementArgs, SignatoryInputs } from "./resources/agreement/agreement";
export type { AgreementOutputs, AgreementStatus, SignatoryArgs } from "./resources/agreement/types";
export { GdapRelationship } from "./resources/gdap-relationship/relationship";
export type { GdapRelationshipArgs } from "./resources/gdap-relationship/relationship";
export type { GdapOnDeletePolicy, GdapRelationshipOutputs } from "./resources/gdap-relationship/types";
export { GdapAccessAssignment } from "./resources/gdap-access-assignment/assignment";
export type { GdapAccessAssignmentArgs } from "./resources/gdap-access-assignment/assignment";
export { ApplicationConsent } from "./resources/application-consent/consent";
export type { ApplicationConsentArgs } from "./resources/application-consent/consent";
export type { ApplicationConsentOutputs, ApplicationGrantArgs } from "./resources/application-consent/types";
export { BUILT_IN_ROLES } from "./graph/roles";
export { getCustomer, getIndirectResellers } from "./functions";
export type { IndirectReseller, IndirectResellerFilter } from "./functions";
export { SETTING_KEYS } from "./runtime/settings";
export { declareEach, DEFAULT_DECLARE_BATCH_SIZE } from "./program/declare-each";
export type { DeclareEachOptions } from "./program/declare-each";
