/**
 * Why `declareEach` exists, under Pulumi's mocks: declared in one synchronous loop, no customer reaches the
 * resource monitor until every one has been declared (the SDK prepares them all first); declared with
 * `declareEach`, the first registrations reach the monitor while later batches are still to be declared.
 * The first test pins the SDK behaviour: if it ever fails, the SDK changed and `declareEach` may no longer help.
 */
import assert from "node:assert/strict";

import * as pulumi from "@pulumi/pulumi";
import { declareEach, IndirectResellerCustomer, type IndirectResellerCustomerArgs } from "pulumi-partnercenter";

import { customerArgs } from "../fixtures/customers";

const COUNT = 200;

/** Runs `declareAll` under fresh mocks and returns the order of "declare <i>" and "register <i>" events. */
async function eventOrder(
    declareAll: (declare: (index: number) => IndirectResellerCustomer) => Promise<IndirectResellerCustomer[]>,
): Promise<string[]> {
    const events: string[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(args) {
                events.push(`register ${args.name}`);
                return { id: `${args.name}-id`, state: { ...args.inputs, tenantId: `tenant-${args.name}` } };
            },
            call: (args) => args.inputs,
        },
        "declare-each",
        "test",
        false,
    );
    const customers = await declareAll((index) => {
        events.push(`declare c${index}`);
        return new IndirectResellerCustomer(
            `c${index}`,
            customerArgs(`declare${index}`) as unknown as IndirectResellerCustomerArgs,
        );
    });
    await new Promise((resolve) => pulumi.all(customers.map((c) => c.tenantId)).apply(resolve));
    assert.equal(events.filter((e) => e.startsWith("register ")).length, COUNT);
    return events;
}

const indexes = Array.from({ length: COUNT }, (_, i) => i);

describe("declareEach under setMocks", () => {
    it("a synchronous map: the first customer reaches the monitor only after the last is declared", async () => {
        const events = await eventOrder(async (declare) => indexes.map(declare));
        assert.ok(
            events.indexOf("register c0") > events.indexOf(`declare c${COUNT - 1}`),
            "the SDK registered before the whole list was declared: declareEach may no longer be needed",
        );
    });

    it("declareEach: the first customer reaches the monitor before the last batch is declared", async () => {
        const events = await eventOrder((declare) => declareEach(indexes, declare, { batchSize: 20 }));
        const firstRegistration = events.indexOf("register c0");
        const lastDeclaration = events.indexOf(`declare c${COUNT - 1}`);
        assert.ok(firstRegistration >= 0 && firstRegistration < lastDeclaration, events.slice(0, 60).join(", "));
        assert.deepEqual(
            events.filter((e) => e.startsWith("declare ")),
            indexes.map((i) => `declare c${i}`),
        );
    });
});
