/**
 * Wire representations of stored customers, one function per shape Partner Center returns. Key order and the
 * presence of each key follow the docs' samples so responses diff cleanly against them (the contract suite in
 * `tests/contract/` compares keys with those samples):
 * - create: `create-a-customer-for-an-indirect-reseller` (the seed) and `create-a-customer` (direct);
 * - get by id: `get-a-customer-by-id`; list: `get-customers-of-an-indirect-reseller`;
 * - profiles: `get-a-customer-s-company-profile`, `get-all-of-a-customer-s-billing-profiles`,
 *   `update-a-customer-s-billing-profile`; relationship PATCH: `remove-a-reseller-relationship-with-a-customer`.
 */
import { DelegatedAccess, StoredAddress, StoredCustomer } from "../store/ICustomerStore";

const selfLink = (uri: string) => ({ self: { uri, method: "GET", headers: [] as unknown[] } });

/** Data files written before the GDAP table was modelled hold no value: those customers were created with DAP. */
export const delegatedAccessOf = (customer: StoredCustomer): DelegatedAccess => customer.delegatedAccess ?? "dap";

/**
 * Whether GET customer shows the fields that need delegated admin rights (`companyProfile.address`, `.email`,
 * `customDomains`): "GDAP Roles (Directory Writer, Global Reader or Domain Administrator) are required" for them
 * (get-a-customer-by-id); before GDAP, DAP gave them. Without either they are omitted.
 */
const hasAdminRights = (customer: StoredCustomer): boolean => delegatedAccessOf(customer) !== "none";

/**
 * The company address as the get-by-id and company-profile samples show it: `region` (not `state`: the samples
 * carry the billing state there), no first/last name.
 */
export function companyAddressView(address: StoredAddress) {
    const region = address.region ?? address.state;
    return {
        country: address.country,
        ...(region !== undefined ? { region } : {}),
        ...(address.city !== undefined ? { city: address.city } : {}),
        ...(address.addressLine1 !== undefined ? { addressLine1: address.addressLine1 } : {}),
        ...(address.addressLine2 !== undefined ? { addressLine2: address.addressLine2 } : {}),
        ...(address.postalCode !== undefined ? { postalCode: address.postalCode } : {}),
        ...(address.phoneNumber !== undefined ? { phoneNumber: address.phoneNumber } : {}),
    };
}

/** CustomerCompanyProfile as embedded in the create response and list items (no address, no email). */
export function companyProfileView(customer: StoredCustomer) {
    return {
        tenantId: customer.id,
        domain: customer.domain,
        companyName: customer.companyName,
        ...(customer.organizationRegistrationNumber !== undefined
            ? { organizationRegistrationNumber: customer.organizationRegistrationNumber }
            : {}),
        links: selfLink(`/customers/${customer.id}/profiles/company`),
        attributes: { objectType: "CustomerCompanyProfile" },
    };
}

/** CustomerCompanyProfile with `address` and `email` (GET profiles/company; GET customer with admin rights). */
export function fullCompanyProfileView(customer: StoredCustomer) {
    const { links, attributes, ...rest } = companyProfileView(customer);
    return {
        ...rest,
        address: companyAddressView(customer.billing.defaultAddress),
        email: customer.billing.email,
        links,
        attributes,
    };
}

/**
 * CustomerBillingProfile, with its current etag. `links.self` is written with `/v1` by the billing-profile GET and
 * PUT samples, without it inside the get-by-id sample, and is absent from the create sample.
 *
 * `firstName`/`lastName`: the newest GET samples (get-a-customer-by-id, get-all-of-a-customer-s-billing-profiles)
 * always show them, the create samples never (the create requests send `FirstName: null`). A read therefore shows
 * what was set, else the default address's contact names (our assumption: the billing-profile sample's are equal);
 * the create answer (`link: "none"`) shows only what was set.
 */
