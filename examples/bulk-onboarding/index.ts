// Bulk onboarding: one IndirectResellerCustomer per entry of a JSON file, for several indirect resellers.
// Pulumi runs the creates in parallel; the provider paces its calls below Partner Center's rate limit
// (partnercenter:requestsPerMinute, partnercenter:maxConcurrency). The program is async so that `declareEach`
// can hand the first customers to the engine while it still prepares the rest (README, "Bulk runs").
import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";
import {
    CustomerAgreement,
    declareEach,
    GdapRelationship,
    IndirectResellerCustomer,
    type GdapRelationshipArgs,
    type BillingProfileInputs,
    type IndirectResellerCustomerArgs,
    type OnDeletePolicy,
    type SignatoryArgs,
} from "pulumi-partnercenter";

/** One line of the onboarding file. */
interface OnboardingEntry {
    /** Pulumi resource name; stable across runs (renaming it replaces the customer). */
    name: string;
    resellerId: string;
    domain: string;
    organizationRegistrationNumber?: string;
    billingProfile: BillingProfileInputs;
    onDelete?: OnDeletePolicy;
    /** Adopt an existing customer instead of creating one (`npx pulumi-partnercenter discover` writes `true`). */
    adoptExisting?: IndirectResellerCustomerArgs["adoptExisting"];
    /** The customer's MCA signatory: when present, a CustomerAgreement is declared for the customer. */
    signatory?: SignatoryArgs;
    /** A custom GDAP relationship for the customer (it must approve it: see the `gdapPending` output). */
    gdap?: Omit<GdapRelationshipArgs, "customerTenantId" | "customerDisplayName">;
}

/** The resources declared for one entry of the file. */
interface Onboarded {
    entry: OnboardingEntry;
    customer: IndirectResellerCustomer;
    agreement?: CustomerAgreement;
    relationship?: GdapRelationship;
}

function onboard(entry: OnboardingEntry): Onboarded {
    const customer = new IndirectResellerCustomer(entry.name, {
        associatedPartnerId: entry.resellerId,
        companyProfile: {
            domain: entry.domain,
            ...(entry.organizationRegistrationNumber
                ? { organizationRegistrationNumber: entry.organizationRegistrationNumber }
                : {}),
        },
        billingProfile: entry.billingProfile,
        onDelete: entry.onDelete ?? "retain",
        ...(entry.adoptExisting !== undefined ? { adoptExisting: entry.adoptExisting } : {}),
    });
    // The Microsoft Customer Agreement attestation, when the entry names a signatory.
    const agreement = entry.signatory
        ? new CustomerAgreement(`${entry.name}-mca`, {
              customerId: customer.customerId,
              companyName: pulumi.output(entry.billingProfile).companyName,
              country: pulumi.output(entry.billingProfile).defaultAddress.country,
              language: pulumi.output(entry.billingProfile).culture,
              signatory: entry.signatory,
          })
        : undefined;
    // A custom GDAP relationship, when the entry asks for one; it waits for the customer's approval.
    const relationship = entry.gdap
        ? new GdapRelationship(`${entry.name}-gdap`, {
              ...entry.gdap,
              customerTenantId: customer.tenantId,
              // From the entry, not the customer's output (unknown in the preview of a customer update).
              customerDisplayName: pulumi.output(entry.billingProfile).companyName,
          })
        : undefined;
    return { entry, customer, ...(agreement ? { agreement } : {}), ...(relationship ? { relationship } : {}) };
}

/** What each resource still needs (empty once done), by resource name. */
function pendingByName(resources: (CustomerAgreement | GdapRelationship)[]): pulumi.Output<Record<string, string>> {
    return pulumi
        .all(resources.map((r) => pulumi.all([r.urn, r.pendingAction])))
        .apply((rows) => Object.fromEntries(rows.map(([urn, pending]) => [urn.split("::").pop() ?? urn, pending])));
}

export = async () => {
    const config = new pulumi.Config();
    const file = path.resolve(__dirname, config.get("customersFile") ?? "customers.json");
    const entries = JSON.parse(fs.readFileSync(file, "utf8")) as OnboardingEntry[];
    const onboarded = await declareEach(entries, onboard);
    return {
        /** Tenant id per resource name. */
        tenantIds: pulumi
            .all(onboarded.map(({ entry, customer }) => pulumi.all([entry.name, customer.tenantId])))
            .apply((pairs) => Object.fromEntries(pairs)),
        count: onboarded.length,
        /** What each pending agreement still needs (empty once agreed), by resource name. */
        agreementsPending: pendingByName(onboarded.flatMap((o) => (o.agreement ? [o.agreement] : []))),
        /** What each GDAP relationship still needs from its customer (empty once active), by resource name. */
        gdapPending: pendingByName(onboarded.flatMap((o) => (o.relationship ? [o.relationship] : []))),
    };
};
