/**
 * The provider plugin's calls on plain values (no gRPC, no service): previews predict without calling anything,
 * the detailed diff follows the definition's rules, provider config is refused when a credential arrives in
 * plaintext, and a settings change never replaces resources. The same calls through the real CLI are the
 * `tests/e2e/plugin-*.test.ts` suites.
 */
import * as assert from "assert";

import { resetRuntime } from "pulumi-partnercenter/implementation";
import * as plugin from "pulumi-partnercenter/plugin";
import { setLogSink, type LogSink } from "pulumi-partnercenter/runtime";

import { customerArgs } from "../fixtures/customers";

const CUSTOMER = "partnercenter:index:IndirectResellerCustomer";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" };

/** Old outputs as the customer's create stores them (the checked inputs plus what the service decided). */
async function storedCustomer(): Promise<Record<string, unknown>> {
    const inputs = (await plugin.check(CUSTOMER, { companyProfile: {} }, customerArgs("unitplugin"))).inputs;
    return {
        ...inputs,
        customerId: "11111111-1111-4111-8111-111111111111",
        tenantId: "22222222-2222-4222-8222-222222222222",
        billingProfile: { ...(inputs["billingProfile"] as object), id: "billing-id" },
        userCredentials: { userName: "admin", password: "pw" },
    };
}