export function billingProfileView(customer: StoredCustomer, link: "v1" | "plain" | "none" = "v1") {
    const b = customer.billing;
    const uri = `${link === "v1" ? "/v1" : ""}/customers/${customer.id}/profiles/billing`;
    const read = link !== "none";
    const firstName = b.firstName ?? (read ? b.defaultAddress.firstName : undefined);
    const lastName = b.lastName ?? (read ? b.defaultAddress.lastName : undefined);
    return {
        id: b.id,
        ...(firstName !== undefined ? { firstName } : {}),
        ...(lastName !== undefined ? { lastName } : {}),
        email: b.email,
        culture: b.culture,
        language: b.language,
        companyName: b.companyName,
        defaultAddress: b.defaultAddress,
        ...(read ? { links: selfLink(uri) } : {}),
        attributes: { etag: b.etag, objectType: "CustomerBillingProfile" },
    };
}

/** `allowDelegatedAccess`: DAP only. Since GDAP replaced DAP for new customers it is false for them. */
const allowDelegatedAccess = (customer: StoredCustomer) => delegatedAccessOf(customer) === "dap";

const associatedPartner = (customer: StoredCustomer) =>
    customer.associatedPartnerId !== undefined ? { associatedPartnerId: customer.associatedPartnerId } : {};

/**
 * The create response, as the create sample of its kind: for an indirect reseller's customer the seed's
 * (create-a-customer-for-an-indirect-reseller, 2019: `allowDelegatedAccess`, `companyProfile` with `companyName`
 * and `links`, `associatedPartnerId`); for a direct customer create-a-customer's (2017, unchanged in the 2021
 * revision of the page: none of those). Both carry the one-time `userCredentials`.
 */
export function createdCustomerView(customer: StoredCustomer, password: string) {
    const indirect = customer.associatedPartnerId !== undefined;
    const { companyName: _name, links: _links, ...bareCompany } = companyProfileView(customer);
    return {
        id: customer.id,
        commerceId: customer.commerceId,
        companyProfile: indirect ? companyProfileView(customer) : bareCompany,
        billingProfile: billingProfileView(customer, "none"),
        relationshipToPartner: customer.relationshipToPartner,
        ...(indirect ? { allowDelegatedAccess: allowDelegatedAccess(customer) } : {}),
        userCredentials: { userName: "admin", password },
        ...associatedPartner(customer),
        attributes: { objectType: "Customer" },
    };
}

/**
 * `GET /v1/customers/{id}`: never `userCredentials`; `companyProfile.address`/`email` and `customDomains` only with
 * delegated admin rights; `links.self` without `/v1`, as documented.
 */
export function customerView(customer: StoredCustomer) {
    const admin = hasAdminRights(customer);
    return {
        id: customer.id,
        commerceId: customer.commerceId,
        companyProfile: admin ? fullCompanyProfileView(customer) : companyProfileView(customer),
        billingProfile: billingProfileView(customer, "plain"),
        relationshipToPartner: customer.relationshipToPartner,
        allowDelegatedAccess: allowDelegatedAccess(customer),
        ...(admin ? { customDomains: [customer.domain] } : {}),
        ...associatedPartner(customer),
        links: selfLink(`/customers/${customer.id}`),
        attributes: { objectType: "Customer" },
    };
}

/**
 * A list item, as in the reseller-filtered list sample: `id`, `companyProfile` (with its link),
 * `relationshipToPartner`, `links.self`, `attributes`. No `associatedPartnerId`: the real items do not carry it
 * (filter by `IndirectReseller` to list one reseller's customers).
 */
export function customerListItemView(customer: StoredCustomer) {
    return {
        id: customer.id,
        companyProfile: companyProfileView(customer),
        relationshipToPartner: customer.relationshipToPartner,
        links: selfLink(`/customers/${customer.id}`),
        attributes: { objectType: "Customer" },
    };
}

/** The answer to the relationship PATCH, shaped like the documentation's only sample (PascalCase, nulls). */
export function relationshipRemovedView() {
    return {
        Id: null,
        CommerceId: null,
        CompanyProfile: null,
        BillingProfile: null,
        RelationshipToPartner: "none",
        AllowDelegatedAccess: null,
        UserCredentials: null,
        CustomDomains: null,
        AssociatedPartnerId: null,
        Attributes: { ObjectType: "Customer" },
    };
}
