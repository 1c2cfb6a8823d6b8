/**
 * Preflight with Partner Center's own rules (`resources/customer/service-checks.ts`) and `enableGDAPByDefault`,
 * through the real provider implementation against the emulator: what `check` reports before anything is created,
 * which calls it costs (cached per run), where bulk mode moves the per-customer call, and what the outputs say
 * was granted.
 */
import * as assert from "assert";

import * as impl from "pulumi-partnercenter/implementation";

import { startEmulator, type Emulator, type RequestLogEntry } from "../../emulator";
import { uniquePrefix } from "./emulator-helpers";
import { customerArgs } from "../fixtures/customers";
import { configureImplementation } from "../fixtures/emulator-config";

const { provider } = impl;

type Failure = { property: string; reason: string };
/**
 * The failure on a property path. The provider hands nested paths to the engine on no property, with the path at
 * the start of the reason (the engine looks a failure's value up as a top-level key).
 */
function failureOn(failures: readonly Failure[] | undefined, path: string): Failure | undefined {
    return (failures ?? []).find((f) => f.property === path || f.reason.startsWith(`${path}: `));
}
type Props = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- outputs are asserted field by field
type Outs = Record<string, any>;

function withAddress(args: Props, address: Props): Props {
    const billing = args["billingProfile"] as Props;
    return {
        ...args,
        billingProfile: { ...billing, defaultAddress: { ...(billing["defaultAddress"] as Props), ...address } },
    };
}

