// Bulk onboarding: one IndirectResellerCustomer per entry of a JSON file, for several indirect resellers.
// Pulumi runs the creates in parallel; the provider paces its calls below Partner Center's rate limit
// (partnercenter:requestsPerMinute, partnercenter:maxConcurrency).
import * as fs from "fs";
import * as path from "path";

import * as pulumi from "@pulumi/pulumi";
import {
    CustomerAgreement,
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

const config = new pulumi.Config();
const file = path.resolve(__dirname, config.get("customersFile") ?? "customers.json");
const entries = JSON.parse(fs.readFileSync(file, "utf8")) as OnboardingEntry[];

const customers = entries.map(
    (entry) =>
        new IndirectResellerCustomer(entry.name, {
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
        }),
);

// Microsoft Customer Agreement attestations for the entries that name a signatory.
const agreements = entries.flatMap((entry, i) =>
    entry.signatory
        ? [
              new CustomerAgreement(`${entry.name}-mca`, {
                  customerId: customers[i]!.customerId,
                  companyName: pulumi.output(entry.billingProfile).companyName,
                  country: pulumi.output(entry.billingProfile).defaultAddress.country,
                  language: pulumi.output(entry.billingProfile).culture,
                  signatory: entry.signatory,
              }),
          ]
        : [],
);

/** Tenant id per resource name. */
export const tenantIds = pulumi
    .all(customers.map((c, i) => pulumi.all([entries[i]!.name, c.tenantId])))
    .apply((pairs) => Object.fromEntries(pairs));
export const count = customers.length;
/** What each pending agreement still needs (empty once agreed), by resource name. */
export const agreementsPending = pulumi
    .all(agreements.map((a) => pulumi.all([a.urn, a.pendingAction])))
    .apply((rows) => Object.fromEntries(rows.map(([urn, pending]) => [urn.split("::").pop() ?? urn, pending])));

// Custom GDAP relationships for the entries that ask for one; each waits for the customer's approval.
const relationships = entries.flatMap((entry, i) =>
    entry.gdap
        ? [
              new GdapRelationship(`${entry.name}-gdap`, {
                  ...entry.gdap,
                  customerTenantId: customers[i]!.tenantId,
                  customerDisplayName: customers[i]!.companyName,
              }),
          ]
        : [],
);
/** What each GDAP relationship still needs from its customer (empty once active), by resource name. */
export const gdapPending = pulumi
    .all(relationships.map((r) => pulumi.all([r.urn, r.pendingAction])))
    .apply((rows) => Object.fromEntries(rows.map(([urn, pending]) => [urn.split("::").pop() ?? urn, pending])));
