// The agreement end-to-end tests' program: one IndirectResellerCustomer per entry of the `customers` config
// object and, for entries with a `signatory`, its CustomerAgreement (the quick start's wiring).
import * as pulumi from "@pulumi/pulumi";
import {
    CustomerAgreement,
    IndirectResellerCustomer,
    type IndirectResellerCustomerArgs,
    type SignatoryInputs,
} from "pulumi-partnercenter";

type Spec = IndirectResellerCustomerArgs & {
    signatory?: SignatoryInputs;
    billingProfile: { companyName: string; culture: string; defaultAddress: { country: string } };
};

const config = new pulumi.Config();
const specs = config.requireObject<Record<string, Spec>>("customers");

const agreements: Array<[string, CustomerAgreement]> = [];
for (const [name, { signatory, ...args }] of Object.entries(specs)) {
    const customer = new IndirectResellerCustomer(name, args);
    if (signatory) {
        agreements.push([
            name,
            new CustomerAgreement(`${name}-mca`, {
                customerId: customer.customerId,
                companyName: args.billingProfile.companyName,
                country: args.billingProfile.defaultAddress.country,
                language: args.billingProfile.culture,
                signatory,
            }),
        ]);
    }
}

export const mca = pulumi
    .all(
        agreements.map(([name, a]) =>
            pulumi.all([name, a.status, a.pendingAction, a.acceptanceUrl, a.attestationId, a.adopted, a.dateAgreed]),
        ),
    )
    .apply((rows) =>
        Object.fromEntries(
            rows.map(([name, status, pendingAction, acceptanceUrl, attestationId, adopted, dateAgreed]) => [
                name,
                { status, pendingAction, acceptanceUrl, attestationId, adopted, dateAgreed },
            ]),
        ),
    );