describe("preflight with the service's own rules, and enableGDAPByDefault", function () {
    this.timeout(30_000);
    let emulator: Emulator;

    before(async () => {
        emulator = await startEmulator({ port: 0, quiet: true });
    });
    after(async () => {
        impl.resetRuntime();
        await emulator?.close();
    });
    beforeEach(() => {
        emulator.options.sandbox = true;
        for (const r of emulator.seed.indirectResellers) {
            r.mpaAccepted = true;
        }
        configureImplementation(emulator);
    });

    function mark(): () => RequestLogEntry[] {
        const start = emulator.requestLog.length;
        return () => emulator.requestLog.slice(start).filter((e) => e.operation !== "token");
    }
    const count = (entries: RequestLogEntry[], op: string) => entries.filter((e) => e.operation === op).length;

    describe("address validation", () => {
        it("a new customer whose address the service rejects fails in check, showing the suggested address; nothing is created", async () => {
            const args = withAddress(customerArgs(uniquePrefix("addr")), { addressLine1: "Microsoft Way" });
            const seen = mark();
            const { failures } = await provider.check({}, args);
            assert.strictEqual(failures?.length, 1, JSON.stringify(failures));
            const failure = failureOn(failures, "billingProfile.defaultAddress");
            assert.match(failure?.reason ?? "", /StreetPartial/);
            assert.match(failure?.reason ?? "", /Suggested: "1 Microsoft Way, Redmond, WA 98052, US"/);
            assert.match(failure?.reason ?? "", /partnercenter:addressValidation off/);
            assert.strictEqual(count(seen(), "validateAddress"), 1);
            assert.strictEqual(count(seen(), "createCustomer"), 0);
        });

        it("partnercenter:addressValidation off makes no validation call", async () => {
            configureImplementation(emulator, { addressValidation: "off" });
            const args = withAddress(customerArgs(uniquePrefix("addroff")), { addressLine1: "Microsoft Way" });
            const seen = mark();
            assert.deepStrictEqual((await provider.check({}, args)).failures, []);
            assert.strictEqual(count(seen(), "validateAddress"), 0);
        });

        it("bulk mode (domainPreflight create): no validation in check; create validates first and posts nothing", async () => {
            configureImplementation(emulator, { domainPreflight: "create" });
            const args = withAddress(customerArgs(uniquePrefix("addrbulk")), { addressLine1: "Microsoft Way" });
            const seen = mark();
            const { inputs, failures } = await provider.check({}, args);
            assert.deepStrictEqual(failures, []);
            assert.strictEqual(count(seen(), "validateAddress"), 0, "no per-customer call in the serial check phase");
            await assert.rejects(provider.create(inputs), /1 Microsoft Way/);
            assert.strictEqual(count(seen(), "validateAddress"), 1);
            assert.strictEqual(count(seen(), "createCustomer"), 0);
        });

        it("the same address is validated once per run", async () => {
            const seen = mark();
            for (const stem of ["same1", "same2", "same3"]) {
                assert.deepStrictEqual((await provider.check({}, customerArgs(uniquePrefix(stem)))).failures, []);
            }
            assert.strictEqual(count(seen(), "validateAddress"), 1);
        });
    });

    describe("country validation rules", () => {
        it("are fetched once per country per run and drive the state, postal-code and phone checks", async () => {
            const seen = mark();
            const pr = await provider.check({}, withAddress(customerArgs(uniquePrefix("pr")), { state: "PR" }));
            // The offline table (aligned with the recorded rules) already refuses PR; the service's list agrees.
            assert.ok(failureOn(pr.failures, "billingProfile.defaultAddress.state"), JSON.stringify(pr.failures));
            const phone = await provider.check(
                {},
                withAddress(customerArgs(uniquePrefix("ph")), { phoneNumber: "+1 425 555 0101" }),
            );
            const failure = failureOn(phone.failures, "billingProfile.defaultAddress.phoneNumber");
            assert.match(failure?.reason ?? "", /Partner Center's rules for US/);
            assert.deepStrictEqual((await provider.check({}, customerArgs(uniquePrefix("ok")))).failures, []);
            assert.strictEqual(count(seen(), "getCountryValidationRules"), 1, "one call for US in this run");
        });

        it("a country without published rules falls back to the offline table", async () => {
            const args = withAddress(customerArgs(uniquePrefix("nl")), {
                country: "NL",
                state: undefined,
                postalCode: "1012 AB",
                city: "Amsterdam",
                addressLine1: "1 Dam",
            });
            const seen = mark();
            assert.deepStrictEqual((await provider.check({}, args)).failures, []);
            assert.strictEqual(seen().find((e) => e.operation === "getCountryValidationRules")?.status, 404);
        });
    });

    it("a reseller without the Microsoft Partner Agreement fails check on associatedPartnerId (else 403/900123)", async () => {
        emulator.seed.indirectResellers[0]!.mpaAccepted = false;
        const { failures } = await provider.check({}, customerArgs(uniquePrefix("mpa")));
        assert.strictEqual(failures?.[0]?.property, "associatedPartnerId");
        assert.match(failures?.[0]?.reason ?? "", /Microsoft Partner Agreement.*900123/);
    });

    it("a registration number where the country takes none fails check (600002)", async () => {
        const args = customerArgs(uniquePrefix("org"), {
            companyProfile: { domain: `${uniquePrefix("org")}.onmicrosoft.com`, organizationRegistrationNumber: "123" },
        });
        const { failures } = await provider.check({}, args);
        assert.match(failureOn(failures, "companyProfile.organizationRegistrationNumber")?.reason ?? "", /600002/);
    });

    describe("enableGDAPByDefault", () => {
        it("unset stays unset in check (policy packs see no choice), true is sent, the outputs say default GDAP", async () => {
            const { inputs } = await provider.check({}, customerArgs(uniquePrefix("gdap")));
            assert.ok(!("enableGDAPByDefault" in inputs), "check does not fill the default");
            const seen = mark();
            const { id, outs } = await provider.create(inputs);
            const post = seen().find((e) => e.operation === "createCustomer");
            assert.strictEqual(post?.status, 201);
            assert.strictEqual(emulator.store.get(id)?.delegatedAccess, "defaultGdap");
            assert.strictEqual((outs as Outs)["delegatedAccess"], "defaultGdap");
            assert.strictEqual((outs as Outs)["enableGDAPByDefault"], true, "state records what was sent");
            assert.strictEqual((outs as Outs)["allowDelegatedAccess"], false, "no DAP");
            // Unset in the program and `true` in state (or set explicitly later) are the same: no diff either way.
            assert.strictEqual((await provider.diff!(id, outs as Props, inputs)).changes, false);
            const explicit = (await provider.check(inputs, { ...inputs, enableGDAPByDefault: true })).inputs;
            assert.strictEqual((await provider.diff!(id, outs as Props, explicit)).changes, false);
            // An update (an email edit) keeps what was sent, so delegatedAccess stays known.
            const edited = (
                await provider.check(inputs, {
                    ...inputs,
                    billingProfile: { ...(inputs["billingProfile"] as Props), email: "new@contoso.example" },
                })
            ).inputs;
            const updated = await provider.update!(id, outs as Props, edited);
            assert.strictEqual((updated.outs as Outs)["enableGDAPByDefault"], true);
            assert.strictEqual((updated.outs as Outs)["delegatedAccess"], "defaultGdap");
        });

        it("false grants nothing; refresh still reads the customer although GET omits address, email and domains", async () => {
            const { inputs } = await provider.check(
                {},
                customerArgs(uniquePrefix("nogdap"), { enableGDAPByDefault: false }),
            );
            const { id, outs } = await provider.create(inputs);
            assert.strictEqual(emulator.store.get(id)?.delegatedAccess, "none");
            assert.strictEqual((outs as Outs)["delegatedAccess"], "none");
            const read = await provider.read!(id, outs as Props);
            assert.strictEqual(read.id, id);
            assert.deepStrictEqual(read.props, outs, "refresh shows no change");
            const diff = await provider.diff!(id, read.props as Props, inputs);
            assert.strictEqual(diff.changes, false);
        });

        it("a change on an existing customer is refused in check (it only applies at creation)", async () => {
            const { inputs } = await provider.check({}, customerArgs(uniquePrefix("gdapchg")));
            const changed = { ...inputs, enableGDAPByDefault: false };
            const { failures } = await provider.check(inputs, changed);
            assert.strictEqual(failures?.[0]?.property, "enableGDAPByDefault");
            assert.match(failures?.[0]?.reason ?? "", /only sent when the customer is created/);
        });

        it("state written before the input existed shows no diff and delegatedAccess unknown", async () => {
            const { inputs } = await provider.check({}, customerArgs(uniquePrefix("legacy")));
            const { id, outs } = await provider.create(inputs);
            const legacy = { ...(outs as Outs) };
            delete legacy["enableGDAPByDefault"];
            delete legacy["delegatedAccess"];
            const { enableGDAPByDefault: _dropped, ...legacyInputs } = inputs;
            const news = (await provider.check(legacyInputs, legacyInputs)).inputs;
            assert.strictEqual((await provider.diff!(id, legacy, news)).changes, false);
            const read = await provider.read!(id, legacy);
            assert.strictEqual((read.props as Outs)["delegatedAccess"], "unknown");
        });
    });
});
