/**
 * Wire representations of stored customers, one function per shape Partner Center returns. Key order follows the
 * docs' samples so responses diff cleanly against them.
 */
import { StoredCustomer } from "../store/ICustomerStore";

const selfLink = (uri: string) => ({ self: { uri, method: "GET", headers: [] as unknown[] } });

/** CustomerCompanyProfile as embedded in the create response and list items. */
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

/** CustomerCompanyProfile as `GET .../profiles/company` returns it: also `address` and `email`. */
export function fullCompanyProfileView(customer: StoredCustomer) {
    const { links, attributes, ...rest } = companyProfileView(customer);
    return {
        ...rest,
        address: customer.billing.defaultAddress,
        email: customer.billing.email,
        links,
        attributes,
    };
}

/** CustomerBillingProfile, with its current etag. */
export function billingProfileView(customer: StoredCustomer) {
    const b = customer.billing;
    return {
        id: b.id,
        ...(b.firstName !== undefined ? { firstName: b.firstName } : {}),
        ...(b.lastName !== undefined ? { lastName: b.lastName } : {}),
        email: b.email,
        culture: b.culture,
        language: b.language,
        companyName: b.companyName,
        defaultAddress: b.defaultAddress,
        attributes: { etag: b.etag, objectType: "CustomerBillingProfile" },
    };
}

/** Fields every customer representation shares (`associatedPartnerId` only for indirect customers). */
function customerCore(customer: StoredCustomer) {
    return {
        id: customer.id,
        commerceId: customer.commerceId,
        companyProfile: companyProfileView(customer),
        billingProfile: billingProfileView(customer),
        relationshipToPartner: customer.relationshipToPartner,
        allowDelegatedAccess: true,
    };
}

const associatedPartner = (customer: StoredCustomer) =>
    customer.associatedPartnerId !== undefined ? { associatedPartnerId: customer.associatedPartnerId } : {};

/** The create response: exactly the seed's fields, including the one-time `userCredentials`. */
export function createdCustomerView(customer: StoredCustomer, password: string) {
    return {
        ...customerCore(customer),
        userCredentials: { userName: "admin", password },
        ...associatedPartner(customer),
        attributes: { objectType: "Customer" },
    };
}

/** `GET /v1/customers/{id}`: never `userCredentials`; adds `customDomains` and `links.self` (no `/v1`, as documented). */
export function customerView(customer: StoredCustomer) {
    return {
        ...customerCore(customer),
        customDomains: [] as string[],
        ...associatedPartner(customer),
        links: selfLink(`/customers/${customer.id}`),
        attributes: { objectType: "Customer" },
    };
}

/**
 * A list item: slim like Partner Center's (`id`, `companyProfile`, `relationshipToPartner`, `attributes`) plus
 * `associatedPartnerId`, an emulator convenience so a client can see a customer's reseller without a second call.
 */
export function customerListItemView(customer: StoredCustomer) {
    return {
        id: customer.id,
        companyProfile: companyProfileView(customer),
        relationshipToPartner: customer.relationshipToPartner,
        ...associatedPartner(customer),
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
