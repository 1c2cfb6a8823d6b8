// The end-to-end tests' program: one IndirectResellerCustomer per entry of the `customers` config object, so each
// test can add, edit and remove customers by changing config alone.
import * as pulumi from "@pulumi/pulumi";
import { IndirectResellerCustomer, type IndirectResellerCustomerArgs } from "pulumi-partnercenter";

const config = new pulumi.Config();
const specs = config.requireObject<Record<string, IndirectResellerCustomerArgs>>("customers");

const customers = Object.entries(specs).map(
    ([name, args]) => [name, new IndirectResellerCustomer(name, args)] as const,
);

export const ids = pulumi
    .all(customers.map(([name, c]) => pulumi.all([name, c.customerId, c.tenantId, c.commerceId, c.adopted])))
    .apply((rows) =>
        Object.fromEntries(
            rows.map(([name, customerId, tenantId, commerceId, adopted]) => [
                name,
                { customerId, tenantId, commerceId, adopted },
            ]),
        ),
    );
export const credentials = pulumi
    .all(customers.map(([name, c]) => pulumi.all([name, c.userCredentials])))
    .apply((rows) => Object.fromEntries(rows));