describe("plugin: calls on plain values", () => {
    const logged: string[] = [];
    let previousSink: LogSink;
    before(() => {
        previousSink = setLogSink((level, message) => logged.push(`${level}: ${message}`));
    });
    after(() => {
        setLogSink(previousSink);
        // `configure` below set the process-wide runtime: leave none behind for the next suite.
        resetRuntime();
    });

    it("create in preview answers the inputs and unknowns for the outputs the service decides, calling nothing", async () => {
        const news = customerArgs("unitplugin");
        const { id, outs } = await plugin.create(CUSTOMER, news, true);
        assert.strictEqual(id, "");
        assert.strictEqual(outs["customerId"], UNKNOWN);
        assert.strictEqual(outs["tenantId"], UNKNOWN);
        assert.deepStrictEqual(outs["billingProfile"], news["billingProfile"]);
    });

    it("update in preview keeps what the service decided known, and marks secret outputs secret", async () => {
        const olds = await storedCustomer();
        const news = customerArgs("unitplugin", {
            billingProfile: {
                ...(customerArgs("unitplugin")["billingProfile"] as object),
                email: "new@unitplugin.example",
            },
        });
        const outs = await plugin.update(CUSTOMER, olds["customerId"] as string, olds, news, true);
        assert.strictEqual(outs["tenantId"], olds["tenantId"]);
        assert.strictEqual((outs["billingProfile"] as Record<string, unknown>)["id"], "billing-id");
        assert.strictEqual((outs["billingProfile"] as Record<string, unknown>)["email"], "new@unitplugin.example");
        assert.deepStrictEqual(outs["userCredentials"], {
            "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
            value: { userName: "admin", password: "pw" },
        });
    });

    it("diff: an email edit is one in-place update by path, stables named; a domain change replaces", async () => {
        const olds = await storedCustomer();
        const base = customerArgs("unitplugin");
        const email = {
            ...base,
            billingProfile: { ...(base["billingProfile"] as object), email: "x@unitplugin.example" },
        };
        const checked = (await plugin.check(CUSTOMER, olds, email)).inputs;
        const d = await plugin.diff(CUSTOMER, "id", olds, checked);
        assert.deepStrictEqual(d.detailedDiff, { "billingProfile.email": "update" });
        assert.deepStrictEqual(d.replaces, []);
        assert.ok(d.stables.includes("customerId") && d.stables.includes("tenantId"));

        const same = await plugin.diff(CUSTOMER, "id", olds, (await plugin.check(CUSTOMER, olds, base)).inputs);
        assert.strictEqual(same.changes, false);

        const moved = { ...checked, companyProfile: { domain: "elsewhere.onmicrosoft.com" } };
        const r = await plugin.diff(CUSTOMER, "id", olds, moved);
        assert.deepStrictEqual(r.replaces, ["companyProfile"]);
        assert.strictEqual(r.detailedDiff["companyProfile.domain"], "updateReplace");
        assert.deepStrictEqual(r.stables, []);
        // The lifecycle's own warning, as the dynamic provider gives it.
        assert.ok(logged.some((l) => /will be replaced/.test(l)));
    });

    it("configure refuses a credential that arrives unwrapped (set without --secret), naming it", () => {
        assert.throws(
            () => plugin.configure({ endpoint: "http://127.0.0.1:1", clientSecret: "plain" }),
            (e: Error) =>
                e instanceof plugin.PluginError &&
                e.kind === "failedPrecondition" &&
                /partnercenter:clientSecret is set in stack config without --secret/.test(e.message) &&
                !e.message.includes('plain"'),
        );
        assert.doesNotThrow(() => plugin.configure({ endpoint: "http://127.0.0.1:1", clientSecret: SECRET }));
    });

    it("configure refuses a certificate or its password set without --secret, like the client secret", () => {
        for (const key of ["clientCertificate", "clientCertificatePassword"]) {
            assert.throws(
                () => plugin.configure({ endpoint: "http://127.0.0.1:1", [key]: "-----BEGIN PRIVATE KEY-----" }),
                (e: Error) =>
                    e instanceof plugin.PluginError &&
                    e.kind === "failedPrecondition" &&
                    new RegExp(`partnercenter:${key} is set in stack config without --secret`).test(e.message) &&
                    !e.message.includes("BEGIN PRIVATE KEY"),
            );
        }
    });

    it("a settings change is a provider update, secrets compared by value", () => {
        assert.deepStrictEqual(
            plugin.diffConfig({ clientSecret: SECRET }, { clientSecret: { ...SECRET } }).changed,
            [],
        );
        assert.deepStrictEqual(plugin.diffConfig({ endpoint: "a" }, { endpoint: "b" }).changed, ["endpoint"]);
    });

    it("types come from the request, else from the URN; unknown types and functions are named", async () => {
        assert.strictEqual(plugin.typeOfUrn(`urn:pulumi:dev::p::${CUSTOMER}::c`), CUSTOMER);
        assert.strictEqual(plugin.typeOfUrn(`urn:pulumi:dev::p::my:Comp$${CUSTOMER}::c`), CUSTOMER);
        await assert.rejects(plugin.check("partnercenter:index:Nope", {}, {}), /unknown resource type/);
        await assert.rejects(plugin.invoke("partnercenter:index:nope", {}), /unknown function/);
    });

    it("import: a malformed id fails before any call, naming the form each resource expects", async () => {
        const cases: [string, string, RegExp][] = [
            ["IndirectResellerCustomer", "not-a-guid", /expected <customerId>/],
            [
                "CustomerAgreement",
                "11111111-1111-4111-8111-111111111111/a@b.example/x",
                /expected <customerId> or <customerId>\/<signatoryEmail>/,
            ],
            ["CustomerAgreement", "contoso/a@b.example", /expected <customerId> or/],
            ["GdapRelationship", "a/b", /expected <relationshipId>/],
            ["GdapAccessAssignment", "only-an-assignment-id", /expected <relationshipId>\/<assignmentId>/],
            ["GdapAccessAssignment", "rel/", /expected <relationshipId>\/<assignmentId>/],
        ];
        for (const [type, id, form] of cases) {
            // No settings are configured: a read that called anything would fail on them, not on the id.
            await assert.rejects(
                plugin.read(`partnercenter:index:${type}`, id, {}, {}),
                (e: Error & { kind?: string }) =>
                    form.test(e.message) && e.message.includes(`'${id}'`) && e.kind === "invalidArgument",
                `${type} ${id}`,
            );
        }
    });
});
